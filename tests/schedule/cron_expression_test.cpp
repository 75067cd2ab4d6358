#include "esr/schedule/cron_expression.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "schedule_test_support.hpp"

namespace esr::schedule {
namespace {

using ::testing::HasSubstr;
using testing::local;

CronExpression parse_ok(std::string_view text) {
  std::string error;
  std::optional<CronExpression> cron = CronExpression::parse(text, &error);
  EXPECT_TRUE(cron.has_value()) << "\"" << text << "\": " << error;
  return cron ? *cron : *CronExpression::parse("* * * * *", nullptr);
}

// Parses text that must be rejected and returns the message.
std::string parse_error(std::string_view text) {
  std::string error;
  std::optional<CronExpression> cron = CronExpression::parse(text, &error);
  EXPECT_FALSE(cron.has_value()) << "\"" << text << "\" was accepted";
  EXPECT_FALSE(error.empty()) << "\"" << text << "\" gave no message";
  return error;
}

// ---- valid forms ----

TEST(CronExpressionParse, AcceptsEveryValidForm) {
  for (std::string_view text :
       {"* * * * *", "0 6 * * *", "1,2 * * * *", "1-5 * * * *", "*/15 * * * *", "10-50/10 * * * *",
        "0 9-17/2 * * 1-5", "59 23 31 12 7", "0 0 1 1 0", "0,30 8,12-14,18 1,15 */3 0-7",
        "0 0 29 2 *"}) {
    std::string error;
    EXPECT_TRUE(CronExpression::parse(text, &error).has_value()) << text << ": " << error;
  }
}

TEST(CronExpressionParse, StripsTrailingCommentAndNormalisesSpacing) {
  CronExpression cron = parse_ok("  0\t6  *  * *   # daily at six, before the ESR drop");
  EXPECT_EQ(cron.text(), "0 6 * * *");
  EXPECT_TRUE(cron.matches(local(2026, 3, 2, 6, 0)));
}

TEST(CronExpressionParse, CommentDirectlyAfterLastFieldIsStripped) {
  EXPECT_EQ(parse_ok("0 6 * * *#no space").text(), "0 6 * * *");
}

TEST(CronExpressionParse, NullErrorPointerIsAllowed) {
  EXPECT_FALSE(CronExpression::parse("bad", nullptr).has_value());
  EXPECT_TRUE(CronExpression::parse("* * * * *", nullptr).has_value());
}

// ---- errors: field count ----

TEST(CronExpressionParseError, EmptyTextIsRejected) {
  EXPECT_THAT(parse_error(""), HasSubstr("empty"));
  EXPECT_THAT(parse_error("   \t "), HasSubstr("empty"));
  EXPECT_THAT(parse_error("# only a comment"), HasSubstr("empty"));
}

TEST(CronExpressionParseError, TooFewFieldsSaysHowManyWereFound) {
  std::string error = parse_error("0 6 * *");
  EXPECT_THAT(error, HasSubstr("expected 5 fields"));
  EXPECT_THAT(error, HasSubstr("found 4"));
}

TEST(CronExpressionParseError, TooManyFieldsSaysHowManyWereFound) {
  // A six-field (seconds) expression from another cron dialect.
  std::string error = parse_error("0 0 6 * * *");
  EXPECT_THAT(error, HasSubstr("expected 5 fields"));
  EXPECT_THAT(error, HasSubstr("found 6"));
}

// ---- errors: out of range, per field ----

TEST(CronExpressionParseError, MinuteOutOfRangeNamesFieldAndRange) {
  EXPECT_EQ(parse_error("60 * * * *"), "minute field \"60\": value 60 is out of range 0-59");
}

TEST(CronExpressionParseError, HourOutOfRangeNamesFieldAndRange) {
  EXPECT_EQ(parse_error("0 24 * * *"), "hour field \"24\": value 24 is out of range 0-23");
}

TEST(CronExpressionParseError, DayOfMonthZeroAndThirtyTwoAreOutOfRange) {
  EXPECT_EQ(parse_error("0 0 0 * *"), "day-of-month field \"0\": value 0 is out of range 1-31");
  EXPECT_EQ(parse_error("0 0 32 * *"), "day-of-month field \"32\": value 32 is out of range 1-31");
}

TEST(CronExpressionParseError, MonthZeroAndThirteenAreOutOfRange) {
  EXPECT_EQ(parse_error("0 0 * 0 *"), "month field \"0\": value 0 is out of range 1-12");
  EXPECT_EQ(parse_error("0 0 * 13 *"), "month field \"13\": value 13 is out of range 1-12");
}

TEST(CronExpressionParseError, DayOfWeekEightIsOutOfRange) {
  EXPECT_EQ(parse_error("0 0 * * 8"), "day-of-week field \"8\": value 8 is out of range 0-7");
}

TEST(CronExpressionParseError, RangeEndOutOfRangeIsReported) {
  EXPECT_EQ(parse_error("0 22-24 * * *"),
            "hour field \"22-24\": range end 24 is out of range 0-23");
}

TEST(CronExpressionParseError, ValueInLaterListItemIsReportedWithWholeField) {
  EXPECT_EQ(parse_error("0,15,75 * * * *"),
            "minute field \"0,15,75\": value 75 is out of range 0-59");
}

TEST(CronExpressionParseError, HugeNumberIsTooLargeNotAnOverflow) {
  EXPECT_THAT(parse_error("99999999999999999999 * * * *"), HasSubstr("is too large"));
}

TEST(CronExpressionParseError, ReversedRangeIsRejected) {
  EXPECT_EQ(parse_error("0 5-1 * * *"),
            "hour field \"5-1\": range 5-1 is reversed (start 5 is greater than end 1)");
}

// ---- errors: steps ----

TEST(CronExpressionParseError, StepZeroIsRejected) {
  EXPECT_EQ(parse_error("*/0 * * * *"), "minute field \"*/0\": step 0 is out of range 1-60");
}

TEST(CronExpressionParseError, StepLargerThanFieldIsRejected) {
  EXPECT_EQ(parse_error("0 */25 * * *"), "hour field \"*/25\": step 25 is out of range 1-24");
}

TEST(CronExpressionParseError, MissingStepIsRejected) {
  EXPECT_EQ(parse_error("*/ * * * *"), "minute field \"*/\": missing step after '/' in \"*/\"");
}

TEST(CronExpressionParseError, NonNumericStepIsRejected) {
  EXPECT_EQ(parse_error("*/x * * * *"), "minute field \"*/x\": step \"x\" is not a number");
}

TEST(CronExpressionParseError, StepWithoutRangeOrStarIsRejected) {
  EXPECT_THAT(parse_error("5/10 * * * *"), HasSubstr("needs a range or '*' before '/'"));
  EXPECT_THAT(parse_error("/5 * * * *"), HasSubstr("missing range or '*' before '/'"));
}

TEST(CronExpressionParseError, DoubleStepIsRejected) {
  EXPECT_THAT(parse_error("*/5/2 * * * *"), HasSubstr("more than one '/'"));
}

// ---- errors: lists ----

TEST(CronExpressionParseError, EmptyListItemIsRejected) {
  EXPECT_EQ(parse_error("1,,2 * * * *"), "minute field \"1,,2\": empty list item");
  EXPECT_EQ(parse_error("0 8, * * *"), "hour field \"8,\": empty list item");
  EXPECT_EQ(parse_error("0 0 ,1 * *"), "day-of-month field \",1\": empty list item");
}

// ---- errors: garbage ----

TEST(CronExpressionParseError, LettersAreNotNumbers) {
  EXPECT_EQ(parse_error("a * * * *"), "minute field \"a\": value \"a\" is not a number");
  EXPECT_EQ(parse_error("0 0 * * mon"), "day-of-week field \"mon\": value \"mon\" is not a number");
  EXPECT_EQ(parse_error("0 0 * jan *"), "month field \"jan\": value \"jan\" is not a number");
}

TEST(CronExpressionParseError, MalformedRangesAreRejected) {
  EXPECT_EQ(parse_error("1- * * * *"), "minute field \"1-\": missing end of range in \"1-\"");
  EXPECT_EQ(parse_error("-5 * * * *"), "minute field \"-5\": missing start of range in \"-5\"");
  EXPECT_THAT(parse_error("1-2-3 * * * *"), HasSubstr("range end \"2-3\" is not a number"));
  EXPECT_THAT(parse_error("** * * * *"), HasSubstr("minute field \"**\""));
  EXPECT_THAT(parse_error("0 0 * * 1.5"), HasSubstr("day-of-week field \"1.5\""));
}

TEST(CronExpressionParseError, MacrosAreNotSupported) {
  EXPECT_THAT(parse_error("@daily"), HasSubstr("found 1"));
}

TEST(CronExpressionParseError, DayThatNeverOccursInTheMonthIsRejected) {
  EXPECT_THAT(parse_error("0 0 30 2 *"), HasSubstr("would never fire"));
  EXPECT_THAT(parse_error("0 0 31 4,6,9,11 *"), HasSubstr("would never fire"));
  // With the OR rule the day-of-week still fires, and 29 February exists in leap years.
  parse_ok("0 0 30 2 1");
  parse_ok("0 0 29 2 *");
  parse_ok("0 0 31 2,3 *");
}

// ---- matching ----

TEST(CronExpressionMatches, WildcardMatchesEveryMinute) {
  CronExpression cron = parse_ok("* * * * *");
  EXPECT_TRUE(cron.matches(local(2026, 1, 1, 0, 0)));
  EXPECT_TRUE(cron.matches(local(2028, 2, 29, 23, 59)));
}

TEST(CronExpressionMatches, ListRangeAndStepSelectExactMinutes) {
  CronExpression cron = parse_ok("10-50/10,5 * * * *");
  for (int m : {5, 10, 20, 30, 40, 50}) {
    EXPECT_TRUE(cron.matches(local(2026, 5, 5, 12, m))) << m;
  }
  for (int m : {0, 6, 15, 55, 59}) {
    EXPECT_FALSE(cron.matches(local(2026, 5, 5, 12, m))) << m;
  }
}

TEST(CronExpressionMatches, StarStepCountsFromFieldMinimum) {
  CronExpression cron = parse_ok("*/15 */6 */10 */5 *");
  EXPECT_TRUE(cron.matches(local(2026, 6, 21, 18, 45)));   // 21 = 1 + 2*10, June = 1 + 5
  EXPECT_FALSE(cron.matches(local(2026, 6, 20, 18, 45)));  // 20 is not 1 + k*10
  EXPECT_FALSE(cron.matches(local(2026, 5, 21, 18, 45)));  // May is not 1 + k*5
  EXPECT_FALSE(cron.matches(local(2026, 6, 21, 19, 45)));
}

TEST(CronExpressionMatches, OfficeHoursOnWeekdays) {
  CronExpression cron = parse_ok("*/15 9-17 * * 1-5");
  EXPECT_TRUE(cron.matches(local(2026, 3, 2, 9, 45)));   // Monday
  EXPECT_TRUE(cron.matches(local(2026, 3, 6, 17, 0)));   // Friday
  EXPECT_FALSE(cron.matches(local(2026, 3, 2, 9, 50)));  // not a quarter hour
  EXPECT_FALSE(cron.matches(local(2026, 3, 2, 18, 0)));  // after hours
  EXPECT_FALSE(cron.matches(local(2026, 3, 7, 10, 0)));  // Saturday
  EXPECT_FALSE(cron.matches(local(2026, 3, 1, 10, 0)));  // Sunday
}

TEST(CronExpressionMatches, DayOfWeekSevenAndZeroAreBothSunday) {
  // 1 March 2026 is a Sunday, 2 March a Monday.
  for (std::string_view text : {"0 0 * * 0", "0 0 * * 7"}) {
    CronExpression cron = parse_ok(text);
    EXPECT_TRUE(cron.matches(local(2026, 3, 1, 0, 0))) << text;
    EXPECT_FALSE(cron.matches(local(2026, 3, 2, 0, 0))) << text;
  }
  CronExpression weekend = parse_ok("0 0 * * 5-7");
  EXPECT_TRUE(weekend.matches(local(2026, 2, 27, 0, 0)));  // Friday
  EXPECT_TRUE(weekend.matches(local(2026, 2, 28, 0, 0)));  // Saturday
  EXPECT_TRUE(weekend.matches(local(2026, 3, 1, 0, 0)));   // Sunday
  EXPECT_FALSE(weekend.matches(local(2026, 3, 2, 0, 0)));  // Monday
}

TEST(CronExpressionMatches, MonthRestrictsToThatMonth) {
  CronExpression cron = parse_ok("0 0 * 2 *");
  EXPECT_TRUE(cron.matches(local(2026, 2, 14, 0, 0)));
  EXPECT_FALSE(cron.matches(local(2026, 3, 14, 0, 0)));
}

TEST(CronExpressionMatches, BothDayFieldsRestrictedMatchesEither) {
  // 13th of the month OR Friday.
  CronExpression cron = parse_ok("0 12 13 * 5");
  EXPECT_TRUE(cron.matches(local(2026, 3, 6, 12, 0)));    // Friday 6th
  EXPECT_TRUE(cron.matches(local(2026, 4, 13, 12, 0)));   // Monday 13th
  EXPECT_TRUE(cron.matches(local(2026, 2, 13, 12, 0)));   // Friday 13th
  EXPECT_FALSE(cron.matches(local(2026, 4, 14, 12, 0)));  // Tuesday 14th
}

TEST(CronExpressionMatches, OnlyDayOfMonthRestrictedIgnoresWeekday) {
  CronExpression cron = parse_ok("0 12 13 * *");
  EXPECT_TRUE(cron.matches(local(2026, 4, 13, 12, 0)));
  EXPECT_FALSE(cron.matches(local(2026, 3, 6, 12, 0)));
}

TEST(CronExpressionMatches, OnlyDayOfWeekRestrictedIgnoresDayOfMonth) {
  CronExpression cron = parse_ok("0 12 * * 5");
  EXPECT_TRUE(cron.matches(local(2026, 3, 6, 12, 0)));
  EXPECT_FALSE(cron.matches(local(2026, 4, 13, 12, 0)));
}

TEST(CronExpressionMatches, DayFieldStartingWithStarIsUnrestrictedSoBothMustMatch) {
  // crontab(5): a field starting with '*' is not a restriction, so this is AND:
  // odd days of the month that are also Mondays.
  CronExpression cron = parse_ok("0 12 */2 * 1");
  EXPECT_TRUE(cron.matches(local(2026, 3, 9, 12, 0)));   // Monday 9th
  EXPECT_FALSE(cron.matches(local(2026, 3, 2, 12, 0)));  // Monday 2nd (even)
  EXPECT_FALSE(cron.matches(local(2026, 3, 3, 12, 0)));  // Tuesday 3rd
}

TEST(CronExpressionMatches, HourAndMinuteAccessorsRejectOutOfRangeValues) {
  CronExpression cron = parse_ok("* * * * *");
  EXPECT_FALSE(cron.matches_hour(24));
  EXPECT_FALSE(cron.matches_hour(-1));
  EXPECT_FALSE(cron.matches_minute(60));
  EXPECT_TRUE(cron.matches_minute(59));
}

}  // namespace
}  // namespace esr::schedule
