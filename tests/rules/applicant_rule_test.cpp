// The applicant rule: one placement on one position, its decision and each reason's words (the
// words `esrd trace` prints; tests/e2e/trace_test.cpp checks them through the binary).
#include "esr/rules/applicant_rule.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esr::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

spec::BusinessDate date(const char* iso) { return *spec::BusinessDate::from_iso(iso); }

const ApplicantWindow kWindow(date("2026-11-23"), 2, 91);  // 2026-11-25 <= start < 2027-02-22

PlacementFacts eligible() {
  PlacementFacts p;
  p.id = "5002";
  p.lifecycle = "APPROVED";
  p.type = "In post";
  p.start = date("2026-12-02");
  return p;
}

PositionFacts live() {
  PositionFacts position;
  position.deanery_number = "EMD/RWEAA/300/STR/001";
  position.id = 8100101;
  return position;
}

const ExclusionFacts kNotExcluded{};

std::vector<Blocker> blockers(const PlacementFacts& p,
                              const std::optional<PositionFacts>& position = live(),
                              const ExclusionFacts& exclusion = kNotExcluded) {
  return applicant_blockers(p, position, kWindow, exclusion);
}

// The only reason the rule gives.
ApplicantReason only_reason(const PlacementFacts& p,
                            const std::optional<PositionFacts>& position = live(),
                            const ExclusionFacts& exclusion = kNotExcluded,
                            const ApplicantWindow& window = kWindow) {
  auto verdict = applicant_rule(p, position, window, exclusion);
  EXPECT_FALSE(verdict.gets_applicant);
  EXPECT_EQ(verdict.reasons.size(), 1U);
  return verdict.reasons.empty() ? ApplicantReason{} : verdict.reasons.front();
}

TEST(ApplicantRule, AnEligiblePlacementInTheWindowOnALivePositionGetsOne) {
  auto verdict = applicant_rule(eligible(), live(), kWindow, kNotExcluded);
  EXPECT_TRUE(verdict.gets_applicant);
  EXPECT_THAT(verdict.reasons, IsEmpty());
  EXPECT_TRUE(gets_applicant(eligible(), live(), kWindow, kNotExcluded));
}

TEST(ApplicantRule, EveryEligibleTypeInOddCase) {
  for (const char* type : {"IN POST", "in post - acting up", "In Post - EXTENSION",
                           "parental LEAVE", "Long-Term Sick", "SUSPENDED", "phased return"}) {
    auto p = eligible();
    p.type = type;
    EXPECT_TRUE(gets_applicant(p, live(), kWindow, kNotExcluded)) << type;
  }
}

TEST(ApplicantRule, DraftIsNotSent) {
  auto p = eligible();
  p.lifecycle = "DRAFT";
  auto reason = only_reason(p);
  EXPECT_EQ(reason.blocker, Blocker::not_approved);
  EXPECT_EQ(reason.why, "lifecycle DRAFT (only APPROVED placements are sent)");
  EXPECT_EQ(reason.to_change, "the placement would have to be APPROVED in TIS");
  EXPECT_FALSE(reason.wait);
  p.lifecycle.clear();
  EXPECT_EQ(only_reason(p).why, "lifecycle empty (only APPROVED placements are sent)");
}

TEST(ApplicantRule, AnIneligibleTypeIsNotSent) {
  auto p = eligible();
  p.type = "OOPT";
  auto reason = only_reason(p);
  EXPECT_EQ(reason.blocker, Blocker::type_not_eligible);
  EXPECT_EQ(reason.why, "placement type 'OOPT' is not eligible");
  EXPECT_EQ(reason.to_change,
            "its placement type would have to be one of In post, In Post - Acting Up, In post - "
            "Extension, Parental Leave, Long-term sick, Suspended, Phased Return");
}

