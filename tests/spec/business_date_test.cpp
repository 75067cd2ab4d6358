// Calendar dates: parsing both written forms, rejecting impossible dates, day arithmetic.
#include "esr/spec/business_date.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace esr::spec {
namespace {

BusinessDate date(int y, int m, int d) { return BusinessDate{y, m, d}; }

TEST(BusinessDate, FromCompactReadsYyyyMmDd) {
  auto parsed = BusinessDate::from_compact("20261123");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->year, 2026);
  EXPECT_EQ(parsed->month, 11);
  EXPECT_EQ(parsed->day, 23);
  EXPECT_EQ(BusinessDate::from_compact("20210727"), date(2021, 7, 27));
  EXPECT_EQ(BusinessDate::from_compact("00010101"), date(1, 1, 1));
  EXPECT_EQ(BusinessDate::from_compact("99991231"), date(9999, 12, 31));
}

TEST(BusinessDate, RejectsFebruaryThirtieth) {
  EXPECT_FALSE(BusinessDate::from_compact("20260230").has_value());
  EXPECT_FALSE(BusinessDate::from_iso("2026-02-30").has_value());
}

TEST(BusinessDate, RejectsFebruaryTwentyNinthOutsideLeapYears) {
  EXPECT_FALSE(BusinessDate::from_compact("20250229").has_value());
  EXPECT_FALSE(BusinessDate::from_compact("19000229").has_value());  // century, not leap
  EXPECT_FALSE(BusinessDate::from_compact("21000229").has_value());
}

TEST(BusinessDate, AcceptsFebruaryTwentyNinthInLeapYears) {
  EXPECT_EQ(BusinessDate::from_compact("20240229"), date(2024, 2, 29));
  EXPECT_EQ(BusinessDate::from_compact("20000229"), date(2000, 2, 29));  // divisible by 400
  EXPECT_EQ(BusinessDate::from_iso("2024-02-29"), date(2024, 2, 29));
}

TEST(BusinessDate, RejectsYearZero) {
  EXPECT_FALSE(BusinessDate::from_compact("00000101").has_value());
  EXPECT_FALSE(BusinessDate::from_iso("0000-01-01").has_value());
}

TEST(BusinessDate, RejectsImpossibleMonthsAndDays) {
  for (std::string_view text : {"20261301", "20260001", "20260100", "20260431", "20260632",
                                "20261131", "20261232", "20269999"}) {
    SCOPED_TRACE(std::string(text));
    EXPECT_FALSE(BusinessDate::from_compact(text).has_value());
  }
  EXPECT_EQ(BusinessDate::from_compact("20260131"), date(2026, 1, 31));
  EXPECT_EQ(BusinessDate::from_compact("20260430"), date(2026, 4, 30));
}

TEST(BusinessDate, CompactRejectsOtherShapes) {
  for (std::string_view text : {"", "2026112", "202611230", "2026-11-23", "2026112a", "+0261123",
                                " 2026112", "2026112 ", "26-11-23", "２０２６１１２３"}) {
    SCOPED_TRACE(std::string(text));
    EXPECT_FALSE(BusinessDate::from_compact(text).has_value());
  }
}

TEST(BusinessDate, FromIsoReadsYyyyDashMmDashDd) {
  EXPECT_EQ(BusinessDate::from_iso("2026-11-23"), date(2026, 11, 23));
  EXPECT_EQ(BusinessDate::from_iso("2027-02-22"), date(2027, 2, 22));
}

TEST(BusinessDate, IsoRejectsOtherShapes) {
  for (std::string_view text :
       {"", "20261123", "2026/11/23", "2026-1-123", "2026-11-3 ", " 2026-11-3", "2026-11-23T00:00",
        "2026_11_23", "-026-11-23", "2026-+1-23", "2026-13-01", "2026-11-00"}) {
    SCOPED_TRACE(std::string(text));
    EXPECT_FALSE(BusinessDate::from_iso(text).has_value());
  }
}

TEST(BusinessDate, WritesCompactAndIsoWithLeadingZeros) {
  EXPECT_EQ(date(2026, 1, 5).compact(), "20260105");
  EXPECT_EQ(date(2026, 1, 5).iso(), "2026-01-05");
  EXPECT_EQ(date(1, 1, 1).compact(), "00010101");
  EXPECT_EQ(date(1, 1, 1).iso(), "0001-01-01");
  EXPECT_EQ(date(2026, 11, 23).compact(), "20261123");
}

