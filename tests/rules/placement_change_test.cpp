// The notice a changed placement calls for on one position, and the cause it records.
#include "esr/rules/placement_change.hpp"

#include <gtest/gtest.h>

namespace esr::rules {
namespace {

// An eligible placement on the same post as before, nothing changed, no applicant sent.
PlacementChangeFacts unchanged() {
  PlacementChangeFacts facts;
  facts.previous_known = true;
  facts.previous_eligible = true;
  facts.same_post = true;
  facts.dates_changed = false;
  return facts;
}

::testing::AssertionResult expect_verdict(const PlacementChangeFacts& facts, ChangeNotice notice,
                                          std::string_view why) {
  auto verdict = placement_change(facts);
  if (verdict.notice == notice && verdict.why == why) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "notice " << static_cast<int>(verdict.notice) << " why \"" << verdict.why << "\"";
}

TEST(PlacementChange, NothingChangedIsNothingToSay) {
  EXPECT_TRUE(expect_verdict(unchanged(), ChangeNotice::none, ""));
}

TEST(PlacementChange, WithoutAnApplicantSentEachChangeIsAType1WithItsCause) {
  auto facts = unchanged();
  facts.dates_changed = true;
  facts.wte_changed = true;
  EXPECT_TRUE(expect_verdict(facts, ChangeNotice::type1, "dates")) << "dates come before the WTE";
  facts = unchanged();
  facts.wte_changed = true;
  EXPECT_TRUE(expect_verdict(facts, ChangeNotice::type1, "wte"));
}

TEST(PlacementChange, APlacementThatBecameEligibleOrMovedPostIsAType1) {
  auto facts = unchanged();
  facts.previous_eligible = false;
  EXPECT_TRUE(expect_verdict(facts, ChangeNotice::type1, "became eligible"));
  facts = unchanged();
  facts.same_post = false;
  facts.dates_changed = true;
  EXPECT_TRUE(expect_verdict(facts, ChangeNotice::type1, "became eligible"));
  PlacementChangeFacts unknown;  // no row kept from before
  EXPECT_TRUE(expect_verdict(unknown, ChangeNotice::type1, "became eligible"));
}

TEST(PlacementChange, NewDatesOfASentApplicantAreAType4ThenAType1) {
  auto facts = unchanged();
  facts.applicant_sent = true;
  facts.dates_changed = true;
  EXPECT_TRUE(expect_verdict(facts, ChangeNotice::type4_then_type1, "dates (sent applicant)"));
}

TEST(PlacementChange, ANewWteOfASentApplicantIsAType1AndNoType4) {
  auto facts = unchanged();
  facts.applicant_sent = true;
  facts.wte_changed = true;
  EXPECT_TRUE(expect_verdict(facts, ChangeNotice::type1, "wte"));
}

TEST(PlacementChange, AReApprovalIsComparedWithTheDatesTheApplicantCarried) {
  auto facts = unchanged();
  facts.applicant_sent = true;
  facts.previous_eligible = false;  // DRAFT -> APPROVED
  facts.dates_changed = true;       // against the DRAFT row: not what ESR holds
  facts.sent_dates_differ = false;  // ESR holds these dates already
  EXPECT_TRUE(expect_verdict(facts, ChangeNotice::none, ""))
      << "re-approval with the dates ESR has: nothing new";
  facts.sent_dates_differ = true;
  EXPECT_TRUE(expect_verdict(facts, ChangeNotice::type4_then_type1, "dates (sent applicant)"));
}

}  // namespace
}  // namespace esr::rules