TEST(ApplicantRule, WindowEdges) {
  auto p = eligible();
  p.start = kWindow.day().plus_days(2);
  EXPECT_TRUE(gets_applicant(p, live(), kWindow, kNotExcluded)) << "D + min is in";
  p.start = kWindow.day().plus_days(1);
  EXPECT_THAT(blockers(p), ElementsAre(Blocker::starts_before_window)) << "D + min - 1 is out";
  p.start = kWindow.day().plus_days(90);
  EXPECT_TRUE(gets_applicant(p, live(), kWindow, kNotExcluded)) << "D + max - 1 is in";
  p.start = kWindow.day().plus_days(91);
  EXPECT_THAT(blockers(p), ElementsAre(Blocker::starts_after_window)) << "D + max is out";
}

TEST(ApplicantRule, AConfiguredWindow) {
  ApplicantWindow week(date("2026-11-23"), 0, 7);
  auto p = eligible();
  p.start = date("2026-11-23");
  EXPECT_TRUE(gets_applicant(p, live(), week, kNotExcluded));
  p.start = date("2026-12-02");
  auto reason = only_reason(p, live(), kNotExcluded, week);
  EXPECT_EQ(reason.why,
            "it starts 2026-12-02, on or after the applicant window's end 2026-11-30 (D + 7 days)");
  EXPECT_EQ(reason.to_change, "it enters the window on 2026-11-26 and goes in that day's export");
}

TEST(ApplicantRule, BeforeTheWindowAndAlreadyUnderWay) {
  auto p = eligible();
  p.start = date("2026-11-24");
  auto reason = only_reason(p);
  EXPECT_EQ(reason.blocker, Blocker::starts_before_window);
  EXPECT_EQ(reason.why,
            "it starts 2026-11-24, before the applicant window opens on 2026-11-25 (D + 2 days)");
  EXPECT_EQ(reason.to_change, "its start date would have to be on or after 2026-11-25");
  EXPECT_FALSE(reason.wait);
  p.start = date("2026-11-23");
  EXPECT_EQ(only_reason(p).why,
            "it starts 2026-11-23, before the applicant window opens on 2026-11-25 (D + 2 days); "
            "it is already under way, so ESR hears of it in notifications, not as an applicant");
}

TEST(ApplicantRule, PastTheWindowItIsAWaitNotAChange) {
  auto p = eligible();
  p.start = date("2027-03-03");
  auto reason = only_reason(p);
  EXPECT_EQ(reason.blocker, Blocker::starts_after_window);
  EXPECT_EQ(
      reason.why,
      "it starts 2027-03-03, on or after the applicant window's end 2027-02-22 (D + 91 days)");
  EXPECT_EQ(reason.to_change, "it enters the window on 2026-12-03 and goes in that day's export");
  EXPECT_TRUE(reason.wait);
}

TEST(ApplicantRule, Excluded) {
  auto reason = only_reason(eligible(), live(), {true, "already_sent.txt"});
  EXPECT_EQ(reason.blocker, Blocker::excluded);
  EXPECT_EQ(reason.why,
            "excluded: sent by the previous interface (day-one exclusion list, loaded from "
            "already_sent.txt)");
  EXPECT_EQ(reason.to_change,
            "it would have to come off the day-one exclusion list (only if ESR does not already "
            "have it from the previous interface)");
  EXPECT_EQ(only_reason(eligible(), live(), {true, ""}).why,
            "excluded: sent by the previous interface (day-one exclusion list)");
  EXPECT_FALSE(gets_applicant(eligible(), live(), kWindow, {true, ""}));
}

TEST(ApplicantRule, DeletedPosition) {
  auto position = live();
  position.deleted = true;
  position.matched = true;
  position.how_deleted = "'D' in DE_EMD_RMC_20261124_00004110.DAT line 3";
  auto reason = only_reason(eligible(), position);
  EXPECT_EQ(reason.blocker, Blocker::position_deleted);
  EXPECT_EQ(reason.why,
            "position 8100101 was deleted ('D' in DE_EMD_RMC_20261124_00004110.DAT line 3)");
  EXPECT_EQ(reason.to_change,
            "ESR would have to send position 8100101 again, or another position for "
            "EMD/RWEAA/300/STR/001");
  position.matched = false;
  EXPECT_THAT(blockers(eligible(), position), ElementsAre(Blocker::position_deleted))
      << "deleted says it all";
}

