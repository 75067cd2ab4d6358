// The Scheduler class with an injected ManualClock and a real state database: the missed-run
// policy at start-up (run once within grace, record `missed` beyond it, `running` -> `crashed`),
// claims that never let a slot run twice, next_after across the UK clock changes, and build_plan.
#include "esr/schedule/scheduler.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "esr/schedule/clock.hpp"
#include "esr/state/state_schema.hpp"
#include "schedule_test_support.hpp"

namespace esr::schedule {
namespace {

namespace fs = std::filesystem;

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::iso;
using testing::utc;

// The production timetable (config/esrd.conf): collect 14:30, 14:45, 15:15, 19:00; export 18:00.
const std::vector<std::string> production_collect = {"30 14 * * *", "45 14 * * *", "15 15 * * *",
                                                     "0 19 * * *"};
const std::vector<std::string> production_export = {"0 18 * * *"};

Plan make_plan(const std::vector<std::string>& collect, const std::vector<std::string>& exports,
               const std::string& grace = "6h") {
  std::string error;
  auto plan = build_plan(collect, exports, "Europe/London", grace, &error);
  if (!plan) {
    ADD_FAILURE() << "build_plan failed: " << error;
    return Plan{};
  }
  return *plan;
}

// One job_runs row, as read back with SQL.
struct RunRow {
  std::string job;
  std::string slot_key;
  std::string slot_at;
  std::string business_date;
  std::string outcome;
};

// "job slot_at outcome", for compact expectations.
std::string summary(const RunRow& row) { return row.job + " " + row.slot_at + " " + row.outcome; }

std::string summary(const DueRun& run) {
  return run.job + " " + iso(run.slot.at) + " " + run.date.iso();
}

std::vector<std::string> summaries(const std::vector<DueRun>& runs) {
  std::vector<std::string> out;
  for (const auto& run : runs) out.push_back(summary(run));
  return out;
}

class SchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "esrd-scheduler-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    db_.emplace(state::open_state(dir_ / "esrd.sqlite"));
  }

