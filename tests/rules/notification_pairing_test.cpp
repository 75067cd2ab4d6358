// The incumbent rules of notifications: who is current and next on a day, how they pair by site,
// and who is left after a withdrawal.
#include "esr/rules/notification_pairing.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace esr::rules {
namespace {

spec::BusinessDate date(const char* iso) { return *spec::BusinessDate::from_iso(iso); }

const spec::BusinessDate kDay = date("2026-11-23");
constexpr int kWindow = 91;  // next: D < start < D + 91, so up to 2027-02-21

IncumbentFacts placement(std::string id, const char* start, const char* end, std::string site,
                         bool eligible = true) {
  return {std::move(id), date(start), date(end), std::move(site), eligible};
}

// "current/next" ids of each pair ("-" for an empty side), for one readable comparison.
std::vector<std::string> ids(const std::vector<IncumbentSlots>& pairs,
                             const std::vector<IncumbentFacts>& placements) {
  std::vector<std::string> out;
  for (const auto& pair : pairs) {
    auto id = [&](const std::optional<std::size_t>& slot) {
      return slot ? placements[*slot].id : std::string("-");
    };
    out.push_back(id(pair.current) + "/" + id(pair.next));
  }
  return out;
}

using Ids = std::vector<std::string>;

TEST(IncumbentRules, CurrentFromItsStartToItsEndInclusive) {
  EXPECT_TRUE(is_current(placement("1", "2026-11-23", "2027-08-01", "S"), kDay)) << "starts on D";
  EXPECT_TRUE(is_current(placement("1", "2026-08-01", "2026-11-23", "S"), kDay)) << "ends on D";
  EXPECT_FALSE(is_current(placement("1", "2026-08-01", "2026-11-22", "S"), kDay)) << "ended";
  EXPECT_FALSE(is_current(placement("1", "2026-11-24", "2027-08-01", "S"), kDay)) << "not begun";
}

TEST(IncumbentRules, NextWhenItStartsAfterDAndBeforeTheWindowEnds) {
  auto starting = [](const char* start) { return placement("1", start, "2027-12-31", "S"); };
  EXPECT_FALSE(is_next(starting("2026-11-23"), kDay, kWindow)) << "starts on D: current";
  EXPECT_TRUE(is_next(starting("2026-11-24"), kDay, kWindow)) << "D + 1";
  EXPECT_TRUE(is_next(starting("2027-02-21"), kDay, kWindow)) << "D + window - 1";
  EXPECT_FALSE(is_next(starting("2027-02-22"), kDay, kWindow)) << "D + window";
  EXPECT_TRUE(is_next(starting("2026-11-30"), kDay, 8)) << "a shorter window";
  EXPECT_FALSE(is_next(starting("2026-12-01"), kDay, 8));
}

TEST(IncumbentRules, SiteKeysAreTrimmedAndInLowerCase) {
  EXPECT_EQ(site_key("  Site A\t"), "site a");
  EXPECT_EQ(site_key("RX1"), "rx1");
  EXPECT_EQ(site_key("   "), "");
  EXPECT_EQ(site_key(""), "");
}

TEST(IncumbentRules, PlacementIdsOrderNumericallyWhenBothAreDigits) {
  EXPECT_TRUE(placement_id_before("9", "20"));
  EXPECT_FALSE(placement_id_before("20", "9"));
  EXPECT_TRUE(placement_id_before("007", "8")) << "leading zeros do not count";
  EXPECT_TRUE(placement_id_before("007", "7")) << "same number: as text";
  EXPECT_FALSE(placement_id_before("7", "7"));
  EXPECT_TRUE(placement_id_before("20", "9x")) << "not both digits: as text";
  EXPECT_TRUE(placement_id_before("A2", "B1"));
}

TEST(IncumbentRules, StartsBeforeOrdersByStartThenPlacementId) {
  auto early = placement("50", "2026-11-01", "2027-01-01", "S");
  auto late = placement("4", "2026-11-02", "2027-01-01", "S");
  auto tie = placement("6", "2026-11-02", "2027-01-01", "S");
  EXPECT_TRUE(starts_before(early, late));
  EXPECT_FALSE(starts_before(late, early));
  EXPECT_TRUE(starts_before(late, tie)) << "same start: 4 before 6";
  EXPECT_FALSE(starts_before(tie, tie));
}

TEST(IncumbentRules, PairsEachCurrentWithTheEarliestUnusedNextOfItsSite) {
  std::vector<IncumbentFacts> placements = {
      placement("20", "2026-01-02", "2027-01-01", "S1"),   // 0
      placement("9", "2026-01-02", "2027-01-01", "S1"),    // 1
      placement("5", "2026-01-01", "2027-01-01", ""),      // 2: no site, alone
      placement("31", "2027-02-01", "2028-01-01", "s1"),   // 3
      placement("30", "2027-01-01", "2028-01-01", "S1 "),  // 4
      placement("32", "2027-01-01", "2028-01-01", ""),     // 5
  };
  auto pairs = pair_incumbents(placements, {0, 1, 2}, {3, 4, 5});
  EXPECT_EQ(ids(pairs, placements), (Ids{"5/-", "9/30", "20/31", "-/32"}));
}

TEST(IncumbentRules, NextsLeftOverFollowInStartOrderAndCurrentsWithoutANextStayAlone) {
  std::vector<IncumbentFacts> placements = {
      placement("1", "2026-01-01", "2027-01-01", "A"),
      placement("2", "2027-01-05", "2028-01-01", "B"),
      placement("3", "2027-01-04", "2028-01-01", "B"),
  };
  auto pairs = pair_incumbents(placements, {0}, {1, 2});
  EXPECT_EQ(ids(pairs, placements), (Ids{"1/-", "-/3", "-/2"}));
  EXPECT_TRUE(pair_incumbents(placements, {}, {}).empty());
}

TEST(IncumbentRules, PairingTakesTheEligibleCurrentAndNextIncumbentsOfThePost) {
  std::vector<IncumbentFacts> post = {
      placement("1", "2026-08-01", "2026-12-01", "S"),
      placement("2", "2026-12-02", "2027-08-01", "S"),
      placement("3", "2026-08-01", "2026-12-01", "T", false),  // not eligible
      placement("4", "2027-03-01", "2027-08-01", "T"),         // beyond the window
      placement("5", "2025-08-01", "2026-11-22", "T"),         // ended yesterday
  };
  EXPECT_EQ(ids(pairing(post, kDay, kWindow), post), (Ids{"1/2"}));
  EXPECT_TRUE(pairing({}, kDay, kWindow).empty());
}

TEST(IncumbentRules, AForcedPlacementIsPairedOutsideTheWindowAndWhateverItsEligibility) {
  std::vector<IncumbentFacts> post = {
      placement("1", "2026-08-01", "2026-12-01", "S"),
      placement("2", "2027-03-01", "2027-08-01", "S", false),  // the post's copy, left out
      placement("2", "2027-03-01", "2027-08-01", "S", false),  // the one notified
  };
  auto pairs = pairing(post, kDay, kWindow, {.force = 2, .exclude = std::nullopt});
  ASSERT_EQ(pairs.size(), 1U);
  EXPECT_EQ(pairs[0], (IncumbentSlots{0, 2}));
}

TEST(IncumbentRules, AForcedPlacementThatHasStartedIsCurrentEvenAfterItsEnd) {
  std::vector<IncumbentFacts> post = {
      placement("1", "2026-08-01", "2026-11-01", "S"),  // ended
      placement("2", "2026-12-01", "2027-08-01", "S"),
  };
  auto pairs = pairing(post, kDay, kWindow, {.force = 0, .exclude = std::nullopt});
  EXPECT_EQ(ids(pairs, post), (Ids{"1/2"}));
}

TEST(IncumbentRules, AnExcludedPlacementIsLeftOutUnderItsId) {
  std::vector<IncumbentFacts> post = {
      placement("1", "2026-08-01", "2026-12-01", "S"),
      placement("2", "2026-12-02", "2027-08-01", "S"),
      placement("3", "2026-12-03", "2027-08-01", "S"),
  };
  auto pairs = pairing(post, kDay, kWindow, {.force = std::nullopt, .exclude = 1});
  EXPECT_EQ(ids(pairs, post), (Ids{"1/3"}));
}

TEST(IncumbentRules, PairWithFindsThePairHoldingAnIdOnEitherSide) {
  std::vector<IncumbentFacts> post = {
      placement("1", "2026-08-01", "2026-12-01", "S"),
      placement("2", "2026-12-02", "2027-08-01", "S"),
      placement("3", "2026-08-01", "2026-12-01", "T"),
  };
  auto pairs = pairing(post, kDay, kWindow);
  ASSERT_EQ(ids(pairs, post), (Ids{"1/2", "3/-"}));
  EXPECT_EQ(pair_with(pairs, post, "1"), &pairs[0]);
  EXPECT_EQ(pair_with(pairs, post, "2"), &pairs[0]);
  EXPECT_EQ(pair_with(pairs, post, "3"), &pairs[1]);
  EXPECT_EQ(pair_with(pairs, post, "4"), nullptr);
}

TEST(IncumbentRules, AfterAWithdrawalItsPartnerIsPairedAfresh) {
  std::vector<IncumbentFacts> placements = {
      placement("1", "2026-08-01", "2026-12-01", "S"),  // current
      placement("3", "2026-12-10", "2027-08-01", "S"),  // the next after the withdrawn one
      placement("2", "2026-12-02", "2027-08-01", "S"),  // withdrawn (no longer in the post)
  };
  auto left = pair_after_withdrawal(placements, 2, kDay, kWindow);
  EXPECT_EQ(left, (IncumbentSlots{0, 1}));
}

TEST(IncumbentRules, AfterTheWithdrawalOfALoneNextItsSitesFirstPairRemains) {
  std::vector<IncumbentFacts> placements = {
      placement("1", "2026-08-01", "2026-12-01", "S"),
      placement("3", "2026-08-01", "2026-12-01", "T"),
      placement("4", "2026-12-02", "2027-08-01", "T"),
      placement("2", "2026-12-05", "2027-08-01", " t "),  // withdrawn: 4 took T's current
  };
  auto left = pair_after_withdrawal(placements, 3, kDay, kWindow);
  EXPECT_EQ(left, (IncumbentSlots{1, 2}));
}

TEST(IncumbentRules, AfterAWithdrawalThatLeavesNobodyAtItsSiteThereIsNoPair) {
  std::vector<IncumbentFacts> placements = {
      placement("1", "2026-08-01", "2026-12-01", "S"),
      placement("2", "2026-12-02", "2027-08-01", "T"),  // withdrawn
  };
  EXPECT_EQ(pair_after_withdrawal(placements, 1, kDay, kWindow), IncumbentSlots{});
  std::vector<IncumbentFacts> without_site = {
      placement("1", "2026-08-01", "2026-12-01", ""),
      placement("2", "2026-12-02", "2027-08-01", ""),  // withdrawn, paired with nobody
  };
  EXPECT_EQ(pair_after_withdrawal(without_site, 1, kDay, kWindow), IncumbentSlots{});
}

TEST(IncumbentRules, AWithdrawnCurrentLeavesItsNextAlone) {
  std::vector<IncumbentFacts> placements = {
      placement("2", "2026-12-02", "2027-08-01", "S"),
      placement("1", "2026-08-01", "2026-12-01", "S"),  // withdrawn
  };
  EXPECT_EQ(pair_after_withdrawal(placements, 1, kDay, kWindow), (IncumbentSlots{std::nullopt, 0}));
}

const spec::BusinessDate kRotation = date("2026-12-02");

TEST(RotationDay, ArrivalsTakeOverFromTheLeaversOfTheirSite) {
  std::vector<IncumbentFacts> post = {
      placement("1", "2026-08-05", "2026-12-01", "S"),         // leaves
      placement("2", "2026-08-05", "2026-12-01", "T"),         // leaves, nobody arrives at T
      placement("3", "2026-12-02", "2027-08-01", "S"),         // arrives
      placement("4", "2026-12-02", "2027-08-01", "U"),         // arrives at a new site
      placement("5", "2026-12-02", "2027-08-01", "S", false),  // not eligible
      placement("6", "2026-12-03", "2027-08-01", "S"),         // arrives the day after
  };
  auto rotation = rotation_day(post, kRotation);
  EXPECT_EQ(ids(rotation.handovers, post), (Ids{"1/3", "-/4"}));
  EXPECT_TRUE(rotation.vacated.empty()) << "the post is held on and after the day";
}

TEST(RotationDay, APostNobodyHoldsFromTheDayFallsVacantWithItsLeaversInOrder) {
  std::vector<IncumbentFacts> post = {
      placement("20", "2026-08-05", "2026-12-01", "S"),
      placement("9", "2026-08-05", "2026-12-01", "T"),
      placement("1", "2026-01-01", "2026-11-01", "S"),         // left earlier
      placement("7", "2026-08-05", "2027-08-01", "S", false),  // runs on, not eligible
  };
  auto rotation = rotation_day(post, kRotation);
  EXPECT_TRUE(rotation.handovers.empty());
  EXPECT_EQ(rotation.vacated, (std::vector<std::size_t>{1, 0}));
}

TEST(RotationDay, APostHeldOnWithoutArrivalsNeitherHandsOverNorFallsVacant) {
  std::vector<IncumbentFacts> post = {
      placement("1", "2026-08-05", "2026-12-01", "S"),
      placement("2", "2026-08-05", "2026-12-02", "T"),  // ends on the day: still holds it
  };
  auto rotation = rotation_day(post, kRotation);
  EXPECT_TRUE(rotation.handovers.empty());
  EXPECT_TRUE(rotation.vacated.empty());
  EXPECT_TRUE(rotation_day({}, kRotation).vacated.empty());
}

}  // namespace
}  // namespace esr::rules
