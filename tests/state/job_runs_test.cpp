// job_runs: a slot is claimed once, a run's end is recorded, missed and crashed runs are kept, and
// the latest scheduled slot of a job is found.
#include "esr/state/job_runs.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "esr/db/transaction.hpp"
#include "state/state_fixture.hpp"

namespace esr::state {
namespace {

using test::kUtcSecond;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;

class JobRuns : public test::StateTest {
 protected:
  std::optional<std::int64_t> claim(const std::string& job, const std::string& slot_key,
                                    const std::string& slot_at) {
    db::Transaction transaction(db_);
    auto id = claim_job_run(transaction, job, slot_key, slot_at, date_);
    transaction.commit();
    return id;
  }

  void missed(const std::string& job, const std::string& slot_key, const std::string& slot_at,
              const std::string& detail) {
    db::Transaction transaction(db_);
    add_missed_job_run(transaction, job, slot_key, slot_at, detail);
    transaction.commit();
  }

  void finish(std::int64_t run_id, JobOutcome outcome, const std::string& detail) {
    db::Transaction transaction(db_);
    finish_job_run(transaction, run_id, outcome, detail);
    transaction.commit();
  }

  const spec::BusinessDate date_{2026, 11, 23};
};

TEST_F(JobRuns, ASlotIsClaimedOnceAsRunning) {
  auto id = claim("export", "2026-11-23T18:00", "2026-11-23T18:00:00Z");
  ASSERT_TRUE(id.has_value());
  EXPECT_FALSE(claim("export", "2026-11-23T18:00", "2026-11-23T18:00:00Z").has_value());
  auto manual = claim("export", "manual:a", "");
  ASSERT_TRUE(manual.has_value());
  EXPECT_NE(*manual, *id);
  auto runs = rows(
      "SELECT id, job, slot_key, slot_at, business_date, started_at, finished_at, outcome, detail"
      " FROM job_runs ORDER BY id");
  ASSERT_EQ(runs.size(), 2U);
  EXPECT_THAT(runs[0], MatchesRegex(std::to_string(*id) +
                                    "\\|export\\|2026-11-23T18:00\\|2026-11-23T18:00:00Z\\|"
                                    "2026-11-23\\|" +
                                    kUtcSecond + "\\|<null>\\|running\\|<null>"));
  EXPECT_THAT(runs[1], MatchesRegex(std::to_string(*manual) +
                                    "\\|export\\|manual:a\\|<null>\\|2026-11-23\\|" + kUtcSecond +
                                    "\\|<null>\\|running\\|<null>"))
      << "no slot time is NULL";
}

TEST_F(JobRuns, AClaimIsUndoneWithItsTransaction) {
  {
    db::Transaction transaction(db_);
    ASSERT_TRUE(claim_job_run(transaction, "collect", "manual:a", "", date_).has_value());
  }
  EXPECT_THAT(rows("SELECT id FROM job_runs"), IsEmpty());
  EXPECT_TRUE(claim("collect", "manual:a", "").has_value()) << "the slot is free again";
}

TEST_F(JobRuns, ARunsEndIsRecordedWithItsDetail) {
  auto id = claim("collect", "manual:a", "");
  ASSERT_TRUE(id.has_value());
  finish(*id, JobOutcome::failed, "disk full");
  auto run = rows("SELECT outcome, detail, finished_at FROM job_runs");
  ASSERT_EQ(run.size(), 1U);
  EXPECT_THAT(run[0], MatchesRegex(std::string("failed\\|disk full\\|") + kUtcSecond));
}

TEST_F(JobRuns, AMissedSlotIsKeptOnceDatedByItsTime) {
  missed("export", "2026-11-22T18:00", "2026-11-22T18:00:00Z", "down 30h");
  missed("export", "2026-11-22T18:00", "2026-11-22T18:00:00Z", "again");
  EXPECT_THAT(rows("SELECT job, slot_key, slot_at, business_date, started_at, outcome, detail"
                   " FROM job_runs"),
              ElementsAre("export|2026-11-22T18:00|2026-11-22T18:00:00Z|2026-11-22|<null>|missed|"
                          "down 30h"));
  EXPECT_FALSE(claim("export", "2026-11-22T18:00", "2026-11-22T18:00:00Z").has_value())
      << "a missed slot is never run";
}

TEST_F(JobRuns, TheLastScheduledSlotIsTheLatestSlotTimeOfTheJob) {
  EXPECT_FALSE(last_scheduled_slot_at(db_, "export").has_value());
  missed("export", "2026-11-22T18:00", "2026-11-22T18:00:00Z", "down");
  (void)claim("export", "2026-11-23T18:00", "2026-11-23T18:00:00Z");
  (void)claim("export", "manual:z", "");
  (void)claim("collect", "2026-11-24T06:00", "2026-11-24T06:00:00Z");
  EXPECT_EQ(last_scheduled_slot_at(db_, "export"), "2026-11-23T18:00:00Z");
  EXPECT_EQ(last_scheduled_slot_at(db_, "collect"), "2026-11-24T06:00:00Z");
  EXPECT_FALSE(last_scheduled_slot_at(db_, "other").has_value());
}

TEST_F(JobRuns, RunsLeftRunningAreMarkedCrashed) {
  auto done = claim("collect", "manual:1", "");
  ASSERT_TRUE(done.has_value());
  finish(*done, JobOutcome::succeeded, "files=0");
  (void)claim("collect", "manual:2", "");
  (void)claim("export", "manual:3", "");
  missed("export", "2026-11-22T18:00", "2026-11-22T18:00:00Z", "down");
  auto crash = [&] {
    db::Transaction transaction(db_);
    auto crashed = mark_running_jobs_crashed(transaction);
    transaction.commit();
    return crashed;
  };
  EXPECT_EQ(crash(), 2);
  EXPECT_THAT(rows("SELECT slot_key, outcome, detail FROM job_runs ORDER BY id"),
              ElementsAre("manual:1|succeeded|files=0",
                          "manual:2|crashed|the process ended while the job ran",
                          "manual:3|crashed|the process ended while the job ran",
                          "2026-11-22T18:00|missed|down"));
  EXPECT_EQ(crash(), 0) << "nothing is left running";
}

}  // namespace
}  // namespace esr::state