TEST(ApplicantRule, UnmatchedPosition) {
  auto position = live();
  position.matched = false;
  auto reason = only_reason(eligible(), position);
  EXPECT_EQ(reason.blocker, Blocker::position_unmatched);
  EXPECT_EQ(reason.why,
            "position 8100101 is UNMATCHED: no TIS post EMD/RWEAA/300/STR/001 in the latest "
            "extract");
  EXPECT_EQ(reason.to_change,
            "the TIS posts extract would have to hold post EMD/RWEAA/300/STR/001");
}

TEST(ApplicantRule, AbsentPosition) {
  PositionFacts none;
  none.deanery_number = "EMD/RX1RA/002/FY1/014";
  auto reason = only_reason(eligible(), none);
  EXPECT_EQ(reason.blocker, Blocker::position_absent);
  EXPECT_EQ(reason.why, "no ESR position has this deanery number (post not reconciled)");
  EXPECT_EQ(reason.to_change,
            "ESR would have to send a position with deanery number EMD/RX1RA/002/FY1/014 (RMF or "
            "RMC)");
}

TEST(ApplicantRule, WithoutAPostOnlyThePlacementIsJudged) {
  EXPECT_TRUE(gets_applicant(eligible(), std::nullopt, kWindow, kNotExcluded));
  auto p = eligible();
  p.type = "OOPT";
  EXPECT_THAT(blockers(p, std::nullopt), ElementsAre(Blocker::type_not_eligible));
}

TEST(ApplicantRule, UnknownPlacementSaysNothingElseOfThePlacement) {
  PlacementFacts p;
  p.id = "9999";
  p.known = false;
  auto verdict = applicant_rule(p, live(), kWindow, {true, "list.txt"});
  ASSERT_EQ(verdict.reasons.size(), 1U);
  EXPECT_EQ(verdict.reasons[0].why, "no TIS extract loaded holds placement 9999");
  EXPECT_EQ(verdict.reasons[0].to_change,
            "the placement would have to be in a TIS placements extract");
  PositionFacts none;
  none.deanery_number = "X/1";
  EXPECT_THAT(blockers(p, none), ElementsAre(Blocker::placement_unknown, Blocker::position_absent));
}

TEST(ApplicantRule, GoneFromTisAndBadDates) {
  auto p = eligible();
  p.present = false;
  auto gone = only_reason(p);
  EXPECT_EQ(gone.why, "the placement is no longer in the TIS extract (deleted in TIS)");
  EXPECT_EQ(gone.to_change, "the placement would have to come back in the TIS extract");
  p.start.reset();
  p.lifecycle = "DRAFT";
  EXPECT_THAT(blockers(p), ElementsAre(Blocker::placement_gone, Blocker::dates_invalid))
      << "without dates nothing more of the placement is judged";
  auto verdict = applicant_rule(p, live(), kWindow, kNotExcluded);
  EXPECT_EQ(verdict.reasons[1].why, "its start_date or end_date is missing or not a date");
  EXPECT_EQ(verdict.reasons[1].to_change, "TIS would have to give it real start and end dates");
}

TEST(ApplicantRule, EveryReasonInCheckingOrder) {
  auto p = eligible();
  p.present = false;
  p.lifecycle = "DRAFT";
  p.type = "OOPT";
  p.start = date("2027-06-01");
  auto position = live();
  position.matched = false;
  EXPECT_THAT(blockers(p, position, {true, "x.txt"}),
              ElementsAre(Blocker::placement_gone, Blocker::excluded, Blocker::not_approved,
                          Blocker::type_not_eligible, Blocker::starts_after_window,
                          Blocker::position_unmatched));
}

TEST(ApplicantRule, AWaitingRecordStillGoesWhenOnlyTheWindowHasPassedItsStart) {
  EXPECT_TRUE(waiting_applicant_still_goes({}));
  EXPECT_TRUE(waiting_applicant_still_goes({Blocker::starts_before_window}));
  EXPECT_FALSE(
      waiting_applicant_still_goes({Blocker::starts_before_window, Blocker::not_approved}));
  EXPECT_FALSE(waiting_applicant_still_goes({Blocker::placement_gone}));
  EXPECT_FALSE(waiting_applicant_still_goes({Blocker::position_deleted}));
}

}  // namespace
}  // namespace esr::rules
