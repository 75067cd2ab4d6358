// Positions that ESR sends after their placements were notified, and posts that TIS ends, run
// through the real binary on top of the two sample days (docs/notifications.md): a late position
// gets the type 1 it missed, exactly once; a post removed or made INACTIVE gives each of its
// positions one type 1 with S_NOT45 DEL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "e2e_support.hpp"

namespace esr::e2e {
namespace {

using ::testing::IsEmpty;

const fs::path samples = fs::path(ESRD_SOURCE_DIR) / "samples";

// Post EMD/RWEAA/300/STR/015 comes with TIS's day-2 extract, and so does its placement 5020
// (starting 2026-12-02, inside the window at once); ESR's position for it comes later.
constexpr const char* late_npn = "EMD/RWEAA/300/STR/015";
constexpr const char* late_position_number = "41000110";

std::string late_position_rmc() {
  return join_crlf(
      {"\"POR\",8100110,,\"C\",41000110,\"Specialty Registrar General Internal Medicine\","
       "\"EMD/RWEAA/300/STR/015\",\"EMD\",\"Host Employer\",\"RWE\",\"256\","
       "\"Specialist Medicine Division\",\"Leicester Royal Infirmary\"",
       "\"POS\",8100110,,\"C\",41000110,\"Medical and Dental\","
       "\"Specialty Registrar (General Medicine)\",\"300\",\"General Internal Medicine\","
       "\"EMD/RWEAA/300/STR/015\",\"EMD\",\"RWE\",\"NHS\",\"MS03\","
       "\"Specialty Registrar ST4/ SpR4\",\"RWE02\""});
}

// A field as written, without the quotes of an X field.
std::string unquoted(std::string field) {
  if (field.size() >= 2 && field.front() == '"' && field.back() == '"')
    field = field.substr(1, field.size() - 2);
  return field;
}

class LatePositions : public TempDataDir {
 protected:
  // A TIS posts extract of `date` (YYYYMMDD): the day-2 one with each line passed through `edit`
  // (which returns false to leave the line out).
  void posts_extract(const std::string& date,
                     const std::function<bool(std::string& line)>& edit) const {
    std::string csv;
    for (auto line : split_lines(read_file(samples / "day2" / "tis" / "posts_20261124.csv"))) {
      if (edit(line)) csv += line + "\n";
    }
    write_file(data() / "tis" / ("posts_" + date + ".csv"), csv);
  }

  // The NOT records (fields unquoted) of every EMD DNC in outbox/ for business date `date`.
  [[nodiscard]] std::vector<std::vector<std::string>> dnc_records(const std::string& date) const {
    std::vector<std::vector<std::string>> records;
    for (const auto& name : outbox_files()) {
      if (name.rfind("DE_EMD_DNC_" + date + "_", 0) != 0) continue;
      for (const auto& line : split_lines(read_file(outbox() / name))) {
        auto fields = split_fields(line);
        std::transform(fields.begin(), fields.end(), fields.begin(), unquoted);
        records.push_back(std::move(fields));
      }
    }
    return records;
  }

