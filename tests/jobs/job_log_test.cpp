// job_runs: a slot is claimed once, its outcome and times are recorded however the work ends,
// missed and crashed runs are kept, and `status` reads the latest run of each job.
#include "esr/jobs/job_log.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <stdexcept>
#include <string>

#include "esr/report/status.hpp"
#include "esr/state/state_schema.hpp"
#include "support/temp_dir.hpp"

namespace esr::jobs {
namespace {

using ::testing::MatchesRegex;

// The *_at columns: UTC to the second (their values come from the wall clock, so only the form
// and the order are checked).
constexpr const char* kUtcSecond = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z";

struct RunRow {
  std::string job, slot_key, slot_at, business_date, started_at, finished_at, outcome, detail;
};

class JobLog : public ::testing::Test {
 protected:
  [[nodiscard]] RunRow row(std::int64_t id) {
    auto select = db_.prepare(
        "SELECT job, slot_key, coalesce(slot_at, '<null>'), business_date,"
        " coalesce(started_at, '<null>'), coalesce(finished_at, '<null>'), outcome,"
        " coalesce(detail, '<null>') FROM job_runs WHERE id = ?1");
    select.bind(1, id);
    if (!select.step()) {
      ADD_FAILURE() << "no job_runs row " << id;
      return {};
    }
    return {select.column_text(0), select.column_text(1), select.column_text(2),
            select.column_text(3), select.column_text(4), select.column_text(5),
            select.column_text(6), select.column_text(7)};
  }

  [[nodiscard]] std::int64_t rows() {
    auto select = db_.prepare("SELECT count(*) FROM job_runs");
    return select.step() ? select.column_int64(0) : -1;
  }

