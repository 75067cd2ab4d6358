// Upgrading a live state: a database written by an esrd with JSON state (tests/data/state: schema
// version 4, JSON everywhere, and version 5, the last with JSON state; each the samples' day 1 and
// day 2's collect) is migrated on first start, and day 2's export on it writes what the samples
// say, while status and trace answer as they do for a state built by this esrd from the start.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include "e2e_support.hpp"
#include "esr/db/database.hpp"

namespace esr::e2e {
namespace {

// Times of day and process ids differ between two runs; everything else must not.
std::string without_times(const std::string& text) {
  // A hand-run job's slot names its process (the esrd of the v4 state did not): left out.
  static const std::regex pid(R"(#\d+)");
  static const std::regex stamp(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?)");
  static const std::regex duration(R"re("?(duration_ms|seconds)"?[=:] ?[0-9.]+)re");
  auto out = std::regex_replace(text, stamp, "<time>");
  out = std::regex_replace(out, pid, "");
  return std::regex_replace(out, duration, "$1=<n>");
}

bool is_extract(const std::string& name) { return name.ends_with(".csv"); }

const std::vector<std::vector<std::string>> kQueries = {
    {"--placement", "5001"},
    {"--placement", "5008"},
    {"--placement", "5016"},
    {"--person", "900102"},
    {"--npn", "EMD/RWEAA/300/STR/001"},
    {"--position", "8100101"},
    {"--file", "DE_EMD_APP_20261123_00000003.DAT"}};

// The data directory first holds a state built by this esrd from the samples (what status and
// trace say of it is kept), then the old state, upgraded by day 2's export.
class StateMigration : public TempDataDir, public ::testing::WithParamInterface<const char*> {
 protected:
  void SetUp() override {
    TempDataDir::SetUp();
    run_sample_days();
    fresh_ = answers();
    fs::remove_all(data());
    // The old state, as the old esrd left it; day 2's extracts wait in tis/ for the export.
    fs::create_directories(database().parent_path());
    {
      auto db = db::Database::open(database());
      db.exec(read_file(fs::path(ESRD_SOURCE_DIR) / "tests/data/state" / GetParam()));
    }
    copy_sample_day("day2", is_extract);
    expect_ok({"run-job", "export", "--date", "2026-11-24"});
  }

  // status --json, then each trace of kQueries, as of day 2.
  std::vector<std::string> answers() const {
    auto status = status_json();
    status.erase("data_dir");
    std::vector<std::string> out = {without_times(status.dump(2))};
    for (auto query : kQueries) {
      query.insert(query.begin(), "trace");
      query.insert(query.end(), {"--date", "2026-11-24"});
      // A story lists a day's entries in the order they were recorded, by time: the old state
      // was recorded at other times than the fresh one, so lines are compared, not their order.
      auto lines = split_lines(without_times(expect_ok(query).out));
      std::sort(lines.begin(), lines.end());
      out.push_back(fmt::format("{}", fmt::join(lines, "\n")));
    }
    return out;
  }

  std::vector<std::string> fresh_;
};

TEST_P(StateMigration, TheNextExportAfterTheUpgradeWritesTheSampleFilesByteForByte) {
  for (const char* name :
       {"DE_EMD_RTC_20261124_00000005.DAT", "DE_EMD_DNC_20261124_00000006.DAT"}) {
    ASSERT_TRUE(fs::exists(outbox() / name)) << name;
    EXPECT_EQ(read_file(outbox() / name), read_file(samples_dir() / "outbound" / name)) << name;
  }
  // The upgrade kept a copy of the database as it was.
  std::vector<std::string> backups;
  for (const auto& name : list_names(database().parent_path())) {
    if (name.starts_with("esrd.sqlite.before-v")) backups.push_back(name);
  }
  EXPECT_THAT(backups, ::testing::SizeIs(1));
}

TEST_P(StateMigration, StatusAndTraceAnswerAsForAStateBuiltByThisEsrd) {
  auto upgraded = answers();
  ASSERT_EQ(upgraded.size(), fresh_.size());
  EXPECT_EQ(upgraded[0], fresh_[0]) << "status --json";
  for (std::size_t i = 0; i < kQueries.size(); ++i) {
    EXPECT_EQ(upgraded[i + 1], fresh_[i + 1]) << kQueries[i][0] << " " << kQueries[i][1];
  }
}

INSTANTIATE_TEST_SUITE_P(OldStates, StateMigration,
                         ::testing::Values("v4-after-sample-day1.sql", "v5-after-sample-day1.sql"),
                         [](const ::testing::TestParamInfo<const char*>& state) {
                           return std::string(state.param).substr(0, 2);
                         });

}  // namespace
}  // namespace esr::e2e