  // Of `records`, those for ESR position number `number` (S_NOT05).
  static std::vector<std::vector<std::string>> for_position(
      const std::vector<std::vector<std::string>>& records, const std::string& number) {
    std::vector<std::vector<std::string>> out;
    for (const auto& r : records) {
      if (r.size() == 45 && r[4] == number) out.push_back(r);
    }
    return out;
  }
};

// S_NOTnn of a record.
const std::string& f(const std::vector<std::string>& record, int s_not) {
  return record.at(static_cast<std::size_t>(s_not - 1));
}

TEST_F(LatePositions, PositionArrivingOnALaterDayGetsTheMissedType1Once) {
  run_sample_days();
  put_in_inbox("DE_EMD_RMC_20261125_00004120.DAT", late_position_rmc());
  expect_ok({"run-job", "collect", "--date", "2026-11-25"});
  expect_ok({"run-job", "export", "--date", "2026-11-25"});

  auto late = for_position(dnc_records("20261125"), late_position_number);
  ASSERT_EQ(late.size(), 1U) << "the DNC of 2026-11-25 carries one record for the new position";
  const auto& n = late[0];
  EXPECT_EQ(f(n, 3), "1");
  EXPECT_EQ(f(n, 2), "256");
  EXPECT_EQ(f(n, 6), late_npn);
  EXPECT_EQ(f(n, 16), "");             // nobody is on the post yet
  EXPECT_EQ(f(n, 21), "Haddad-Rowe");  // placement 5020, the next incumbent
  EXPECT_EQ(f(n, 25), "20261202");
  EXPECT_EQ(f(n, 43), "N");
  EXPECT_EQ(f(n, 45), "");

  auto before = outbox_files();
  expect_ok({"run-job", "export", "--date", "2026-11-25"});
  EXPECT_EQ(outbox_files(), before) << "exporting again sends nothing";
  expect_ok({"run-job", "export", "--date", "2026-11-26"});
  EXPECT_THAT(for_position(dnc_records("20261126"), late_position_number), IsEmpty());
}

TEST_F(LatePositions, PositionCollectedAfterTheDaysExportGoesInTheNextExport) {
  run_sample_days();
  put_in_inbox("DE_EMD_RMC_20261124_00004120.DAT", late_position_rmc());
  expect_ok({"run-job", "collect", "--date", "2026-11-24"});  // the 19:00 collect
  expect_ok({"run-job", "export", "--date", "2026-11-24"});

  auto late = for_position(dnc_records("20261124"), late_position_number);
  ASSERT_EQ(late.size(), 1U);
  EXPECT_EQ(f(late[0], 21), "Haddad-Rowe");
  // The day's first DNC is the sample's, untouched.
  auto dnc = find_sample("outbound", "DE_EMD_DNC_20261124_");
  EXPECT_EQ(read_file(outbox() / dnc.filename()), read_file(dnc));
  expect_ok({"run-job", "export", "--date", "2026-11-25"});
  EXPECT_THAT(for_position(dnc_records("20261125"), late_position_number), IsEmpty());
}

TEST_F(LatePositions, PostLeftOutOfTheExtractGivesADelForItsPositionOnce) {
  run_sample_days();
  posts_extract("20261125",
                [](std::string& line) { return line.rfind("EMD/RWEAA/420/STR/006,", 0) != 0; });
  expect_ok({"run-job", "export", "--date", "2026-11-25"});

  auto del = for_position(dnc_records("20261125"), "41000107");
  ASSERT_EQ(del.size(), 1U);
  EXPECT_EQ(f(del[0], 3), "1");
  EXPECT_EQ(f(del[0], 6), "EMD/RWEAA/420/STR/006");
  EXPECT_EQ(f(del[0], 2), "256");
  EXPECT_EQ(f(del[0], 16), "");
  EXPECT_EQ(f(del[0], 21), "");
  EXPECT_EQ(f(del[0], 43), "Y");
  EXPECT_EQ(f(del[0], 45), "DEL");

  auto before = outbox_files();
  expect_ok({"run-job", "export", "--date", "2026-11-25"});
  EXPECT_EQ(outbox_files(), before);
  expect_ok({"run-job", "export", "--date", "2026-11-26"});
  EXPECT_THAT(for_position(dnc_records("20261126"), "41000107"), IsEmpty());
}

TEST_F(LatePositions, PostMadeInactiveGivesADelOnceAndItsRemovalNoSecond) {
  run_sample_days();
  posts_extract("20261125", [](std::string& line) {
    if (line.rfind("EMD/RWEAA/420/STR/006,", 0) == 0) line = "EMD/RWEAA/420/STR/006,INACTIVE,EMD";
    return true;
  });
  expect_ok({"run-job", "export", "--date", "2026-11-25"});
  auto del = for_position(dnc_records("20261125"), "41000107");
  ASSERT_EQ(del.size(), 1U);
  EXPECT_EQ(f(del[0], 45), "DEL");
  EXPECT_EQ(f(del[0], 21), "");

  posts_extract("20261126",
                [](std::string& line) { return line.rfind("EMD/RWEAA/420/STR/006,", 0) != 0; });
  expect_ok({"run-job", "export", "--date", "2026-11-26"});
  EXPECT_THAT(for_position(dnc_records("20261126"), "41000107"), IsEmpty());
}

}  // namespace
}  // namespace esr::e2e
