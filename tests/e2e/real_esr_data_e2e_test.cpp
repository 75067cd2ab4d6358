// Real days go wrong in ways the bundled samples do not show (issue 14): a line break inside a
// TIS value, a host/lead indicator in another letter case, an applicant whose GMC number has no
// expiry date or whose address has no country, a line ending that one file type needs otherwise.
// Each test runs the built esrd on the samples changed in that one way and checks what it wrote.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "e2e_support.hpp"

namespace esr::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const fs::path samples = fs::path(ESRD_SOURCE_DIR) / "samples";
const std::string placements_csv = "placements_20261123.csv";

class RealEsrData : public TempDataDir {
 protected:
  // Day 1 of the samples, with the placements extract and the inbox files as the test left them.
  void copy_day1() const { copy_sample_day("day1"); }

  // The sample placements extract with column `column` of placement `id` set to `raw` (written
  // as is, so it may be a quoted value holding a line break).
  void put_placements_with(
      const std::vector<std::tuple<std::string, std::string, std::string>>& edits) const {
    auto lines = split_lines(read_file(samples / "day1" / "tis" / placements_csv));
    auto header = split_fields(lines.front());
    std::string text;
    for (auto& line : lines) {
      auto fields = split_fields(line);
      for (const auto& [id, column, raw] : edits) {
        if (fields.front() != id) continue;
        auto at = std::find(header.begin(), header.end(), column);
        ASSERT_NE(at, header.end()) << column;
        fields[static_cast<std::size_t>(at - header.begin())] = raw;
      }
      text += join_fields(fields) + "\n";
    }
    fs::create_directories(data() / "tis");
    write_file(data() / "tis" / placements_csv, text);
  }

  void run_day1() const {
    copy_day1();
    expect_ok({"run-job", "collect", "--date", "2026-11-23"});
    expect_ok({"run-job", "export", "--date", "2026-11-23"});
  }

  // The APP line of a placement, found by its projected hire date and the applicant's position.
  [[nodiscard]] std::vector<std::string> app_fields_of(const std::string& position_id) const {
    auto app = read_file(outbox() / outbox_file("DE_EMD_APP_20261123_"));
    for (const auto& line : split_lines(app)) {
      auto fields = split_fields(line);
      if (fields.size() > 34 && fields[34] == position_id) return fields;
    }
    ADD_FAILURE() << "no APP line for position " << position_id;
    return {};
  }
};

// Item 1: a TIS value holding CRLF, LF or TAB (an address line, a name) used to be written raw,
// splitting the applicant's APP record in two.
TEST_F(RealEsrData, ALineBreakInsideATisValueNeverSplitsAnOutboundRecord) {
  put_placements_with({{"5002", "address1", "\"Flat 3\r\n14 Regent Road\""},
                       {"5002", "middle_names", "\"Anne\nMarie\""},
                       {"5010", "town", "\"Leicester\t\""}});
  run_day1();
  expect_ok({"export", "--type", "DNF", "--lo", "EMD", "--date", "2026-11-23"});

  auto app = read_file(outbox() / outbox_file("DE_EMD_APP_20261123_"));
  auto app_lines = split_lines(app);
  EXPECT_EQ(app_lines.size(), 6U) << app;
  for (const auto& line : app_lines) {
    EXPECT_EQ(split_fields(line).size(), 47U) << line;
    EXPECT_EQ(line.find_first_of("\r\n\t"), std::string::npos);
  }
  auto kate = app_fields_of("8100101");
  ASSERT_EQ(kate.size(), 47U);
  EXPECT_EQ(kate[12], "\"Flat 3 14 Regent Road\"");
  EXPECT_EQ(kate[8], "\"Anne Marie\"");
  EXPECT_EQ(app_fields_of("8100107").at(15), "\"Leicester\"") << "trimmed after the tab went";
  for (const auto& name : outbox_files()) {
    for (const auto& line : split_lines(read_file(outbox() / name))) {
      EXPECT_EQ(line.find_first_of("\r\n\t"), std::string::npos) << name;
    }
  }
  // The import said what it did, naming the column, never the value.
  auto log = read_file(data() / "logs" / "esrd.log");
  EXPECT_THAT(log, HasSubstr("values_normalised=3"));
  EXPECT_THAT(log, HasSubstr("column=address1 line break or control character replaced"));
  EXPECT_THAT(log, Not(HasSubstr("Regent Road")));
}

// Item 2: ESR writes the host/lead indicator in any letter case, with stray spaces; the closed
// list used to be case-sensitive, so the whole RMF was quarantined and every line FAILed.
TEST_F(RealEsrData, AHostLeadIndicatorInAnotherCaseIsAppliedInTheListedSpelling) {
  auto rmf = read_file(samples / "day1" / "inbox" / emd_rmf);
  rmf = edit_line(rmf, 1, [](auto& fields) { fields[8] = "\"HOST EMPLOYER \""; });
  rmf = edit_line(rmf, 5, [](auto& fields) { fields[8] = "\"lead employer\""; });
  put_in_inbox(emd_rmf, rmf);
  run_day1();
  expect_ok({"export", "--type", "DNF", "--lo", "EMD", "--date", "2026-11-23"});

  EXPECT_TRUE(quarantine_files().empty());
  auto rtc = read_file(outbox() / outbox_file("DE_EMD_RTC_20261123_"));
  EXPECT_THAT(rtc, Not(HasSubstr("~FAIL~")));
  EXPECT_THAT(rtc, HasSubstr("\"HOST EMPLOYER \"")) << "the RTC echoes the record as received";
  // Stored as 'Host Employer' / 'Lead Employer': the notifications say Host and Lead.
  auto dnf = split_lines(read_file(outbox() / outbox_file("DE_EMD_DNF_20261123_")));
  ASSERT_GE(dnf.size(), 3U);
  EXPECT_EQ(split_fields(dnf[0]).at(12), "\"Host\"");
  EXPECT_EQ(split_fields(dnf[2]).at(12), "\"Lead\"");
  auto trace = expect_ok({"trace", "--position", "8100103"});
  EXPECT_THAT(trace.out, HasSubstr("Lead Employer"));
}

