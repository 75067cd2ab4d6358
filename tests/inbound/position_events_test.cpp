// The events the inbound side records for the notification engine (docs/notifications.md):
// position_live from RMF/RMC and from the rematch after a posts extract, and the posts diff's
// post_removed and post_inactive.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "esr/inbound/inbound_processor.hpp"
#include "esr/inbound/tis_import.hpp"
#include "esr/state/state_schema.hpp"
#include "support/temp_dir.hpp"

namespace esr::inbound {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr const char* npn1 = "EMD/RWEAA/300/STR/001";
constexpr const char* npn2 = "EMD/RWEAA/300/STR/002";
constexpr const char* npn3 = "EMD/RWEAA/300/STR/003";
constexpr const char* no_post = "EMD/RWEAA/300/STR/009";

// A POR and its POS for one position, as ESR writes them.
std::string position(std::int64_t id, const std::string& npn, const char* indicator = "C") {
  auto number = id + 32900000;
  return fmt::format(
      "\"POR\",{0},,\"{1}\",{2},\"Specialty Registrar\",\"{3}\",\"EMD\",\"Host Employer\",\"RWE\","
      "\"256\",\"Medicine\",\"Leicester Royal Infirmary\"\r\n"
      "\"POS\",{0},,\"{1}\",{2},\"Medical and Dental\",\"Specialty Registrar\",\"300\","
      "\"General Internal "
      "Medicine\",\"{3}\",\"EMD\",\"RWE\",\"NHS\",\"MS03\",\"ST4\",\"RWE01\"\r\n",
      id, indicator, number, npn);
}

// The POR or the POS line alone: a position whose lines are apart is written by two upserts.
std::string por_only(std::int64_t id, const std::string& npn) {
  auto lines = position(id, npn);
  return lines.substr(0, lines.find("\r\n") + 2);
}
std::string pos_only(std::int64_t id, const std::string& npn) {
  auto lines = position(id, npn);
  return lines.substr(lines.find("\r\n") + 2);
}

class PositionEvents : public ::testing::Test {
 protected:
  PositionEvents()
      : dir_{folder_.path() / "data"},
        db_((dir_.create_layout(), state::open_state(dir_.database()))),
        schemas_(spec::SchemaRegistry::load(std::filesystem::path(ESRD_SOURCE_DIR) / "schemas")),
        processor_(db_, schemas_, dir_, InboundSettings{{"EMD"}}),
        importer_(db_, schemas_, dir_) {}

  void rmt(const std::string& type, const std::string& date, const std::string& records) {
    auto name = fmt::format("DE_EMD_{}_{}_{:08}.DAT", type, date, ++sequence_);
    auto result = processor_.process(folder_.write(name, records), {});
    ASSERT_EQ(result.outcome, Outcome::applied) << name << " " << result.effects;
  }

  void posts(const std::string& date, const std::vector<std::string>& rows) {
    std::string csv = "npn,status,local_office\n";
    for (const auto& row : rows) csv += row + "\n";
    auto results = importer_.import(folder_.write("posts_" + date + ".csv", csv), {});
    ASSERT_EQ(results.size(), 1U);
    ASSERT_EQ(results[0].outcome, Outcome::applied) << results[0].effects;
    last_effects_ = results[0].effects;
  }

  // "subject date" of every event of a kind, in the order recorded.
  std::vector<std::string> events(const std::string& kind) {
    auto select = db_.prepare(
        "SELECT subject, business_date, coalesce('previous ' || previous_npn || ' '"
        " || previous_status, '') FROM tis_events WHERE kind = ?1"
        " ORDER BY id");
    select.bind(1, kind);
    std::vector<std::string> out;
    while (select.step()) {
      auto line = select.column_text(0) + " " + select.column_text(1);
      if (!select.column_text(2).empty()) line += " " + select.column_text(2);
      out.push_back(line);
    }
    return out;
  }

  std::int64_t flagged() {
    auto select = db_.prepare("SELECT count(*) FROM positions WHERE went_live != 0");
    return select.step() ? select.column_int64(0) : -1;
  }