  void TearDown() override {
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  db::Database& db() { return *db_; }

  std::vector<RunRow> rows() {
    auto select = db().prepare(
        "SELECT job, slot_key, coalesce(slot_at, ''), business_date, outcome FROM job_runs"
        " ORDER BY id");
    std::vector<RunRow> out;
    while (select.step()) {
      out.push_back({select.column_text(0), select.column_text(1), select.column_text(2),
                     select.column_text(3), select.column_text(4)});
    }
    return out;
  }

  std::vector<std::string> row_summaries() {
    std::vector<std::string> out;
    for (const auto& row : rows()) out.push_back(summary(row));
    return out;
  }

  // What the daemon does at a slot: claim it, run it (here: nothing), record it succeeded.
  void run_scheduled(Scheduler& scheduler, const DueRun& run) {
    auto id = scheduler.claim(run);
    ASSERT_TRUE(id.has_value()) << "the slot " << run.slot.key << " could not be claimed";
    (void)scheduler.run_claimed(*id, run, [] { return jobs::RunOutcome{true, "files=0"}; });
  }

  // The next due runs after `after`, which must exist.
  std::pair<std::chrono::sys_seconds, std::vector<DueRun>> next(const Scheduler& scheduler,
                                                                std::chrono::sys_seconds after) {
    auto due = scheduler.next_after(after);
    if (!due) {
      ADD_FAILURE() << "nothing due after " << iso(after);
      return {after, {}};
    }
    return *due;
  }

 private:
  fs::path dir_;
  std::optional<db::Database> db_;
};

// ---- start-up and the missed-run policy
// ----------------------------------------------------------

TEST_F(SchedulerTest, StartupWithNoPreviousRunsRunsNothingAndRecordsNothing) {
  ManualClock clock(utc(2026, 11, 24, 16, 30));
  Scheduler scheduler(db(), make_plan(production_collect, production_export), clock);
  EXPECT_THAT(scheduler.startup(), IsEmpty())
      << "a job never run has no history to catch up: 14:30, 14:45 and 15:15 today stay unrun";
  EXPECT_THAT(rows(), IsEmpty());
}

TEST_F(SchedulerTest, RestartTwoHoursAfterAMissedSlotRunsItOnceAndOnlyOnce) {
  Plan plan = make_plan({"30 14 * * *"}, {"0 18 * * *"});

  // Day 1 (GMT, so 14:30 local is 14:30Z): the daemon runs the collect slot.
  ManualClock clock(utc(2026, 11, 23, 14, 0));
  {
    Scheduler scheduler(db(), plan, clock);
    EXPECT_THAT(scheduler.startup(), IsEmpty());
    auto [at, due] = next(scheduler, clock.now());
    EXPECT_EQ(iso(at), "2026-11-23T14:30:00Z");
    ASSERT_EQ(due.size(), 1U);
    EXPECT_EQ(summary(due[0]), "collect 2026-11-23T14:30:00Z 2026-11-23");
    clock.set(at);
    run_scheduled(scheduler, due[0]);
  }
  // The daemon stops at 14:35 and is started again on day 2 at 16:30, two hours after the 14:30
  // slot it missed.
  clock.set(utc(2026, 11, 24, 16, 30));
  Scheduler restarted(db(), plan, clock);
  auto due = restarted.startup();
  ASSERT_EQ(due.size(), 1U) << "only collect has history; export never ran";
  EXPECT_EQ(summary(due[0]), "collect 2026-11-24T14:30:00Z 2026-11-24");
  EXPECT_EQ(due[0].slot.key, "2026-11-24T14:30@2026-11-24T14:30:00Z");

  auto first = restarted.claim(due[0]);
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(restarted.claim(due[0]).has_value()) << "a claimed slot is never claimed again";
  (void)restarted.run_claimed(*first, due[0], [] { return jobs::RunOutcome{true, "files=2"}; });
  EXPECT_FALSE(restarted.claim(due[0]).has_value()) << "nor once it has finished";

  // Another restart ten minutes later finds nothing to catch up: the slot ran.
  clock.advance(std::chrono::minutes(10));
  Scheduler again(db(), plan, clock);
  EXPECT_THAT(again.startup(), IsEmpty());
  EXPECT_THAT(row_summaries(), ElementsAre("collect 2026-11-23T14:30:00Z succeeded",
                                           "collect 2026-11-24T14:30:00Z succeeded"));
}

TEST_F(SchedulerTest, RestartEightHoursAfterAMissedSlotRecordsItMissedAndRunsNothing) {
  Plan plan = make_plan({"30 14 * * *"}, {});
  ManualClock clock(utc(2026, 11, 23, 14, 30));
  {
    Scheduler scheduler(db(), plan, clock);
    auto [at, due] = next(scheduler, utc(2026, 11, 23, 14, 0));
    ASSERT_EQ(due.size(), 1U);
    run_scheduled(scheduler, due[0]);
  }
  clock.set(utc(2026, 11, 24, 22, 30));  // 8 hours after the 14:30 slot of day 2
  {
    Scheduler restarted(db(), plan, clock);
    EXPECT_THAT(restarted.startup(), IsEmpty()) << "the slot is older than the 6h grace";
  }
  auto select = db().prepare(
      "SELECT slot_key, slot_at, business_date, outcome, started_at IS NULL FROM job_runs"
      " WHERE job = 'collect' AND outcome = 'missed'");
  ASSERT_TRUE(select.step()) << "the missed slot has a job_runs row";
  EXPECT_EQ(select.column_text(0), "2026-11-24T14:30@2026-11-24T14:30:00Z");
  EXPECT_EQ(select.column_text(1), "2026-11-24T14:30:00Z");
  EXPECT_EQ(select.column_text(2), "2026-11-24");
  EXPECT_EQ(select.column_text(3), "missed");
  EXPECT_EQ(select.column_int(4), 1) << "a missed slot never started";
  EXPECT_FALSE(select.step()) << "exactly one missed row";

  // It is reported once: a later restart neither runs it nor records it again, and it can never
  // be claimed.
  clock.advance(std::chrono::hours(1));
  Scheduler later(db(), plan, clock);
  EXPECT_THAT(later.startup(), IsEmpty());
  DueRun missed{"collect",
                make_slot(testing::local(2026, 11, 24, 14, 30), utc(2026, 11, 24, 14, 30)),
                *spec::BusinessDate::from_iso("2026-11-24")};
  EXPECT_FALSE(later.claim(missed).has_value()) << "a slot recorded missed never runs";
  EXPECT_THAT(row_summaries(), ElementsAre("collect 2026-11-23T14:30:00Z succeeded",
                                           "collect 2026-11-24T14:30:00Z missed"));
}

TEST_F(SchedulerTest, SeveralMissedDaysRunOnlyTheLatestWithinGraceAndRecordTheOthers) {
  Plan plan = make_plan({}, {"0 18 * * *"});
  ManualClock clock(utc(2026, 11, 20, 18, 0));
  {
    Scheduler scheduler(db(), plan, clock);
    auto [at, due] = next(scheduler, utc(2026, 11, 20, 17, 0));
    ASSERT_EQ(due.size(), 1U);
    run_scheduled(scheduler, due[0]);
  }
  clock.set(utc(2026, 11, 23, 19, 0));  // down for three days; the 23rd's 18:00 is an hour old
  Scheduler restarted(db(), plan, clock);
  EXPECT_THAT(summaries(restarted.startup()),
              ElementsAre("export 2026-11-23T18:00:00Z 2026-11-23"));
  EXPECT_THAT(row_summaries(), ElementsAre("export 2026-11-20T18:00:00Z succeeded",
                                           "export 2026-11-21T18:00:00Z missed",
                                           "export 2026-11-22T18:00:00Z missed"));
}

TEST_F(SchedulerTest, AJobWithSeveralSlotsCatchesUpOnlyItsLatestMissedSlot) {
  // Collect has four slots a day. Down from before 14:30 until 16:00 (GMT): 14:30, 14:45 and 15:15
  // were missed. The Scheduler promises to run "the latest one within grace" for each job, the
  // missed-run policy that "only the most recent of them may run": one catch-up of collect (15:15),
  // with 14:30 and 14:45 recorded missed.
  Plan plan = make_plan(production_collect, production_export);
  ManualClock clock(utc(2026, 11, 23, 19, 0));
  {
    Scheduler scheduler(db(), plan, clock);
    auto [at, due] = next(scheduler, utc(2026, 11, 23, 18, 30));
    EXPECT_EQ(iso(at), "2026-11-23T19:00:00Z");
    ASSERT_EQ(due.size(), 1U);
    run_scheduled(scheduler, due[0]);
  }
  clock.set(utc(2026, 11, 24, 16, 0));
  Scheduler restarted(db(), plan, clock);
  auto due = restarted.startup();
  EXPECT_THAT(summaries(due), ElementsAre("collect 2026-11-24T15:15:00Z 2026-11-24"));
  EXPECT_THAT(row_summaries(),
              ::testing::UnorderedElementsAre("collect 2026-11-23T19:00:00Z succeeded",
                                              "collect 2026-11-24T14:30:00Z missed",
                                              "collect 2026-11-24T14:45:00Z missed"));
}

TEST_F(SchedulerTest, ARunLeftRunningBecomesCrashedAtStartupAndIsNotRunAgain) {
  Plan plan = make_plan({"30 14 * * *"}, {});
  ManualClock clock(utc(2026, 11, 23, 14, 30));
  {
    Scheduler scheduler(db(), plan, clock);
    auto [at, due] = next(scheduler, utc(2026, 11, 23, 14, 0));
    ASSERT_EQ(due.size(), 1U);
    ASSERT_TRUE(scheduler.claim(due[0]).has_value());
    // The process dies here, before finish().
  }
  EXPECT_THAT(row_summaries(), ElementsAre("collect 2026-11-23T14:30:00Z running"));
  clock.set(utc(2026, 11, 23, 14, 40));
  Scheduler restarted(db(), plan, clock);
  EXPECT_THAT(restarted.startup(), IsEmpty()) << "a slot that has a row never runs again";
  EXPECT_THAT(row_summaries(), ElementsAre("collect 2026-11-23T14:30:00Z crashed"));
  auto detail = db().prepare("SELECT coalesce(detail, '') FROM job_runs");
  ASSERT_TRUE(detail.step());
  EXPECT_THAT(detail.column_text(0), HasSubstr("ended"));
}

TEST_F(SchedulerTest, ClockGoneBackBeforeTheLastRunDecidesNothing) {
  Plan plan = make_plan({"30 14 * * *"}, {});
  ManualClock clock(utc(2026, 11, 24, 14, 30));
  {
    Scheduler scheduler(db(), plan, clock);
    auto [at, due] = next(scheduler, utc(2026, 11, 24, 14, 0));
    ASSERT_EQ(due.size(), 1U);
    run_scheduled(scheduler, due[0]);
  }
  clock.set(utc(2026, 11, 23, 16, 0));  // the wall clock was set back a day
  Scheduler restarted(db(), plan, clock);
  EXPECT_THAT(restarted.startup(), IsEmpty());
  EXPECT_THAT(row_summaries(), ElementsAre("collect 2026-11-24T14:30:00Z succeeded"));
}

// ---- next_after across the UK clock changes --------------------------------------------------

// Walks next_after from `from` until `to`, listing "job at date" for every due run.
std::vector<std::string> walk(const Scheduler& scheduler, std::chrono::sys_seconds from,
                              std::chrono::sys_seconds to) {
  std::vector<std::string> out;
  auto cursor = from;
  for (int guard = 0; guard < 1000; ++guard) {
    auto due = scheduler.next_after(cursor);
    if (!due || due->first > to) break;
    EXPECT_GT(due->first, cursor) << "next_after must move strictly forward";
    for (const auto& run : due->second) {
      EXPECT_EQ(run.slot.at, due->first);
      out.push_back(summary(run));
    }
    cursor = due->first;
  }
  return out;
}

TEST_F(SchedulerTest, NextAfterAcrossTheAutumnChangeGivesEachSlotOnceAt1430LocalTime) {
  ManualClock clock(utc(2026, 10, 23, 0, 0));
  Scheduler scheduler(db(), make_plan({"30 14 * * *"}, {}), clock);
  EXPECT_THAT(walk(scheduler, utc(2026, 10, 23, 0, 0), utc(2026, 10, 27, 0, 0)),
              ElementsAre("collect 2026-10-23T13:30:00Z 2026-10-23",  // BST
                          "collect 2026-10-24T13:30:00Z 2026-10-24",  // BST
                          "collect 2026-10-25T14:30:00Z 2026-10-25",  // GMT from 01:00Z
                          "collect 2026-10-26T14:30:00Z 2026-10-26"));
}

TEST_F(SchedulerTest, NextAfterAcrossTheSpringChangeGivesEachSlotOnceAt1430LocalTime) {
  ManualClock clock(utc(2026, 3, 27, 0, 0));
  Scheduler scheduler(db(), make_plan({"30 14 * * *"}, {}), clock);
  EXPECT_THAT(walk(scheduler, utc(2026, 3, 27, 0, 0), utc(2026, 3, 31, 0, 0)),
              ElementsAre("collect 2026-03-27T14:30:00Z 2026-03-27",  // GMT
                          "collect 2026-03-28T14:30:00Z 2026-03-28",  // GMT
                          "collect 2026-03-29T13:30:00Z 2026-03-29",  // BST from 01:00Z
                          "collect 2026-03-30T13:30:00Z 2026-03-30"));
}

TEST_F(SchedulerTest, EveryProductionSlotOfTheTransitionDaysRunsOnce) {
  ManualClock clock(utc(2026, 10, 25, 0, 0));
  Scheduler scheduler(db(), make_plan(production_collect, production_export), clock);
  EXPECT_THAT(walk(scheduler, utc(2026, 10, 24, 23, 0), utc(2026, 10, 25, 23, 59)),
              ElementsAre("collect 2026-10-25T14:30:00Z 2026-10-25",
                          "collect 2026-10-25T14:45:00Z 2026-10-25",
                          "collect 2026-10-25T15:15:00Z 2026-10-25",
                          "export 2026-10-25T18:00:00Z 2026-10-25",
                          "collect 2026-10-25T19:00:00Z 2026-10-25"));
  EXPECT_THAT(walk(scheduler, utc(2026, 3, 28, 23, 0), utc(2026, 3, 29, 22, 59)),
              ElementsAre("collect 2026-03-29T13:30:00Z 2026-03-29",
                          "collect 2026-03-29T13:45:00Z 2026-03-29",
                          "collect 2026-03-29T14:15:00Z 2026-03-29",
                          "export 2026-03-29T17:00:00Z 2026-03-29",
                          "collect 2026-03-29T18:00:00Z 2026-03-29"));
}

TEST_F(SchedulerTest, ASlotInsideTheChangedHourRunsOnceOnBothTransitionDays) {
  ManualClock clock(utc(2026, 3, 28, 0, 0));
  Scheduler scheduler(db(), make_plan({"30 1 * * *"}, {}), clock);
  // Spring: 01:30 does not exist on 29 March; it runs once, at 02:00 BST = 01:00Z.
  EXPECT_THAT(walk(scheduler, utc(2026, 3, 28, 0, 0), utc(2026, 3, 30, 12, 0)),
              ElementsAre("collect 2026-03-28T01:30:00Z 2026-03-28",
                          "collect 2026-03-29T01:00:00Z 2026-03-29",
                          "collect 2026-03-30T00:30:00Z 2026-03-30"));
  // Autumn: 01:30 happens twice on 25 October; it runs once, at the first (BST) pass.
  EXPECT_THAT(walk(scheduler, utc(2026, 10, 24, 0, 0), utc(2026, 10, 26, 12, 0)),
              ElementsAre("collect 2026-10-24T00:30:00Z 2026-10-24",
                          "collect 2026-10-25T00:30:00Z 2026-10-25",
                          "collect 2026-10-26T01:30:00Z 2026-10-26"));
}

TEST_F(SchedulerTest, TwoExpressionsAtTheSameInstantGiveOneDueRunPerJob) {
  ManualClock clock(utc(2026, 11, 23, 0, 0));  // Monday
  Scheduler scheduler(
      db(), make_plan({"30 14 * * *", "30 14 * * 1-5", "*/15 14 * * *"}, {"30 14 * * *"}), clock);
  auto [at, due] = next(scheduler, utc(2026, 11, 23, 14, 20));
  EXPECT_EQ(iso(at), "2026-11-23T14:30:00Z");
  EXPECT_THAT(summaries(due), ElementsAre("collect 2026-11-23T14:30:00Z 2026-11-23",
                                          "export 2026-11-23T14:30:00Z 2026-11-23"));
  // And each is claimed once.
  for (const auto& run : due) {
    EXPECT_TRUE(scheduler.claim(run).has_value()) << run.job;
    EXPECT_FALSE(scheduler.claim(run).has_value()) << run.job;
  }
}

TEST_F(SchedulerTest, TwoExpressionsMeetingInTheSpringGapGiveOneDueRun) {
  // 01:30 and 02:00 local on 29 March 2026 are both 01:00Z (01:30 does not exist).
  ManualClock clock(utc(2026, 3, 29, 0, 0));
  Scheduler scheduler(db(), make_plan({"30 1 * * *", "0 2 * * *"}, {}), clock);
  auto [at, due] = next(scheduler, utc(2026, 3, 29, 0, 0));
  EXPECT_EQ(iso(at), "2026-03-29T01:00:00Z");
  EXPECT_THAT(summaries(due), ElementsAre("collect 2026-03-29T01:00:00Z 2026-03-29"));
  ASSERT_FALSE(due.empty());
  EXPECT_TRUE(scheduler.claim(due[0]).has_value());
  EXPECT_FALSE(scheduler.claim(due[0]).has_value());
}

TEST_F(SchedulerTest, TwoExpressionsMeetingInTheSpringGapAreCaughtUpOnceAtStartup) {
  Plan plan = make_plan({"30 1 * * *", "0 2 * * *"}, {});
  ManualClock clock(utc(2026, 3, 28, 2, 0));
  {
    Scheduler scheduler(db(), plan, clock);
    auto [at, due] = next(scheduler, utc(2026, 3, 28, 1, 45));
    EXPECT_EQ(iso(at), "2026-03-28T02:00:00Z");
    ASSERT_EQ(due.size(), 1U);
    run_scheduled(scheduler, due[0]);
  }
  clock.set(utc(2026, 3, 29, 3, 0));  // two hours after 01:00Z, where both slots met
  Scheduler restarted(db(), plan, clock);
  auto due = restarted.startup();
  EXPECT_THAT(summaries(due), ElementsAre("collect 2026-03-29T01:00:00Z 2026-03-29"));
  EXPECT_THAT(row_summaries(), ElementsAre("collect 2026-03-28T02:00:00Z succeeded"));
}

TEST_F(SchedulerTest, TwoExpressionsMeetingInTheSpringGapAreReportedMissedOnce) {
  Plan plan = make_plan({"30 1 * * *", "0 2 * * *"}, {});
  ManualClock clock(utc(2026, 3, 28, 2, 0));
  {
    Scheduler scheduler(db(), plan, clock);
    auto [at, due] = next(scheduler, utc(2026, 3, 28, 1, 45));
    ASSERT_EQ(due.size(), 1U);
    run_scheduled(scheduler, due[0]);
  }
  clock.set(utc(2026, 3, 29, 9, 0));  // eight hours after 01:00Z
  Scheduler restarted(db(), plan, clock);
  EXPECT_THAT(restarted.startup(), IsEmpty());
  EXPECT_THAT(row_summaries(), ElementsAre("collect 2026-03-28T02:00:00Z succeeded",
                                           "collect 2026-03-29T01:00:00Z missed"));
}

// ---- build_plan ------------------------------------------------------------------------------

TEST(BuildPlan, BuildsOneScheduleEntryPerExpressionWithTheGrace) {
  std::string error;
  auto plan = build_plan(production_collect, production_export, "Europe/London", "90m", &error);
  ASSERT_TRUE(plan.has_value()) << error;
  ASSERT_EQ(plan->jobs.size(), 5U);
  EXPECT_EQ(plan->jobs[0].job, "collect");
  EXPECT_EQ(plan->jobs[0].schedule.cron().text(), "30 14 * * *");
  EXPECT_EQ(plan->jobs[4].job, "export");
  EXPECT_EQ(plan->grace, std::chrono::minutes(90));
}

TEST(BuildPlan, ABadCronExpressionIsAnErrorNamingTheKeyAndTheExpression) {
  std::string error;
  EXPECT_FALSE(
      build_plan({"30 14 * * *", "61 14 * * *"}, production_export, "Europe/London", "6h", &error)
          .has_value());
  EXPECT_THAT(error, HasSubstr("schedule.collect"));
  EXPECT_THAT(error, HasSubstr("61 14 * * *"));
  EXPECT_THAT(error, HasSubstr("minute"));

  error.clear();
  EXPECT_FALSE(
      build_plan(production_collect, {"0 18 * *"}, "Europe/London", "6h", &error).has_value());
  EXPECT_THAT(error, HasSubstr("schedule.export"));
}

TEST(BuildPlan, AnUnknownTimeZoneIsAnError) {
  std::string error;
  EXPECT_FALSE(build_plan(production_collect, production_export, "Europe/Londres", "6h", &error)
                   .has_value());
  EXPECT_THAT(error, HasSubstr("Europe/Londres"));
}

TEST(BuildPlan, ABadGraceIsAnErrorNamingTheKey) {
  for (const char* grace : {"6 hours", "", "-1h", "6x", "1.5h"}) {
    SCOPED_TRACE(grace);
    std::string error;
    EXPECT_FALSE(build_plan(production_collect, production_export, "Europe/London", grace, &error)
                     .has_value());
    EXPECT_THAT(error, HasSubstr("schedule.grace"));
  }
}

}  // namespace
}  // namespace esr::schedule
