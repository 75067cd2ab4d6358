#include "esr/schedule/zoned_schedule.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "schedule_test_support.hpp"

namespace esr::schedule {
namespace {

using ::testing::ElementsAre;
using testing::fires_after;
using ::testing::HasSubstr;
using testing::iso;
using testing::schedule;
using testing::utc;

// UK transitions used below (all instants UTC):
//   2026-03-29 01:00  GMT -> BST, local 01:00-01:59 does not exist
//   2026-10-25 01:00  BST -> GMT, local 01:00-01:59 happens twice (00:xx and 01:xx UTC)
//   2027-03-28 01:00  GMT -> BST
//   2027-10-31 01:00  BST -> GMT

// ---- construction ----

TEST(ZonedScheduleCreate, UnknownZoneIsAnErrorValue) {
  std::string error;
  EXPECT_FALSE(ZonedSchedule::create("0 6 * * *", "Europe/Londres", &error).has_value());
  EXPECT_THAT(error, HasSubstr("unknown time zone \"Europe/Londres\""));
}

TEST(ZonedScheduleCreate, BadCronTextIsAnErrorValue) {
  std::string error;
  EXPECT_FALSE(ZonedSchedule::create("0 25 * * *", "Europe/London", &error).has_value());
  EXPECT_EQ(error, "hour field \"25\": value 25 is out of range 0-23");
}

TEST(ZonedScheduleCreate, NullZoneThrowsInvalidArgument) {
  EXPECT_THROW(ZonedSchedule(*CronExpression::parse("* * * * *", nullptr), nullptr),
               std::invalid_argument);
}

// ---- next_after basics ----

TEST(ZonedScheduleNextAfter, IsStrictlyAfterTheGivenInstant) {
  ZonedSchedule s = schedule("0 18 * * *");
  EXPECT_EQ(iso(s.next_after(utc(2026, 6, 1, 17, 0))), "2026-06-02T17:00:00Z");
  EXPECT_EQ(iso(s.next_after(utc(2026, 6, 1, 16, 59, 59))), "2026-06-01T17:00:00Z");
}

TEST(ZonedScheduleNextAfter, SecondsInTheQueryRoundUpToTheNextMinute) {
  ZonedSchedule s = schedule("* * * * *", "UTC");
  EXPECT_EQ(iso(s.next_after(utc(2026, 6, 1, 12, 0, 30))), "2026-06-01T12:01:00Z");
}

// ---- spring forward 2026 ----

TEST(ZonedScheduleSpring2026, NonexistentLocalTimeFiresOnceAtEndOfGap) {
  ZonedSchedule s = schedule("30 1 * * *");
  EXPECT_THAT(fires_after(s, utc(2026, 3, 27, 12, 0), 3),
              ElementsAre("2026-03-28T01:30:00Z",    // 01:30 GMT
                          "2026-03-29T01:00:00Z",    // 01:30 does not exist -> 02:00 BST
                          "2026-03-30T00:30:00Z"));  // 01:30 BST
}

TEST(ZonedScheduleSpring2026, NonexistentSlotKeyKeepsTheMatchedLocalTime) {
  ZonedSchedule s = schedule("30 1 * * *");
  std::optional<Slot> slot = s.next_slot_after(utc(2026, 3, 28, 12, 0));
  ASSERT_TRUE(slot.has_value());
  EXPECT_EQ(slot->key, "2026-03-29T01:30@2026-03-29T01:00:00Z");
}

TEST(ZonedScheduleSpring2026, AfternoonFiresOneHourEarlierInUtc) {
  EXPECT_THAT(fires_after(schedule("30 14 * * *"), utc(2026, 3, 28, 0, 0), 2),
              ElementsAre("2026-03-28T14:30:00Z", "2026-03-29T13:30:00Z"));
}

TEST(ZonedScheduleSpring2026, EveningFiresOneHourEarlierInUtc) {
  EXPECT_THAT(fires_after(schedule("0 18 * * *"), utc(2026, 3, 28, 0, 0), 2),
              ElementsAre("2026-03-28T18:00:00Z", "2026-03-29T17:00:00Z"));
}

TEST(ZonedScheduleSpring2026, EveryThirtyMinutesNoDuplicateNoSkippedInstant) {
  // Local 01:00 and 01:30 do not exist; they and 02:00 BST all land on 01:00 UTC: one fire.
  ZonedSchedule s = schedule("*/30 * * * *");
  EXPECT_THAT(fires_after(s, utc(2026, 3, 28, 23, 45), 6),
              ElementsAre("2026-03-29T00:00:00Z", "2026-03-29T00:30:00Z", "2026-03-29T01:00:00Z",
                          "2026-03-29T01:30:00Z", "2026-03-29T02:00:00Z", "2026-03-29T02:30:00Z"));
  SlotList list = s.slots_between(utc(2026, 3, 29, 0, 45), utc(2026, 3, 29, 1, 45));
  ASSERT_EQ(list.slots.size(), 2u);
  EXPECT_EQ(list.slots[0].key, "2026-03-29T01:00@2026-03-29T01:00:00Z");
  EXPECT_EQ(list.slots[1].key, "2026-03-29T02:30@2026-03-29T01:30:00Z");
}

// ---- fall back 2026 ----

TEST(ZonedScheduleAutumn2026, AmbiguousLocalTimeFiresOnceAtFirstOccurrence) {
  ZonedSchedule s = schedule("30 1 * * *");
  EXPECT_THAT(fires_after(s, utc(2026, 10, 23, 12, 0), 3),
              ElementsAre("2026-10-24T00:30:00Z",    // 01:30 BST
                          "2026-10-25T00:30:00Z",    // first 01:30 (BST); not 01:30 UTC
                          "2026-10-26T01:30:00Z"));  // 01:30 GMT
  std::optional<Slot> slot = s.next_slot_after(utc(2026, 10, 25, 0, 0));
  ASSERT_TRUE(slot.has_value());
  EXPECT_EQ(slot->key, "2026-10-25T01:30@2026-10-25T00:30:00Z");
}

TEST(ZonedScheduleAutumn2026, SecondPassOfRepeatedHourDoesNotFireAgain) {
  ZonedSchedule s = schedule("30 1 * * *");
  EXPECT_EQ(iso(s.next_after(utc(2026, 10, 25, 0, 30))), "2026-10-26T01:30:00Z");
  // 01:15 UTC is 01:15 GMT, inside the second pass.
  EXPECT_EQ(iso(s.next_after(utc(2026, 10, 25, 1, 15))), "2026-10-26T01:30:00Z");
}

TEST(ZonedScheduleAutumn2026, AfternoonFiresOneHourLaterInUtc) {
  EXPECT_THAT(fires_after(schedule("30 14 * * *"), utc(2026, 10, 24, 0, 0), 2),
              ElementsAre("2026-10-24T13:30:00Z", "2026-10-25T14:30:00Z"));
}

TEST(ZonedScheduleAutumn2026, EveningFiresOneHourLaterInUtc) {
  EXPECT_THAT(fires_after(schedule("0 18 * * *"), utc(2026, 10, 24, 0, 0), 2),
              ElementsAre("2026-10-24T17:00:00Z", "2026-10-25T18:00:00Z"));
}

TEST(ZonedScheduleAutumn2026, EveryThirtyMinutesFiresEachLocalTimeOnce) {
  // 01:00 and 01:30 fire in their BST pass (00:00, 00:30 UTC) and not again in the GMT pass.
  ZonedSchedule s = schedule("*/30 * * * *");
  EXPECT_THAT(fires_after(s, utc(2026, 10, 24, 22, 45), 6),
              ElementsAre("2026-10-24T23:00:00Z",    // 00:00 BST
                          "2026-10-24T23:30:00Z",    // 00:30 BST
                          "2026-10-25T00:00:00Z",    // 01:00 BST
                          "2026-10-25T00:30:00Z",    // 01:30 BST
                          "2026-10-25T02:00:00Z",    // 02:00 GMT
                          "2026-10-25T02:30:00Z"));  // 02:30 GMT
  SlotList list = s.slots_between(utc(2026, 10, 24, 23, 45), utc(2026, 10, 25, 2, 0));
  ASSERT_EQ(list.slots.size(), 3u);
  EXPECT_EQ(list.slots[0].key, "2026-10-25T01:00@2026-10-25T00:00:00Z");
  EXPECT_EQ(list.slots[1].key, "2026-10-25T01:30@2026-10-25T00:30:00Z");
  EXPECT_EQ(list.slots[2].key, "2026-10-25T02:00@2026-10-25T02:00:00Z");
}

// ---- 2027 ----

TEST(ZonedScheduleSpring2027, NonexistentLocalTimeFiresOnceAtEndOfGap) {
  EXPECT_THAT(fires_after(schedule("30 1 * * *"), utc(2027, 3, 26, 12, 0), 3),
              ElementsAre("2027-03-27T01:30:00Z", "2027-03-28T01:00:00Z", "2027-03-29T00:30:00Z"));
}

TEST(ZonedScheduleSpring2027, AfternoonAndEveningShiftOneHourEarlierInUtc) {
  EXPECT_THAT(fires_after(schedule("30 14 * * *"), utc(2027, 3, 27, 0, 0), 2),
              ElementsAre("2027-03-27T14:30:00Z", "2027-03-28T13:30:00Z"));
  EXPECT_THAT(fires_after(schedule("0 18 * * *"), utc(2027, 3, 27, 0, 0), 2),
              ElementsAre("2027-03-27T18:00:00Z", "2027-03-28T17:00:00Z"));
}

TEST(ZonedScheduleSpring2027, EveryThirtyMinutesNoDuplicateNoSkippedInstant) {
  EXPECT_THAT(fires_after(schedule("*/30 * * * *"), utc(2027, 3, 28, 0, 15), 4),
              ElementsAre("2027-03-28T00:30:00Z", "2027-03-28T01:00:00Z", "2027-03-28T01:30:00Z",
                          "2027-03-28T02:00:00Z"));
}

TEST(ZonedScheduleAutumn2027, AmbiguousLocalTimeFiresOnceAtFirstOccurrence) {
  EXPECT_THAT(fires_after(schedule("30 1 * * *"), utc(2027, 10, 29, 12, 0), 3),
              ElementsAre("2027-10-30T00:30:00Z", "2027-10-31T00:30:00Z", "2027-11-01T01:30:00Z"));
}

TEST(ZonedScheduleAutumn2027, AfternoonAndEveningShiftOneHourLaterInUtc) {
  EXPECT_THAT(fires_after(schedule("30 14 * * *"), utc(2027, 10, 30, 0, 0), 2),
              ElementsAre("2027-10-30T13:30:00Z", "2027-10-31T14:30:00Z"));
  EXPECT_THAT(fires_after(schedule("0 18 * * *"), utc(2027, 10, 30, 0, 0), 2),
              ElementsAre("2027-10-30T17:00:00Z", "2027-10-31T18:00:00Z"));
}

TEST(ZonedScheduleAutumn2027, EveryThirtyMinutesFiresEachLocalTimeOnce) {
  EXPECT_THAT(fires_after(schedule("*/30 * * * *"), utc(2027, 10, 30, 23, 45), 4),
              ElementsAre("2027-10-31T00:00:00Z", "2027-10-31T00:30:00Z", "2027-10-31T02:00:00Z",
                          "2027-10-31T02:30:00Z"));
}

TEST(ZonedScheduleTransitions, TwoYearsOfHalfHoursHaveUniqueKeysAndIncreasingInstants) {
  // (2026-01-01T00:00Z, 2028-01-01T00:00Z] holds 730 * 48 = 35040 UTC half hours. Spring gaps
  // lose none (the gap minutes collapse onto 01:00 UTC); each autumn loses 01:00 and 01:30 UTC,
  // the second pass of the repeated hour: 35040 - 2 * 2.
  ZonedSchedule s = schedule("*/30 * * * *");
  SlotList list = s.slots_between(utc(2026, 1, 1, 0, 0), utc(2028, 1, 1, 0, 0), 40000);
  EXPECT_FALSE(list.truncated);
  EXPECT_EQ(list.slots.size(), 35036u);
  std::set<std::string> keys;
  std::set<date::local_time<std::chrono::minutes>> locals;
  for (std::size_t i = 0; i < list.slots.size(); ++i) {
    EXPECT_TRUE(keys.insert(list.slots[i].key).second) << list.slots[i].key;
    EXPECT_TRUE(locals.insert(list.slots[i].local).second) << list.slots[i].key;
    if (i > 0) {
      EXPECT_LT(list.slots[i - 1].at, list.slots[i].at) << list.slots[i].key;
      EXPECT_LE(list.slots[i].at - list.slots[i - 1].at, std::chrono::minutes{90});
    }
  }
}

// ---- other zones ----

TEST(ZonedScheduleOtherZones, MidnightThatDoesNotExistFiresAtEndOfGap) {
  // Sao Paulo went from -03 to -02 at local midnight on 4 November 2018 (03:00 UTC).
  ZonedSchedule s = schedule("0 0 * * *", "America/Sao_Paulo");
  EXPECT_THAT(fires_after(s, utc(2018, 11, 2, 12, 0), 3),
              ElementsAre("2018-11-03T03:00:00Z", "2018-11-04T03:00:00Z", "2018-11-05T02:00:00Z"));
}

// ---- calendar edges ----

TEST(ZonedScheduleCalendar, YearRolloverInLondonWinterIsUtc) {
  EXPECT_EQ(iso(schedule("0 0 1 1 *").next_after(utc(2026, 12, 31, 23, 59))),
            "2027-01-01T00:00:00Z");
  EXPECT_EQ(iso(schedule("59 23 31 12 *").next_after(utc(2026, 12, 31, 23, 59))),
            "2027-12-31T23:59:00Z");
}

TEST(ZonedScheduleCalendar, YearRolloverAheadOfAndBehindUtc) {
  EXPECT_EQ(iso(schedule("0 0 1 1 *", "Asia/Tokyo").next_after(utc(2026, 6, 1, 0, 0))),
            "2026-12-31T15:00:00Z");
  EXPECT_EQ(iso(schedule("0 0 1 1 *", "America/New_York").next_after(utc(2026, 6, 1, 0, 0))),
            "2027-01-01T05:00:00Z");
}

TEST(ZonedScheduleCalendar, TwentyNinthOfFebruaryWaitsForLeapYear) {
  ZonedSchedule s = schedule("0 0 29 2 *");
  EXPECT_THAT(fires_after(s, utc(2026, 3, 1, 0, 0), 2),
              ElementsAre("2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"));
}

TEST(ZonedScheduleCalendar, DayOfMonthOrDayOfWeekWhenBothRestricted) {
  // 1st of the month OR Monday. 1 March 2026 is a Sunday.
  EXPECT_THAT(fires_after(schedule("0 12 1 * 1", "UTC"), utc(2026, 2, 28, 12, 0), 4),
              ElementsAre("2026-03-01T12:00:00Z", "2026-03-02T12:00:00Z", "2026-03-09T12:00:00Z",
                          "2026-03-16T12:00:00Z"));
}

TEST(ZonedScheduleCalendar, DayOfMonthAndDayOfWeekWhenWeekdayStartsWithStar) {
  // `*/5` = Sunday and Friday, but starts with '*': 13th that is a Sunday or Friday.
  // 13ths in 2026: Feb Fri, Mar Fri, Apr Mon, May Wed, Jun Sat, Jul Mon, Aug Thu, Sep Sun.
  EXPECT_THAT(fires_after(schedule("0 12 13 * */5", "UTC"), utc(2026, 1, 1, 0, 0), 3),
              ElementsAre("2026-02-13T12:00:00Z", "2026-03-13T12:00:00Z", "2026-09-13T12:00:00Z"));
}

// ---- slots_between ----

TEST(ZonedScheduleSlotsBetween, ListsEveryFireInHalfOpenWindowAcrossSpringForward) {
  ZonedSchedule s = schedule("0 18 * * *");
  SlotList list = s.slots_between(utc(2026, 3, 27, 0, 0), utc(2026, 3, 31, 0, 0));
  EXPECT_FALSE(list.truncated);
  std::vector<std::string> keys;
  for (const Slot& slot : list.slots) keys.push_back(slot.key);
  EXPECT_THAT(keys, ElementsAre("2026-03-27T18:00@2026-03-27T18:00:00Z",
                                "2026-03-28T18:00@2026-03-28T18:00:00Z",
                                "2026-03-29T18:00@2026-03-29T17:00:00Z",
                                "2026-03-30T18:00@2026-03-30T17:00:00Z"));
}

TEST(ZonedScheduleSlotsBetween, ExcludesFromAndIncludesTo) {
  ZonedSchedule s = schedule("0 18 * * *");
  SlotList list = s.slots_between(utc(2026, 6, 1, 17, 0), utc(2026, 6, 3, 17, 0));
  ASSERT_EQ(list.slots.size(), 2u);
  EXPECT_EQ(iso(list.slots[0].at), "2026-06-02T17:00:00Z");
  EXPECT_EQ(iso(list.slots[1].at), "2026-06-03T17:00:00Z");
}

TEST(ZonedScheduleSlotsBetween, EmptyOrReversedWindowHasNoSlots) {
  ZonedSchedule s = schedule("* * * * *");
  EXPECT_TRUE(s.slots_between(utc(2026, 6, 1, 12, 0), utc(2026, 6, 1, 12, 0)).slots.empty());
  EXPECT_TRUE(s.slots_between(utc(2026, 6, 2, 12, 0), utc(2026, 6, 1, 12, 0)).slots.empty());
}

TEST(ZonedScheduleSlotsBetween, StopsAtCapAndSaysSo) {
  ZonedSchedule s = schedule("* * * * *", "UTC");
  SlotList list = s.slots_between(utc(2026, 6, 1, 0, 0), utc(2026, 6, 2, 0, 0), 100);
  EXPECT_TRUE(list.truncated);
  ASSERT_EQ(list.slots.size(), 100u);
  EXPECT_EQ(iso(list.slots.front().at), "2026-06-01T00:01:00Z");
  EXPECT_EQ(iso(list.slots.back().at), "2026-06-01T01:40:00Z");
}

TEST(ZonedScheduleSlotsBetween, ExactlyCapSlotsIsNotTruncated) {
  ZonedSchedule s = schedule("0 18 * * *");
  SlotList list = s.slots_between(utc(2026, 6, 1, 0, 0), utc(2026, 6, 4, 23, 0), 4);
  EXPECT_FALSE(list.truncated);
  EXPECT_EQ(list.slots.size(), 4u);
}

TEST(ZonedScheduleSlotsBetween, DefaultCapIsTenThousand) {
  ZonedSchedule s = schedule("* * * * *", "UTC");
  SlotList list = s.slots_between(utc(2026, 1, 1, 0, 0), utc(2026, 2, 1, 0, 0));
  EXPECT_TRUE(list.truncated);
  EXPECT_EQ(list.slots.size(), default_slot_cap);
}

// ---- last_slot_at_or_before ----

TEST(ZonedScheduleLastSlot, ReturnsFireAtOrBeforeInstant) {
  ZonedSchedule s = schedule("0 18 * * *");
  EXPECT_EQ(iso(s.last_slot_at_or_before(utc(2026, 6, 2, 17, 0))->at), "2026-06-02T17:00:00Z");
  EXPECT_EQ(iso(s.last_slot_at_or_before(utc(2026, 6, 2, 16, 59))->at), "2026-06-01T17:00:00Z");
}

TEST(ZonedScheduleLastSlot, SpringGapFireHasSameKeyAsForwardSearch) {
  // Local 01:00, 01:30 and 02:00 all fire at 01:00 UTC; the key names the earliest, 01:00.
  ZonedSchedule s = schedule("*/30 * * * *");
  std::optional<Slot> back = s.last_slot_at_or_before(utc(2026, 3, 29, 1, 10));
  std::optional<Slot> forward = s.next_slot_after(utc(2026, 3, 29, 0, 59));
  ASSERT_TRUE(back.has_value());
  ASSERT_TRUE(forward.has_value());
  EXPECT_EQ(back->key, "2026-03-29T01:00@2026-03-29T01:00:00Z");
  EXPECT_EQ(*back, *forward);
}

TEST(ZonedScheduleLastSlot, SecondPassOfRepeatedHourReturnsFirstOccurrence) {
  ZonedSchedule s = schedule("30 1 * * *");
  std::optional<Slot> slot = s.last_slot_at_or_before(utc(2026, 10, 25, 1, 45));
  ASSERT_TRUE(slot.has_value());
  EXPECT_EQ(slot->key, "2026-10-25T01:30@2026-10-25T00:30:00Z");
}

TEST(ZonedScheduleLastSlot, LooksBackAcrossYearsForLeapDay) {
  ZonedSchedule s = schedule("0 0 29 2 *");
  EXPECT_EQ(iso(s.last_slot_at_or_before(utc(2031, 1, 1, 0, 0))->at), "2028-02-29T00:00:00Z");
}

}  // namespace
}  // namespace esr::schedule