  test_support::TempDir folder_;
  ops::DataDir dir_;
  db::Database db_;
  spec::SchemaRegistry schemas_;
  InboundProcessor processor_;
  TisImporter importer_;
  int sequence_ = 0;
  std::string last_effects_;
};

TEST_F(PositionEvents, NothingUpToTheBaseline) {
  rmt("RMF", "20261123", position(8100101, npn1) + position(8100102, no_post));
  posts("20261123", {fmt::format("{},CURRENT,EMD", npn1)});  // the baseline matches 8100101
  rmt("RMC", "20261123", position(8100103, npn1));           // matched, but dated on the baseline
  EXPECT_THAT(events("position_live"), IsEmpty());
  EXPECT_EQ(flagged(), 0);
}

TEST_F(PositionEvents, RmcRecordsEachPositionItMakesLiveAndMatched) {
  posts("20261123", {fmt::format("{},CURRENT,EMD", npn1), fmt::format("{},CURRENT,EMD", npn2),
                     fmt::format("{},CURRENT,EMD", npn3)});
  rmt("RMF", "20261123",
      position(8100101, npn1) + position(8100102, npn2) + position(8100104, npn1));
  ASSERT_THAT(events("position_live"), IsEmpty());  // dated on the baseline

  rmt("RMC", "20261124",
      position(8100101, npn1) +           // unchanged: nothing
          position(8100105, npn3) +       // new and matched
          position(8100106, no_post) +    // new, unmatched: nothing
          position(8100102, npn2, "D") +  // deleted: nothing
          position(8100104, npn2) +       // moved to another post
          por_only(8100107, npn3) +       // new: its POR, and its POS last
          position(8100108, npn3) +       // new, then deleted in the same file: nothing
          position(8100108, npn3, "D") + pos_only(8100107, npn3));
  EXPECT_THAT(events("position_live"),
              ElementsAre("8100104 2026-11-24", "8100105 2026-11-24", "8100107 2026-11-24"));

  rmt("RMC", "20261125", position(8100102, npn2));  // C after D
  EXPECT_THAT(events("position_live"), ElementsAre("8100104 2026-11-24", "8100105 2026-11-24",
                                                   "8100107 2026-11-24", "8100102 2026-11-25"));

  auto before = events("position_live").size();
  rmt("RMF", "20261126",
      position(8100101, npn1) + position(8100102, npn2) + position(8100104, npn2) +
          position(8100105, npn3) + position(8100107, npn3));  // nothing changes
  EXPECT_EQ(events("position_live").size(), before);
  EXPECT_EQ(flagged(), 0);
}

TEST_F(PositionEvents, PostsExtractThatMatchesALivePositionRecordsIt) {
  posts("20261123", {fmt::format("{},CURRENT,EMD", npn1)});
  rmt("RMF", "20261123",
      position(8100101, npn1) + position(8100102, no_post) + position(8100103, no_post, "D"));
  posts("20261124", {fmt::format("{},CURRENT,EMD", npn1), fmt::format("{},CURRENT,EMD", no_post)});
  EXPECT_THAT(events("position_live"), ElementsAre("8100102 2026-11-24"));
  EXPECT_THAT(last_effects_, ::testing::HasSubstr("position_live=1"));
  EXPECT_EQ(flagged(), 0);

  posts("20261125", {fmt::format("{},CURRENT,EMD", npn1)});  // unmatched again: nothing
  posts("20261126", {fmt::format("{},CURRENT,EMD", npn1), fmt::format("{},CURRENT,EMD", no_post)});
  EXPECT_THAT(events("position_live"), ElementsAre("8100102 2026-11-24", "8100102 2026-11-26"));
}

TEST_F(PositionEvents, PostsDiffRecordsRemovedAndInactivePostsWithTheirRowBefore) {
  posts("20261123", {fmt::format("{},CURRENT,EMD", npn1), fmt::format("{},,EMD", npn2),
                     fmt::format("{},INACTIVE,EMD", npn3)});
  posts("20261124", {fmt::format("{},INACTIVE,EMD", npn1), fmt::format("{},CURRENT,EMD", npn3)});
  EXPECT_THAT(events("post_inactive"),
              ElementsAre(fmt::format("{} 2026-11-24 previous {} CURRENT", npn1, npn1)));
  EXPECT_THAT(events("post_removed"),  // an empty status is CURRENT
              ElementsAre(fmt::format("{} 2026-11-24 previous {} CURRENT", npn2, npn2)));
  posts("20261125", {fmt::format("{},INACTIVE,EMD", npn1), fmt::format("{},CURRENT,EMD", npn3)});
  EXPECT_EQ(events("post_inactive").size(), 1U);  // still INACTIVE: no new event
}

}  // namespace
}  // namespace esr::inbound