  const spec::BusinessDate date_{2026, 11, 23};
  test_support::TempDir dir_;
  db::Database db_ = state::open_state(dir_.path() / "esrd.sqlite");
};

TEST_F(JobLog, ASlotIsClaimedOnceAndStartsRunning) {
  auto first = start_run(db_, "collect", "manual:a", "", date_);
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(start_run(db_, "collect", "manual:a", "", date_).has_value())
      << "the same slot twice";
  // The same slot key for another job is another run.
  EXPECT_TRUE(start_run(db_, "export", "manual:a", "", date_).has_value());
  EXPECT_EQ(rows(), 2);

  auto run = row(*first);
  EXPECT_EQ(run.job, "collect");
  EXPECT_EQ(run.slot_key, "manual:a");
  EXPECT_EQ(run.slot_at, "<null>") << "a hand run has no scheduled time";
  EXPECT_EQ(run.business_date, "2026-11-23");
  EXPECT_EQ(run.outcome, "running");
  EXPECT_THAT(run.started_at, MatchesRegex(kUtcSecond));
  EXPECT_EQ(run.finished_at, "<null>");
}

TEST_F(JobLog, ASucceededRunKeepsItsSummaryAndBothTimes) {
  auto id = start_run(db_, "export", "2026-11-23T18:00", "2026-11-23T18:00:00Z", date_);
  ASSERT_TRUE(id);
  auto outcome = run_claimed(db_, *id, "export", "2026-11-23T18:00", date_, [] {
    return RunOutcome{true, "files_out=3 rtc=2 app=1"};
  });
  EXPECT_TRUE(outcome.ok);
  EXPECT_EQ(outcome.detail, "files_out=3 rtc=2 app=1");

  auto run = row(*id);
  EXPECT_EQ(run.outcome, "succeeded");
  EXPECT_EQ(run.detail, "files_out=3 rtc=2 app=1");
  EXPECT_EQ(run.slot_at, "2026-11-23T18:00:00Z");
  EXPECT_THAT(run.started_at, MatchesRegex(kUtcSecond));
  EXPECT_THAT(run.finished_at, MatchesRegex(kUtcSecond));
  EXPECT_LE(run.started_at, run.finished_at);
}

TEST_F(JobLog, WorkThatSaysItFailedIsRecordedFailed) {
  auto id = start_run(db_, "collect", "manual:b", "", date_);
  ASSERT_TRUE(id);
  auto outcome = run_claimed(db_, *id, "collect", "manual:b", date_, [] {
    return RunOutcome{false, "inbox unreadable"};
  });
  EXPECT_FALSE(outcome.ok);
  auto run = row(*id);
  EXPECT_EQ(run.outcome, "failed");
  EXPECT_EQ(run.detail, "inbox unreadable");
  EXPECT_THAT(run.finished_at, MatchesRegex(kUtcSecond));
}

TEST_F(JobLog, WorkThatThrowsIsRecordedFailedWithTheErrorAndRethrown) {
  auto id = start_run(db_, "export", "manual:c", "", date_);
  ASSERT_TRUE(id);
  EXPECT_THROW((void)run_claimed(
                   db_, *id, "export", "manual:c", date_,
                   []() -> RunOutcome { throw std::runtime_error("disk full writing outbox"); }),
               std::runtime_error);
  auto run = row(*id);
  EXPECT_EQ(run.outcome, "failed");
  EXPECT_EQ(run.detail, "disk full writing outbox");
  EXPECT_THAT(run.finished_at, MatchesRegex(kUtcSecond));
}

TEST_F(JobLog, AMissedSlotIsRecordedOnceAndIsTheLatestScheduledOne) {
  EXPECT_FALSE(last_scheduled_slot_at(db_, "export").has_value());
  record_missed(db_, "export", "2026-11-22T18:00", "2026-11-22T18:00:00Z", "down 30h");
  record_missed(db_, "export", "2026-11-22T18:00", "2026-11-22T18:00:00Z", "again");
  EXPECT_EQ(rows(), 1) << "a missed slot is reported once";
  auto select = db_.prepare(
      "SELECT outcome, business_date, detail, started_at IS NULL FROM job_runs WHERE slot_key = "
      "'2026-11-22T18:00'");
  ASSERT_TRUE(select.step());
  EXPECT_EQ(select.column_text(0), "missed");
  EXPECT_EQ(select.column_text(1), "2026-11-22") << "the slot's own day";
  EXPECT_EQ(select.column_text(2), "down 30h");
  EXPECT_EQ(select.column_int(3), 1) << "a missed run never started";

  // A later scheduled run is the latest; a hand run (no slot_at) never counts.
  ASSERT_TRUE(start_run(db_, "export", "2026-11-23T18:00", "2026-11-23T18:00:00Z", date_));
  ASSERT_TRUE(start_run(db_, "export", "manual:z", "", date_));
  EXPECT_EQ(last_scheduled_slot_at(db_, "export"), "2026-11-23T18:00:00Z");
  EXPECT_FALSE(last_scheduled_slot_at(db_, "collect").has_value());
}

TEST_F(JobLog, RunsLeftRunningByADeadProcessAreMarkedCrashed) {
  auto done = start_run(db_, "collect", "manual:1", "", date_);
  ASSERT_TRUE(done);
  (void)run_claimed(db_, *done, "collect", "manual:1", date_, [] { return RunOutcome{true, ""}; });
  auto left_a = start_run(db_, "collect", "manual:2", "", date_);
  auto left_b = start_run(db_, "export", "manual:3", "", date_);
  ASSERT_TRUE(left_a && left_b);

  EXPECT_EQ(mark_crashed_runs(db_), 2);
  EXPECT_EQ(row(*left_a).outcome, "crashed");
  EXPECT_EQ(row(*left_b).outcome, "crashed");
  EXPECT_EQ(row(*left_b).detail, "the process ended while the job ran");
  EXPECT_EQ(row(*done).outcome, "succeeded");
  EXPECT_EQ(mark_crashed_runs(db_), 0) << "nothing is left running";
}

// `esrd status` shows the latest run of each job as job_log recorded it.
TEST_F(JobLog, StatusReportsTheLatestRunOfEachJob) {
  auto collect = start_run(db_, "collect", "manual:1", "", date_);
  ASSERT_TRUE(collect);
  (void)run_claimed(db_, *collect, "collect", "manual:1", date_, [] {
    return RunOutcome{true, "files=2"};
  });
  auto failed = start_run(db_, "collect", "manual:2", "", date_);
  ASSERT_TRUE(failed);
  (void)run_claimed(db_, *failed, "collect", "manual:2", date_, [] {
    return RunOutcome{false, "no"};
  });
  record_missed(db_, "export", "2026-11-23T18:00", "2026-11-23T18:00:00Z", "down");

  auto status = report::read_status(db_);
  ASSERT_EQ(status.last_runs.size(), 2U);
  const auto& last_collect = status.last_runs.at("collect");
  EXPECT_EQ(last_collect.slot_key, "manual:2");
  EXPECT_EQ(last_collect.outcome, "failed");
  EXPECT_THAT(last_collect.started_at, MatchesRegex(kUtcSecond));
  EXPECT_THAT(last_collect.finished_at, MatchesRegex(kUtcSecond));
  const auto& last_export = status.last_runs.at("export");
  EXPECT_EQ(last_export.outcome, "missed");
  EXPECT_EQ(last_export.started_at, "") << "a missed run has no start";
}

}  // namespace
}  // namespace esr::jobs
