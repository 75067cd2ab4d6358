#include "esr/schedule/missed_run_policy.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "schedule_test_support.hpp"

namespace esr::schedule {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::iso;
using testing::schedule;
using testing::utc;

using std::chrono::hours;

std::vector<std::string> missed_instants(const MissedRunDecision& d) {
  std::vector<std::string> out;
  for (const Slot& s : d.missed) out.push_back(iso(s.at));
  return out;
}

// `0 18 * * *` in London fires at 17:00 UTC in June (BST).
class MissedRunPolicyTest : public ::testing::Test {
 protected:
  ZonedSchedule daily_ = schedule("0 18 * * *");
  std::chrono::seconds grace_ = hours{6};
};

TEST_F(MissedRunPolicyTest, MostRecentMissedSlotWithinGraceRunsOnce) {
  MissedRunDecision d =
      decide_missed_runs(daily_, utc(2026, 6, 2, 18, 30), utc(2026, 6, 1, 17, 0), grace_);
  ASSERT_TRUE(d.run_now.has_value());
  EXPECT_EQ(d.run_now->key, "2026-06-02T18:00@2026-06-02T17:00:00Z");
  EXPECT_THAT(d.missed, IsEmpty());
  EXPECT_FALSE(d.missed_truncated);
}

TEST_F(MissedRunPolicyTest, MissedSlotOutsideGraceIsReportedNotRun) {
  MissedRunDecision d =
      decide_missed_runs(daily_, utc(2026, 6, 2, 23, 30), utc(2026, 6, 1, 17, 0), grace_);
  EXPECT_FALSE(d.run_now.has_value());
  EXPECT_THAT(missed_instants(d), ElementsAre("2026-06-02T17:00:00Z"));
}

TEST_F(MissedRunPolicyTest, GraceBoundaryIsInclusive) {
  MissedRunDecision d =
      decide_missed_runs(daily_, utc(2026, 6, 2, 23, 0), utc(2026, 6, 1, 17, 0), grace_);
  ASSERT_TRUE(d.run_now.has_value());
  EXPECT_EQ(iso(d.run_now->at), "2026-06-02T17:00:00Z");
  d = decide_missed_runs(daily_, utc(2026, 6, 2, 23, 0, 1), utc(2026, 6, 1, 17, 0), grace_);
  EXPECT_FALSE(d.run_now.has_value());
}

TEST_F(MissedRunPolicyTest, SeveralMissedOnlyTheLatestRunsOthersReported) {
  MissedRunDecision d =
      decide_missed_runs(daily_, utc(2026, 6, 5, 18, 0), utc(2026, 6, 1, 17, 0), grace_);
  ASSERT_TRUE(d.run_now.has_value());
  EXPECT_EQ(iso(d.run_now->at), "2026-06-05T17:00:00Z");
  EXPECT_THAT(missed_instants(d),
              ElementsAre("2026-06-02T17:00:00Z", "2026-06-03T17:00:00Z", "2026-06-04T17:00:00Z"));
}

TEST_F(MissedRunPolicyTest, SeveralMissedLatestOutsideGraceAllReported) {
  MissedRunDecision d =
      decide_missed_runs(daily_, utc(2026, 6, 6, 0, 0), utc(2026, 6, 1, 17, 0), grace_);
  EXPECT_FALSE(d.run_now.has_value());
  EXPECT_THAT(missed_instants(d), ElementsAre("2026-06-02T17:00:00Z", "2026-06-03T17:00:00Z",
                                              "2026-06-04T17:00:00Z", "2026-06-05T17:00:00Z"));
}

TEST_F(MissedRunPolicyTest, AlreadyRunSlotIsNeverReturned) {
  // The 5 June slot is recorded; nothing since.
  MissedRunDecision d =
      decide_missed_runs(daily_, utc(2026, 6, 5, 18, 0), utc(2026, 6, 5, 17, 0), grace_);
  EXPECT_FALSE(d.run_now.has_value());
  EXPECT_THAT(d.missed, IsEmpty());
  // Restarting at the very instant of the recorded slot does not run it again either.
  d = decide_missed_runs(daily_, utc(2026, 6, 5, 17, 0), utc(2026, 6, 5, 17, 0), grace_);
  EXPECT_FALSE(d.run_now.has_value());
  EXPECT_THAT(d.missed, IsEmpty());
}

TEST_F(MissedRunPolicyTest, SlotExactlyAtNowIsDueAndRuns) {
  MissedRunDecision d = decide_missed_runs(daily_, utc(2026, 6, 2, 17, 0), utc(2026, 6, 1, 17, 0),
                                           std::chrono::seconds{0});
  ASSERT_TRUE(d.run_now.has_value());
  EXPECT_EQ(iso(d.run_now->at), "2026-06-02T17:00:00Z");
}

TEST_F(MissedRunPolicyTest, NoRecordedRunDecidesNothing) {
  MissedRunDecision d = decide_missed_runs(daily_, utc(2026, 6, 2, 18, 0), std::nullopt, grace_);
  EXPECT_FALSE(d.run_now.has_value());
  EXPECT_THAT(d.missed, IsEmpty());
}

TEST_F(MissedRunPolicyTest, ClockBehindLastRunDecidesNothing) {
  MissedRunDecision d =
      decide_missed_runs(daily_, utc(2026, 6, 1, 12, 0), utc(2026, 6, 3, 17, 0), grace_);
  EXPECT_FALSE(d.run_now.has_value());
  EXPECT_THAT(d.missed, IsEmpty());
}

TEST_F(MissedRunPolicyTest, NegativeGraceNeverRuns) {
  MissedRunDecision d = decide_missed_runs(daily_, utc(2026, 6, 2, 17, 0), utc(2026, 6, 1, 17, 0),
                                           std::chrono::seconds{-1});
  EXPECT_FALSE(d.run_now.has_value());
  EXPECT_THAT(missed_instants(d), ElementsAre("2026-06-02T17:00:00Z"));
}

TEST(MissedRunPolicy, ManyMissedAreCappedButTheLatestStillRuns) {
  // 288 five-minute slots in (00:00, 24:00], plus 00:00 on 2 June; only 10 listed.
  ZonedSchedule every5 = schedule("*/5 * * * *", "UTC");
  MissedRunDecision d =
      decide_missed_runs(every5, utc(2026, 6, 2, 0, 2), utc(2026, 6, 1, 0, 0), hours{1}, 10);
  ASSERT_TRUE(d.run_now.has_value());
  EXPECT_EQ(iso(d.run_now->at), "2026-06-02T00:00:00Z");
  EXPECT_TRUE(d.missed_truncated);
  ASSERT_EQ(d.missed.size(), 10u);
  EXPECT_EQ(iso(d.missed.front().at), "2026-06-01T00:05:00Z");
  EXPECT_EQ(iso(d.missed.back().at), "2026-06-01T00:50:00Z");
}

TEST(MissedRunPolicy, ManyMissedLatestOutsideGraceIsNotRun) {
  ZonedSchedule every5 = schedule("*/5 * * * *", "UTC");
  MissedRunDecision d = decide_missed_runs(every5, utc(2026, 6, 2, 0, 4), utc(2026, 6, 1, 0, 0),
                                           std::chrono::minutes{3}, 10);
  EXPECT_FALSE(d.run_now.has_value());
  EXPECT_TRUE(d.missed_truncated);
  EXPECT_EQ(d.missed.size(), 10u);
}

TEST(MissedRunPolicy, SpringForwardMissedSlotRunsWithItsLocalKey) {
  ZonedSchedule s = schedule("30 1 * * *");
  MissedRunDecision d =
      decide_missed_runs(s, utc(2026, 3, 29, 1, 5), utc(2026, 3, 28, 1, 30), hours{6});
  ASSERT_TRUE(d.run_now.has_value());
  EXPECT_EQ(d.run_now->key, "2026-03-29T01:30@2026-03-29T01:00:00Z");
  EXPECT_THAT(d.missed, IsEmpty());
}

TEST(MissedRunPolicy, RepeatedAutumnHourNeverYieldsTheSlotTwice) {
  ZonedSchedule s = schedule("30 1 * * *");
  // Down over the first 01:30 (BST, 00:30 UTC); restarted at 01:45 GMT in the second pass.
  MissedRunDecision d =
      decide_missed_runs(s, utc(2026, 10, 25, 1, 45), utc(2026, 10, 24, 0, 30), hours{6});
  ASSERT_TRUE(d.run_now.has_value());
  EXPECT_EQ(d.run_now->key, "2026-10-25T01:30@2026-10-25T00:30:00Z");
  EXPECT_THAT(d.missed, IsEmpty());
  // Once that slot is recorded, the second 01:30 (01:30 UTC) is not a slot at all.
  d = decide_missed_runs(s, utc(2026, 10, 25, 1, 45), utc(2026, 10, 25, 0, 30), hours{6});
  EXPECT_FALSE(d.run_now.has_value());
  EXPECT_THAT(d.missed, IsEmpty());
}

}  // namespace
}  // namespace esr::schedule
