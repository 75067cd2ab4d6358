// The per-position limit of one APP file: the first `limit` applicants of a position go, the
// rest wait, each position counted on its own.
#include "esr/rules/applicants_per_position.hpp"

#include <gtest/gtest.h>

namespace esr::rules {
namespace {

TEST(ApplicantsPerPosition, TheFirstLimitOfAPositionGoAndTheRestWaitWithTheReason) {
  ApplicantsPerPosition cap(2);
  EXPECT_EQ(cap.admit(100), std::nullopt);
  EXPECT_EQ(cap.admit(100), std::nullopt);
  EXPECT_EQ(cap.admit(100),
            "more than 2 applicants against position 100 in one APP file; sent in a later run");
  EXPECT_NE(cap.admit(100), std::nullopt) << "every one past the limit waits";
}

TEST(ApplicantsPerPosition, EachPositionIsCountedOnItsOwn) {
  ApplicantsPerPosition cap(1);
  EXPECT_EQ(cap.admit(100), std::nullopt);
  EXPECT_EQ(cap.admit(200), std::nullopt);
  EXPECT_NE(cap.admit(100), std::nullopt);
  EXPECT_NE(cap.admit(200), std::nullopt);
  EXPECT_EQ(cap.admit(300), std::nullopt);
}

TEST(ApplicantsPerPosition, TheInterfaceLimitOfFortyLetsFortyThrough) {
  ApplicantsPerPosition cap(40);
  for (int i = 0; i < 40; ++i) ASSERT_EQ(cap.admit(7), std::nullopt) << "applicant " << i + 1;
  EXPECT_NE(cap.admit(7), std::nullopt);
  EXPECT_EQ(cap.limit(), 40);
}

}  // namespace
}  // namespace esr::rules