TEST(BusinessDate, ParseAndWriteRoundTrip) {
  for (std::string_view text : {"20240229", "19700101", "20261123", "99991231", "00010101"}) {
    auto parsed = BusinessDate::from_compact(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    EXPECT_EQ(parsed->compact(), text);
    EXPECT_EQ(BusinessDate::from_iso(parsed->iso()), parsed);
  }
}

TEST(BusinessDate, OrdersChronologically) {
  EXPECT_LT(date(2026, 11, 23), date(2026, 11, 24));
  EXPECT_LT(date(2026, 11, 30), date(2026, 12, 1));
  EXPECT_LT(date(2026, 12, 31), date(2027, 1, 1));
  EXPECT_EQ(date(2026, 11, 23), date(2026, 11, 23));
}

TEST(BusinessDate, DaysSinceEpochOfKnownDates) {
  EXPECT_EQ(date(1970, 1, 1).days_since_epoch(), 0);
  EXPECT_EQ(date(1970, 1, 2).days_since_epoch(), 1);
  EXPECT_EQ(date(1969, 12, 31).days_since_epoch(), -1);
  EXPECT_EQ(date(2000, 3, 1).days_since_epoch(), 11017);
  EXPECT_EQ(date(2026, 11, 23).days_since_epoch(), 20780);
  EXPECT_EQ(date(1, 1, 1).days_since_epoch(), -719162);
  EXPECT_EQ(date(9999, 12, 31).days_since_epoch(), 2932896);
}

TEST(BusinessDate, DaysSinceEpochRoundTripsOverEveryDayOfTheCalendar) {
  // Walks 0001-01-01 .. 9999-12-31 day by day: each day number gives the next calendar date.
  BusinessDate expected = date(1, 1, 1);
  for (long days = -719162; days <= 2932896; ++days) {
    auto got = BusinessDate::from_days_since_epoch(days);
    if (got != expected) {
      FAIL() << days << " gave " << got.iso() << ", expected " << expected.iso();
    }
    if (got.days_since_epoch() != days) {
      FAIL() << got.iso() << " gave " << got.days_since_epoch() << ", expected " << days;
    }
    // The next calendar date, by hand.
    if (is_valid_calendar_date(expected.year, expected.month, expected.day + 1)) {
      ++expected.day;
    } else if (expected.month < 12) {
      expected = date(expected.year, expected.month + 1, 1);
    } else {
      expected = date(expected.year + 1, 1, 1);
    }
  }
}

TEST(BusinessDate, PlusDaysCrossesMonthEnds) {
  EXPECT_EQ(date(2026, 1, 31).plus_days(1), date(2026, 2, 1));
  EXPECT_EQ(date(2026, 4, 30).plus_days(1), date(2026, 5, 1));
  EXPECT_EQ(date(2026, 3, 1).plus_days(-1), date(2026, 2, 28));
  EXPECT_EQ(date(2024, 3, 1).plus_days(-1), date(2024, 2, 29));
}

TEST(BusinessDate, PlusDaysCrossesFebruaryInLeapAndCommonYears) {
  EXPECT_EQ(date(2024, 2, 28).plus_days(1), date(2024, 2, 29));
  EXPECT_EQ(date(2024, 2, 29).plus_days(1), date(2024, 3, 1));
  EXPECT_EQ(date(2025, 2, 28).plus_days(1), date(2025, 3, 1));
}

TEST(BusinessDate, PlusDaysCrossesYearEnds) {
  EXPECT_EQ(date(2026, 12, 31).plus_days(1), date(2027, 1, 1));
  EXPECT_EQ(date(2027, 1, 1).plus_days(-1), date(2026, 12, 31));
  EXPECT_EQ(date(2024, 1, 1).plus_days(366), date(2025, 1, 1));
  EXPECT_EQ(date(2025, 1, 1).plus_days(365), date(2026, 1, 1));
}

TEST(BusinessDate, PlusDaysGivesTheApplicantWindowOfTheSamples) {
  // samples/README.md: on 2026-11-23 the window is 2026-11-25 <= start < 2027-02-22.
  EXPECT_EQ(date(2026, 11, 23).plus_days(2), date(2026, 11, 25));
  EXPECT_EQ(date(2026, 11, 23).plus_days(13 * 7), date(2027, 2, 22));
  EXPECT_EQ(date(2026, 11, 24).plus_days(13 * 7), date(2027, 2, 23));
}

TEST(BusinessDate, PlusZeroDaysIsTheSameDate) {
  EXPECT_EQ(date(2026, 11, 23).plus_days(0), date(2026, 11, 23));
}

TEST(BusinessDate, IsValidCalendarDateChecksRanges) {
  EXPECT_TRUE(is_valid_calendar_date(2026, 11, 23));
  EXPECT_FALSE(is_valid_calendar_date(0, 1, 1));
  EXPECT_FALSE(is_valid_calendar_date(10000, 1, 1));
  EXPECT_FALSE(is_valid_calendar_date(2026, 0, 1));
  EXPECT_FALSE(is_valid_calendar_date(2026, 13, 1));
  EXPECT_FALSE(is_valid_calendar_date(2026, 1, 0));
  EXPECT_FALSE(is_valid_calendar_date(2026, 1, 32));
  EXPECT_FALSE(is_valid_calendar_date(2026, 1, -1));
}

}  // namespace
}  // namespace esr::spec
