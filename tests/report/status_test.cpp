// read_status: the unmatched confirmation lines beside the counts `esrd status` prints.
#include "esr/report/status.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "esr/state/state_schema.hpp"
#include "support/temp_dir.hpp"

namespace esr::report {

using db::Database;
namespace {

class Status : public ::testing::Test {
 protected:
  std::int64_t add_inbound_file(const std::string& name) {
    auto insert = db_.prepare(
        "INSERT INTO files(name, direction, type, local_office, business_date, outcome, started_at)"
        " VALUES (?1, 'in', 'DCC', 'EMD', '2026-11-24', 'applied', '2026-11-24T14:30:00Z')");
    insert.bind(1, name);
    insert.run();
    return db_.last_insert_rowid();
  }
  void add_unmatched(std::int64_t file_id, std::int64_t line, const std::string& message) {
    auto insert = db_.prepare(
        "INSERT INTO unmatched_confirmations(file_id, line, field, message)"
        " VALUES (?1, ?2, 'position', ?3)");
    insert.bind(1, file_id).bind(2, line).bind(3, message);
    insert.run();
  }

  test_support::TempDir dir_;
  Database db_ = state::open_state(dir_.path() / "esrd.sqlite");
};

TEST_F(Status, NothingUnmatchedAtFirst) {
  auto counts = read_status(db_);
  EXPECT_EQ(counts.confirmations_unmatched, 0);
  EXPECT_TRUE(counts.recent_unmatched.empty());
}

TEST_F(Status, CountsEveryUnmatchedLineAndListsTheLatestTenNewestFirst) {
  auto first = add_inbound_file("DE_EMD_DCC_20261124_00004112.DAT");
  auto second = add_inbound_file("DE_EMD_DCC_20261125_00004120.DAT");
  for (int line = 1; line <= 8; ++line) add_unmatched(first, line, fmt::format("first {}", line));
  for (int line = 1; line <= 4; ++line) add_unmatched(second, line, fmt::format("second {}", line));

  auto counts = read_status(db_);
  EXPECT_EQ(counts.confirmations_unmatched, 12);
  ASSERT_EQ(counts.recent_unmatched.size(), 10U);
  EXPECT_EQ(spec::to_string(counts.recent_unmatched.front()),
            "DE_EMD_DCC_20261125_00004120.DAT:4:position: second 4");
  EXPECT_EQ(spec::to_string(counts.recent_unmatched.back()),
            "DE_EMD_DCC_20261124_00004112.DAT:3:position: first 3");
}

}  // namespace
}  // namespace esr::report
