// The applicant window: D + min_days <= start < D + max_days.
#include "esr/rules/applicant_window.hpp"

#include <gtest/gtest.h>

namespace esr::rules {
namespace {

spec::BusinessDate date(const char* iso) { return *spec::BusinessDate::from_iso(iso); }

const spec::BusinessDate kDay = date("2026-11-23");

TEST(ApplicantWindow, DefaultBoundsHoldDPlusTwoUpToDPlusThirteenWeeks) {
  ApplicantWindow window(kDay, 2, 91);
  EXPECT_EQ(window.opens().iso(), "2026-11-25");
  EXPECT_EQ(window.ends().iso(), "2027-02-22");
  EXPECT_TRUE(window.holds(date("2026-11-25"))) << "D + min is in";
  EXPECT_FALSE(window.holds(date("2026-11-24"))) << "D + min - 1 is out";
  EXPECT_TRUE(window.holds(date("2027-02-21"))) << "D + max - 1 is in";
  EXPECT_FALSE(window.holds(date("2027-02-22"))) << "D + max is out";
  EXPECT_FALSE(window.holds(kDay));
  EXPECT_EQ(window.text(), "2026-11-25 <= start < 2027-02-22");
}

TEST(ApplicantWindow, ConfiguredBounds) {
  ApplicantWindow window(kDay, 0, 7);
  EXPECT_EQ(window.min_days(), 0);
  EXPECT_EQ(window.max_days(), 7);
  EXPECT_TRUE(window.holds(kDay));
  EXPECT_TRUE(window.holds(date("2026-11-29")));
  EXPECT_FALSE(window.holds(date("2026-11-30")));
  EXPECT_FALSE(window.holds(date("2026-11-22")));
}

TEST(ApplicantWindow, AStartPastTheEndEntersTheWindowOfALaterDay) {
  ApplicantWindow window(kDay, 2, 91);
  auto start = date("2027-03-03");
  auto entered = window.entered_on(start);
  EXPECT_EQ(entered.iso(), "2026-12-03");
  EXPECT_TRUE(ApplicantWindow(entered, 2, 91).holds(start));
  EXPECT_FALSE(ApplicantWindow(entered.plus_days(-1), 2, 91).holds(start));
}

}  // namespace
}  // namespace esr::rules