TEST_F(RealEsrData, AnUnknownHostLeadIndicatorStillRejectsTheFileNamingTheList) {
  auto rmf = read_file(samples / "day1" / "inbox" / emd_rmf);
  rmf = edit_line(rmf, 1, [](auto& fields) { fields[8] = "\"Host Trust\""; });
  put_in_inbox(emd_rmf, rmf);
  auto result = run_esrd({"run-job", "collect", "--date", "2026-11-23"});
  EXPECT_EQ(result.exit_code, 1) << result.describe();
  EXPECT_THAT(result.err, HasSubstr(std::string(emd_rmf) +
                                    ":1:T_POR09 Host/Lead Employer Indicator: is 'Host Trust'; "
                                    "not in the closed list host_lead;"));
  EXPECT_THAT(quarantine_files(), ::testing::Contains(std::string(emd_rmf)));
}

// Item 5: a GMC number without its expiry date, or an address without its country, used to make
// the whole applicant INVALID_DATA, so the doctor never reached ESR.
TEST_F(RealEsrData, AnIncompleteIdentifierGroupIsLeftOutAndTheApplicantStillSent) {
  put_placements_with({{"5002", "gmc_expiry_date", ""}, {"5010", "country", ""}});
  run_day1();

  auto app_lines = split_lines(read_file(outbox() / outbox_file("DE_EMD_APP_20261123_")));
  EXPECT_EQ(app_lines.size(), 6U);
  auto kate = app_fields_of("8100101");
  ASSERT_EQ(kate.size(), 47U);
  EXPECT_EQ(kate[22] + kate[23] + kate[24], "") << "Prof_01 left out whole";
  EXPECT_EQ(kate[6], "\"Hollinsworth\"");
  EXPECT_EQ(kate[12], "\"Flat 3, 14 Regent Road\"") << "the address is complete: kept";
  auto zoe = app_fields_of("8100107");
  ASSERT_EQ(zoe.size(), 47U);
  for (std::size_t field = 12; field <= 18; ++field) EXPECT_EQ(zoe[field], "") << field + 1;
  EXPECT_EQ(zoe[22], "\"GMC\"") << "her GMC group is complete: kept";

  auto status = status_json();
  EXPECT_EQ(count(status, "applicants", "INVALID_DATA"), 0) << status.dump();
  EXPECT_EQ(count(status, "applicants", "EXPORTED"), 6) << status.dump();
  // 5002 and 5010 here, and the samples' own 5006 (NI) and 5008 (GMC UNKNOWN).
  EXPECT_EQ(status["applicant_warnings"]["sent_or_waiting_with_a_part_left_out"], 4)
      << status.dump();
  auto text = expect_ok({"status"});
  EXPECT_THAT(text.out, HasSubstr("4 sent or waiting with a part of the record left out"));

  auto trace = expect_ok({"trace", "--placement", "5002"});
  EXPECT_THAT(trace.out, HasSubstr("goes without part of the record: Prof_01 left out: "
                                   "25 Prof_01_expiry_date: is mandatory and empty"));
  auto log = read_file(data() / "logs" / "esrd.log");
  EXPECT_THAT(log, HasSubstr("applicant placement=5010 position=8100107 Address left out: 19 "
                             "Country: is mandatory and empty"));
  EXPECT_THAT(log, Not(HasSubstr("9900102"))) << "no GMC number in the log";
}

TEST_F(RealEsrData, WhatMakesTheRecordUnusableStillHoldsTheApplicantBack) {
  // The APP's date of birth is mandatory (the extract's is not): without it ESR cannot use the
  // record, so it is held as INVALID_DATA with the field and the rule, not sent.
  put_placements_with({{"5002", "date_of_birth", ""}});
  run_day1();
  auto status = status_json();
  EXPECT_EQ(count(status, "applicants", "EXPORTED"), 5) << status.dump();
  EXPECT_EQ(count(status, "applicants", "INVALID_DATA"), 1) << status.dump();
  auto trace = expect_ok({"trace", "--placement", "5002"});
  EXPECT_THAT(trace.out, HasSubstr("11 DOB: is mandatory and empty"));
}

// Item 7: one file type may need another line ending than the rest.
TEST_F(RealEsrData, TheLineEndingIsSetPerOutboundType) {
  copy_day1();
  expect_ok({"run-job", "collect", "--date", "2026-11-23"});
  expect_ok({"--export.line_ending_app", "LF", "run-job", "export", "--date", "2026-11-23"});
  auto app = read_file(outbox() / outbox_file("DE_EMD_APP_20261123_"));
  auto rtc = read_file(outbox() / outbox_file("DE_EMD_RTC_20261123_"));
  EXPECT_EQ(app.find('\r'), std::string::npos);
  EXPECT_EQ(std::count(app.begin(), app.end(), '\n'), 6);
  EXPECT_EQ(rtc.find("\n"), rtc.find("\r\n") + 1) << "RTC keeps the default CRLF";

  auto bad = run_esrd({"--export.line_ending_dnc", "cr", "status"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("export.line_ending_dnc: 'cr' is neither crlf nor lf"));
}

}  // namespace
}  // namespace esr::e2e
