// The notification engine: TIS events and date-driven triggers (DESIGN §7), named after the
// scenarios of spec/tis-business-rules.md §5 where one applies (docs/notifications.md).
#include <gtest/gtest.h>

#include "notification_fixture.hpp"

namespace esr::outbound {
namespace {

using test_support::NotificationFixture;
using test_support::PlacementRow;
using test_support::StoredNotification;

class Notifications : public NotificationFixture {
 protected:
  void SetUp() override {
    baseline();
    post(npn);
    position({});
  }

  PlacementRow row(const std::string& id, long start, long end) const {
    PlacementRow p;
    p.id = id;
    p.start = day(start);
    p.end = day(end);
    return p;
  }

  static std::vector<std::string> titles(const std::vector<StoredNotification>& list) {
    std::vector<std::string> out;
    for (const auto& n : list) out.push_back(n.title);
    return out;
  }
};

using Titles = std::vector<std::string>;

// --- scenario 1: the 13-week window, across a leap day ---------------------------------------

TEST_F(Notifications, Scenario01_ThirteenWeeksAcrossLeapDay) {
  today_ = *spec::BusinessDate::from_iso("2020-02-28");
  baseline("EOE", "2020-02-20");
  EXPECT_EQ(today_.plus_days(91).iso(), "2020-05-29");
  placement(row("A", 90, 200));  // 2020-05-28: enters the window today
  placement(row("B", 91, 200));  // 2020-05-29: the 13-week day itself is outside it today
  auto counts = generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].f(25), "20200528");
  EXPECT_EQ(counts.type1, 1);
  generate(today_.plus_days(1));
  list = stored();
  ASSERT_EQ(list.size(), 2U);
  EXPECT_EQ(list[1].f(25), "20200529");
}

// --- type 5 ----------------------------------------------------------------------------------

TEST_F(Notifications, Scenario08_NewPostGivesType5WithoutPosition) {
  post("EOE/RGT00/021/FY1/099");
  event("post_created", "EOE/RGT00/021/FY1/099");
  auto counts = generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 1U);
  const auto& n = list[0];
  EXPECT_EQ(n.title, "5");
  EXPECT_EQ(n.f(1), "NOT");
  EXPECT_EQ(n.f(3), "5");
  EXPECT_EQ(n.f(6), "EOE/RGT00/021/FY1/099");
  EXPECT_EQ(n.f(7), "EOE");
  EXPECT_EQ(n.f(2), "");
  EXPECT_EQ(n.f(5), "");
  EXPECT_EQ(n.f(43), "Y");
  EXPECT_FALSE(n.position_id.has_value());
  EXPECT_EQ(n.office, "EOE");
  EXPECT_EQ(counts.type5, 1);
  EXPECT_EQ(counts.events, 1);
}

TEST_F(Notifications, Type5NotRaisedForTheBaselineButTheEventIsConsumed) {
  post("EOE/RGT00/021/FY1/099");
  event("post_created", "EOE/RGT00/021/FY1/099", {}, {}, day(-7));  // the baseline's own date
  auto counts = generate();
  EXPECT_TRUE(stored().empty());
  EXPECT_EQ(counts.events, 1);
  auto left = db_.prepare("SELECT count(*) FROM tis_events WHERE processed = 0");
  ASSERT_TRUE(left.step());
  EXPECT_EQ(left.column_int(0), 0);
}

TEST_F(Notifications, Type5NotRaisedForAPostGoneAgain) {
  post("EOE/RGT00/021/FY1/099", false);
  event("post_created", "EOE/RGT00/021/FY1/099");
  generate();
  EXPECT_TRUE(stored().empty());
}

// --- placement created --------------------------------------------------------------------------

TEST_F(Notifications, Scenario09_NewPlacementWithoutCurrentIsNextOnly) {
  auto p = row("9001", 30, 200);
  p.email = "next@example.nhs.uk";
  p.grade = "F1";
  created(p);
  generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 1U);
  const auto& n = list[0];
  EXPECT_EQ(n.title, "1");
  EXPECT_EQ(n.f(2), "256");
  EXPECT_EQ(n.f(5), "41000101");
  EXPECT_EQ(n.f(6), npn);
  EXPECT_EQ(n.f(7), "EOE");
  EXPECT_EQ(n.f(8), "Foundation Year 1 Doctor");
  EXPECT_EQ(n.f(10), "Medicine Division");
  EXPECT_EQ(n.f(11), "Site One Hospital");
  EXPECT_EQ(n.f(12), "F1");
  EXPECT_EQ(n.f(13), "Host");
  for (int s = 16; s <= 20; ++s) EXPECT_EQ(n.f(s), "") << "S_NOT" << s;
  EXPECT_EQ(n.f(21), "Surname9001");
  EXPECT_EQ(n.f(22), "Forename9001");
  EXPECT_EQ(n.f(24), "NOT KNOWN");
  EXPECT_EQ(n.f(25), compact(30));
  EXPECT_EQ(n.f(26), "next@example.nhs.uk");
  EXPECT_EQ(n.f(27), "Site One Hospital");
  EXPECT_EQ(n.f(32), "F1");
  EXPECT_EQ(n.f(41), "300");
  EXPECT_EQ(n.f(42), "1.0");
  EXPECT_EQ(n.f(43), "N");
  EXPECT_EQ(n.placement_id, "9001");
  EXPECT_EQ(n.state, "pending");
}

TEST_F(Notifications, Scenario10_NewPlacementPairedWithCurrentCarriesItsWte) {
  auto current = row("1001", -30, 40);
  placement(current);
  auto next = row("1002", 41, 200);
  next.wte = "0.5";
  created(next);
  generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].f(16), "Surname1001");
  EXPECT_EQ(list[0].f(19), compact(40));
  EXPECT_EQ(list[0].f(20), "NOT KNOWN");
  EXPECT_EQ(list[0].f(21), "Surname1002");
  EXPECT_EQ(list[0].f(42), "0.5");
  EXPECT_EQ(list[0].f(43), "N");
}

TEST_F(Notifications, Scenario11_CurrentWithEmptySiteCodePairsWithNothing) {
  auto current = row("1101", -30, 40);
  current.site_code = "";
  placement(current);
  auto next = row("1102", 41, 200);
  next.site_code = "";
  created(next);
  generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].f(16), "");
  EXPECT_EQ(list[0].f(21), "Surname1102");
}

TEST_F(Notifications, PairsBySiteCodeIgnoringCaseAndSpaces) {
  auto at_s1 = row("1201", -30, 40);
  at_s1.site_code = " s1 ";
  auto at_s2 = row("1202", -60, 40);
  at_s2.site_code = "S2";
  placement(at_s1);
  placement(at_s2);
  created(row("1203", 41, 200));  // site S1
  generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].f(16), "Surname1201");  // not 1202, although it started earlier
  EXPECT_EQ(list[0].f(21), "Surname1203");
}

TEST_F(Notifications, Scenario22_CreatedApprovedPlacementInWindow) {
  created(row("2201", 30, 120));
  auto counts = generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].title, "1");
  EXPECT_EQ(list[0].f(6), npn);
  EXPECT_EQ(counts.stored, 1);
}

TEST_F(Notifications, Scenario23_DraftFarFutureOrIneligiblePlacementGivesNothing) {
  auto draft = row("2301", 30, 120);
  draft.lifecycle = "DRAFT";
  created(draft);
  created(row("2302", 150, 300));  // +5 months: outside the window
  auto oopt = row("2303", 30, 120);
  oopt.type = "OOPT";
  created(oopt);
  auto still_draft = draft;
  still_draft.start = day(31);
  changed(draft, still_draft, "start_date");
  auto counts = generate();
  EXPECT_TRUE(stored().empty());
  EXPECT_EQ(counts.events, 4);
}

// --- date-driven triggers -----------------------------------------------------------------------

TEST_F(Notifications, Scenario12_WindowEntryPairsWithCurrent) {
  placement(row("1201", -30, 61));
  placement(row("1202", 90, 300));
  generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].f(19), compact(61));
  EXPECT_EQ(list[0].f(25), compact(90));
  EXPECT_EQ(list[0].f(16), "Surname1201");
  EXPECT_EQ(list[0].f(21), "Surname1202");
}

TEST_F(Notifications, Scenario13_WindowEntryWithoutCurrent) {
  placement(row("1301", 90, 300));
  generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].f(19), "");
  EXPECT_EQ(list[0].f(16), "");
  EXPECT_EQ(list[0].f(25), compact(90));
}

TEST_F(Notifications, Scenario14_NothingEntersTheWindow) {
  placement(row("1401", -30, 61));
  auto counts = generate();
  EXPECT_TRUE(stored().empty());
  EXPECT_EQ(counts.stored, 0);
}

TEST_F(Notifications, Scenario17_RotationDayPairsLeaverWithArrival) {
  auto leaver = row("1702", -60, -1);
  leaver.wte = "0.5";
  leaver.legal_surname = "LegalTwo";
  leaver.legal_forenames = "Legal";
  leaver.gmc = "9900102";
  auto arrival = row("1701", 0, 10);
  arrival.gmc = "9900101";
  placement(leaver);
  placement(arrival);
  // The leaver moves on today to another post; the arrival comes from one that ended yesterday.
  auto leaver_next = row("1703", 0, 100);
  leaver_next.npn = "EOE/RGT00/021/FY1/077";
  leaver_next.person = "person-1702";  // the same person: the same personal data
  leaver_next.surname = "Surname1702";
  leaver_next.forenames = "Forename1702";
  leaver_next.legal_surname = leaver.legal_surname;
  leaver_next.legal_forenames = leaver.legal_forenames;
  leaver_next.gmc = leaver.gmc;
  leaver_next.site_name = "Onward Hospital";
  auto arrival_before = row("1704", -100, -1);
  arrival_before.npn = "EOE/RGT00/021/FY1/077";
  arrival_before.person = "person-1701";
  arrival_before.surname = "Surname1701";
  arrival_before.forenames = "Forename1701";
  arrival_before.gmc = arrival.gmc;
  arrival_before.site_name = "Previous Hospital";
  placement(leaver_next);
  placement(arrival_before);
  generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 1U);
  const auto& n = list[0];
  EXPECT_EQ(n.f(16), "LegalTwo");
  EXPECT_EQ(n.f(17), "Legal");
  EXPECT_EQ(n.f(18), "9900102");
  EXPECT_EQ(n.f(19), compact(-1));
  EXPECT_EQ(n.f(20), "Onward Hospital");
  EXPECT_EQ(n.f(21), "Surname1701");
  EXPECT_EQ(n.f(23), "9900101");
  EXPECT_EQ(n.f(24), "Previous Hospital");
  EXPECT_EQ(n.f(25), compact(0));
  EXPECT_EQ(n.f(42), "1.0");
  EXPECT_EQ(n.f(43), "N");
}

TEST_F(Notifications, Scenario18_OrdinaryNamesWhenNoLegalNames) {
  auto current = row("1802", -30, 89);
  current.surname = "Usual";
  current.forenames = "Name";
  auto next = row("1801", 90, 300);
  next.legal_surname = "Legal";
  next.legal_forenames = "Person";
  placement(current);
  placement(next);
  generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].f(16), "Usual");
  EXPECT_EQ(list[0].f(17), "Name");
  EXPECT_EQ(list[0].f(21), "Legal");
  EXPECT_EQ(list[0].f(22), "Person");
}

TEST_F(Notifications, Scenario19_OnlyPlacementsEnteringTodayAreNotified) {
  placement(row("1900", -30, 100));
  placement(row("1901", 90, 300));
  placement(row("1902", 90, 300));
  placement(row("1903", 91, 300));
  placement(row("1904", 730, 900));
  generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 2U);
  EXPECT_EQ(list[0].f(16), "Surname1900");  // the current pairs with the first by id
  EXPECT_EQ(list[0].f(21), "Surname1901");
  EXPECT_EQ(list[1].f(16), "");
  EXPECT_EQ(list[1].f(21), "Surname1902");
  generate(today_.plus_days(1));  // 1903 enters tomorrow
  list = stored();
  ASSERT_EQ(list.size(), 3U);
  EXPECT_EQ(list[2].f(21), "Surname1903");
}

TEST_F(Notifications, Scenario20_PlacementAt95DaysIsNotNotified) {
  placement(row("2001", -30, 100));
  placement(row("2002", 95, 300));
  generate();
  EXPECT_TRUE(stored().empty());
}

TEST_F(Notifications, Scenario21_PostFallingVacant) {
  placement(row("2101", -100, -1));
  auto second = row("2102", -50, -1);
  second.site_code = "S2";
  placement(second);
  auto other_npn = std::string("EOE/RGT00/021/FY1/022");
  post(other_npn);
  position(position_row(8100102, other_npn));
  auto busy = row("2103", -30, 60);
  busy.npn = other_npn;
  placement(busy);
  generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 2U);
  for (const auto& n : list) {
    EXPECT_EQ(n.title, "1");
    EXPECT_EQ(n.f(6), npn);
    EXPECT_EQ(n.f(7), "EOE");
    EXPECT_EQ(n.f(43), "Y");
    EXPECT_EQ(n.f(21), "");
    EXPECT_EQ(n.f(25), "");
    EXPECT_EQ(n.f(19), compact(-1));
  }
  EXPECT_EQ(list[0].f(16), "Surname2101");
  EXPECT_EQ(list[1].f(16), "Surname2102");
}

TEST_F(Notifications, LeaverWithAnIncumbentStillOnThePostIsNotVacant) {
  placement(row("2151", -100, -1));
  placement(row("2152", -30, 60));
  generate();
  EXPECT_TRUE(stored().empty());
}

TEST_F(Notifications, MissedDaysAreCaughtUpOnceAndRerunsAddNothing) {
  generate(today_.plus_days(-3));   // the last evaluated day
  placement(row("3001", 88, 300));  // entered on D-2
  auto second = row("3002", 89, 300);
  second.site_code = "S2";
  placement(second);  // entered on D-1
  auto third = row("3003", 90, 300);
  third.site_code = "S3";
  placement(third);  // enters today
  auto leaver = row("3004", -100, -2);
  leaver.site_code = "S4";
  auto arrival = row("3005", -1, 60);  // rotation on D-1
  arrival.site_code = "S4";
  placement(leaver);
  placement(arrival);
  auto counts = generate();
  EXPECT_EQ(counts.type1, 4);
  auto list = stored();
  ASSERT_EQ(list.size(), 4U);
  EXPECT_EQ(generate().stored, 0);
  EXPECT_EQ(stored().size(), 4U);
}

TEST_F(Notifications, EventsDatedAfterTheBusinessDateWaitForTheirDay) {
  placement(row("3101", 30, 120));
  event("placement_created", "3101", {}, {}, day(1));
  auto counts = generate();
  EXPECT_EQ(counts.events, 0);
  EXPECT_TRUE(stored().empty());
  counts = generate(today_.plus_days(1));
  EXPECT_EQ(counts.events, 1);
  EXPECT_EQ(stored().size(), 1U);
}

// --- placement changed --------------------------------------------------------------------------

TEST_F(Notifications, Scenario15_WteChangeOfNextTraineeGivesType1) {
  // TCS ignored it; DESIGN §7 ("a WTE change alone gives a type 1") and S_NOT42, which carries
  // the next trainee's WTE, make it worth sending.
  placement(row("1500", -30, 40));
  auto before = row("1501", 41, 200);
  auto after = before;
  after.wte = "0.8";
  changed(before, after, "wte");
  generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].title, "1");
  EXPECT_EQ(list[0].f(42), "0.8");
}

TEST_F(Notifications, Scenario16_WteChangeOfCurrentTraineeGivesOneType1) {
  auto before = row("1601", -30, 2);
  before.wte = "0.5";
  auto after = before;
  after.wte = "1";
  placement(row("1602", 3, 200));
  changed(before, after, "wte");
  generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].f(16), "Surname1601");
  EXPECT_EQ(list[0].f(21), "Surname1602");
  EXPECT_EQ(list[0].f(25), compact(3));
}

TEST_F(Notifications, Scenario24_EndDateOfSentCurrentPlacementChanged) {
  auto before = row("2401", -61, 61);
  sent(before, 8100101);
  auto after = before;
  after.end = day(0);
  after.wte = "0.5";
  changed(before, after, "end_date,wte");
  auto counts = generate();
  auto list = stored();
  ASSERT_EQ(titles(list), (Titles{"4", "1"}));
  EXPECT_EQ(list[0].f(39), "");  // a current trainee's hire date is not in the future
  EXPECT_EQ(list[0].f(40), compact(0));
  EXPECT_EQ(list[0].f(19), "");  // cleared in the type 4, as TCS does
  EXPECT_EQ(list[0].f(16), "Surname2401");
  EXPECT_EQ(list[1].f(19), compact(0));
  EXPECT_EQ(list[1].f(39), "");
  EXPECT_EQ(list[1].f(40), "");
  EXPECT_EQ(counts.type4, 1);
  EXPECT_EQ(counts.type1, 1);
}

TEST_F(Notifications, Scenario25_SentFuturePlacementMoved) {
  placement(row("2500", -30, 29));
  auto before = row("2501", 30, 61);
  sent(before, 8100101);
  auto after = before;
  after.start = day(91);
  after.end = day(122);
  changed(before, after, "start_date,end_date");
  generate();
  auto list = stored();
  ASSERT_EQ(titles(list), (Titles{"4", "1"}));
  EXPECT_EQ(list[0].f(39), compact(91));
  EXPECT_EQ(list[0].f(40), compact(122));
  EXPECT_EQ(list[0].f(25), compact(91));
  EXPECT_EQ(list[0].f(19), "");
  EXPECT_EQ(list[1].f(39), "");
  EXPECT_EQ(list[1].f(40), "");
  EXPECT_EQ(list[1].f(19), compact(29));
  EXPECT_EQ(list[1].f(25), compact(91));
}

TEST_F(Notifications, HireDateChangeOnlyWhenTheNewStartIsInTheFuture) {
  auto before = row("2551", 5, 61);
  sent(before, 8100101);
  auto after = before;
  after.start = day(-1);  // moved into the past: no change of hire date
  changed(before, after, "start_date");
  generate();
  auto list = stored();
  ASSERT_EQ(titles(list), (Titles{"4", "1"}));
  EXPECT_EQ(list[0].f(39), "");
  EXPECT_EQ(list[0].f(40), compact(61));
}

TEST_F(Notifications, Scenario26_UnsentPlacementMovedOutsideTheWindowGivesNothing) {
  auto before = row("2601", 120, 180);
  auto after = before;
  after.start = day(150);
  after.end = day(210);
  changed(before, after, "start_date,end_date");
  generate();
  EXPECT_TRUE(stored().empty());
}

TEST_F(Notifications, UnsentPlacementMovedIntoTheWindowGivesType1) {
  auto before = row("2651", 120, 180);
  auto after = before;
  after.start = day(60);
  changed(before, after, "start_date");
  generate();
  auto list = stored();
  ASSERT_EQ(titles(list), (Titles{"1"}));
  EXPECT_EQ(list[0].f(25), compact(60));
}

TEST_F(Notifications, Scenario27_WteOnlyChangeOfCurrentGivesExactlyOneType1) {
  auto before = row("2701", -30, 60);
  sent(before, 8100101);
  auto after = before;
  after.wte = "0.5";
  changed(before, after, "wte");
  generate();
  auto list = stored();
  ASSERT_EQ(titles(list), (Titles{"1"}));
  EXPECT_EQ(list[0].f(16), "Surname2701");
}

TEST_F(Notifications, OtherColumnChangesGiveNothing) {
  auto before = row("2751", -30, 60);
  auto after = before;
  after.email = "new@example.nhs.uk";
  after.wte = "1.00";  // the same WTE written differently
  changed(before, after, "email,wte");
  generate();
  EXPECT_TRUE(stored().empty());
}

TEST_F(Notifications, Scenario31_ApprovalTransitions) {
  auto draft = row("3101", 30, 120);
  draft.lifecycle = "DRAFT";
  placement(draft);
  auto approved = draft;
  approved.lifecycle = "APPROVED";
  changed(draft, approved, "lifecycle");  // first approval: type 1
  generate();
  EXPECT_EQ(titles(stored()), (Titles{"1"}));

  sent(approved, 8100101);
  auto moved = approved;
  moved.start = day(31);
  changed(approved, moved, "start_date");  // approved -> approved, dates moved: 4 + 1
  generate();
  EXPECT_EQ(titles(stored()), (Titles{"1", "4", "1"}));
  EXPECT_EQ(stored()[1].f(39), compact(31));

  auto back_to_draft = moved;
  back_to_draft.lifecycle = "DRAFT";
  changed(moved, back_to_draft, "lifecycle");  // withdraws nothing
  generate();
  EXPECT_EQ(stored().size(), 3U);
}

TEST_F(Notifications, Scenario32_DatesChangedWhileDraftAreNotifiedOnReapproval) {
  auto approved = row("3201", 30, 120);
  sent(approved, 8100101);
  auto draft = approved;
  draft.lifecycle = "DRAFT";
  draft.start = day(31);
  changed(approved, draft, "lifecycle,start_date");
  generate();
  EXPECT_TRUE(stored().empty());
  auto reapproved = draft;
  reapproved.lifecycle = "APPROVED";
  changed(draft, reapproved, "lifecycle");
  generate();
  auto list = stored();
  ASSERT_EQ(titles(list), (Titles{"4", "1"}));
  EXPECT_EQ(list[0].f(39), compact(31));
}

TEST_F(Notifications, Scenario32_DatesRevertedBeforeReapprovalGiveNothing) {
  auto approved = row("3251", 30, 120);
  sent(approved, 8100101);
  auto draft = approved;
  draft.lifecycle = "DRAFT";
  draft.start = day(31);
  changed(approved, draft, "lifecycle,start_date");
  auto reverted = approved;
  changed(draft, reverted, "lifecycle,start_date");
  generate();
  EXPECT_TRUE(stored().empty());
}

TEST_F(Notifications, Scenario36_WteFromEmptyGivesType1) {
  auto before = row("3601", -30, 60);
  before.wte = "";
  auto after = before;
  after.wte = "0.5";
  changed(before, after, "wte");
  generate();
  EXPECT_EQ(titles(stored()), (Titles{"1"}));
}

// --- placement deleted --------------------------------------------------------------------------

TEST_F(Notifications, Scenario28_DeletedSentPlacementReplacedByTheOtherNext) {
  auto gone = row("2801", 1, 200);
  gone.legal_surname = "Withdrawn";
  gone.legal_forenames = "Trainee";
  gone.gmc = "9900106";
  sent(gone, 8100101);
  auto other = row("2802", 32, 200);
  other.legal_surname = "Replacement";
  other.gmc = "9900107";
  placement(other);
  deleted(gone);
  auto counts = generate();
  auto list = stored();
  ASSERT_EQ(titles(list), (Titles{"2", "1"}));
  const auto& withdrawal = list[0];
  EXPECT_EQ(withdrawal.f(28), "Withdrawn");
  EXPECT_EQ(withdrawal.f(29), "Trainee");
  EXPECT_EQ(withdrawal.f(30), "9900106");
  EXPECT_EQ(withdrawal.f(31), "3");
  EXPECT_EQ(withdrawal.f(6), npn);
  EXPECT_EQ(withdrawal.f(21), "");
  EXPECT_EQ(withdrawal.placement_id, "2801");
  const auto& type1 = list[1];
  EXPECT_EQ(type1.f(21), "Replacement");
  EXPECT_EQ(type1.f(23), "9900107");
  EXPECT_EQ(type1.f(16), "");
  EXPECT_EQ(type1.f(28), "");
  EXPECT_EQ(type1.f(6), npn);
  EXPECT_EQ(counts.type2, 1);
}

TEST_F(Notifications, Scenario29_DeletedSentPlacementLeavesTheCurrentAlone) {
  placement(row("2900", -30, 9));
  auto gone = row("2901", 10, 200);
  gone.gmc = "9900106";
  sent(gone, 8100101, "EXPORTED_AND_PROCESSED");
  deleted(gone);
  generate();
  auto list = stored();
  ASSERT_EQ(titles(list), (Titles{"2", "1"}));
  EXPECT_EQ(list[0].f(16), "Surname2900");
  EXPECT_EQ(list[0].f(19), compact(9));
  EXPECT_EQ(list[0].f(28), "Surname2901");
  EXPECT_EQ(list[0].f(43), "Y");
  EXPECT_EQ(list[1].f(16), "Surname2900");
  EXPECT_EQ(list[1].f(21), "");
  EXPECT_EQ(list[1].f(43), "Y");
}

TEST_F(Notifications, Scenario30_DeletedUnsentOrDraftPlacementGivesNothing) {
  deleted(row("3001", 150, 300));
  auto draft = row("3002", 20, 300);
  draft.lifecycle = "DRAFT";
  deleted(draft);
  auto waiting = row("3003", 20, 300);
  sent(waiting, 8100101, "TO_EXPORT");  // not sent yet: ESR does not know it
  deleted(waiting);
  auto refused = row("3004", 20, 300);
  sent(refused, 8100101, "INVALID_DATA");
  deleted(refused);
  auto counts = generate();
  EXPECT_TRUE(stored().empty());
  EXPECT_EQ(counts.events, 4);
}

TEST_F(Notifications, WithdrawnTraineeWithoutGmcHoldsTheType2) {
  auto gone = row("3051", 10, 200);  // no GMC number: S_NOT30 is mandatory for a type 2
  sent(gone, 8100101);
  deleted(gone);
  auto counts = generate();
  EXPECT_EQ(titles(stored()), (Titles{"1"}));
  EXPECT_EQ(counts.held_invalid, 1);
}

// --- positions -----------------------------------------------------------------------------------

TEST_F(Notifications, Scenario39_DeletedOrUnmatchedPositionGetsNothing) {
  std::string gone_npn = "EOE/RGT00/021/FY1/031", loose_npn = "EOE/RGT00/021/FY1/032";
  {
    auto r = position_row(8100131, gone_npn);
    r.deleted = true;
    position(r);
  }
  {
    auto r = position_row(8100132, loose_npn);
    r.matched = false;
    position(r);
  }
  auto a = row("3901", 30, 200);
  a.npn = gone_npn;
  auto b = row("3902", 30, 200);
  b.npn = loose_npn;
  created(a);
  created(b);
  generate();
  EXPECT_TRUE(stored().empty());
}

TEST_F(Notifications, HostAndLeadPositionsEachGetOne) {
  std::string shared = "EOE/RGT00/800/GPST/004";
  {
    auto r = position_row(8100102, shared);
    r.host_lead = "Host Employer";
    r.vpd = "256";
    position(r);
  }
  {
    auto r = position_row(8100103, shared);
    r.host_lead = "Lead Employer";
    r.vpd = "314 Lead Trust";
    position(r);
  }
  auto p = row("4001", 30, 200);
  p.npn = shared;
  created(p);
  generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 2U);
  EXPECT_EQ(list[0].position_id, 8100102);
  EXPECT_EQ(list[0].f(13), "Host");
  EXPECT_EQ(list[0].f(2), "256");
  EXPECT_EQ(list[0].f(5), "41000102");
  EXPECT_EQ(list[1].position_id, 8100103);
  EXPECT_EQ(list[1].f(13), "Lead");
  EXPECT_EQ(list[1].f(2), "314");
  EXPECT_EQ(list[1].f(5), "41000103");
}

TEST_F(Notifications, OccupationCodeLongerThanFiveIsLeftOut) {
  {
    auto r = position_row(8100101);
    r.occupation = "Specialty Registrar (Cornerways)";
    position(r);
  }
  created(row("4101", 30, 200));
  generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].f(12), "");
}

// --- late positions (position_live) ------------------------------------------------------------

class LatePositions : public Notifications {
 protected:
  static constexpr const char* late_npn = "EOE/RGT00/021/FY1/060";
  static constexpr std::int64_t late_id = 8100160;

  // A post whose placements are already in the window (a current paired with a next at S1, a
  // lone current at S2) and which has no position yet.
  void SetUp() override {
    Notifications::SetUp();
    post(late_npn);
    placement(on_late_post(row("6001", -30, 40)));
    placement(on_late_post(row("6002", 41, 200)));
    auto lone = on_late_post(row("6003", -60, 100));
    lone.site_code = "S2";
    placement(lone);
  }

  static PlacementRow on_late_post(PlacementRow p) {
    p.npn = late_npn;
    return p;
  }

  // The position as the RMT applier or the rematch leaves it, and the event they record.
  void position_goes_live(const std::string& date, bool matched = true) {
    auto r = position_row(late_id, late_npn);
    r.matched = matched;
    position(r);
    event("position_live", std::to_string(late_id), {}, {}, date);
  }

  std::vector<StoredNotification> on_late_position() {
    std::vector<StoredNotification> out;
    for (auto& n : stored()) {
      if (n.position_id == late_id) out.push_back(std::move(n));
    }
    return out;
  }

  std::string cause_of(std::int64_t id) {
    auto select = db_.prepare("SELECT cause FROM notifications WHERE id = ?1");
    select.bind(1, id);
    return select.step() ? select.column_text(0) : std::string();
  }
};

TEST_F(LatePositions, PositionArrivingAfterWindowEntryGetsOneType1PerPairOnceOnly) {
  generate();  // the placements are known, the position is not: nothing for the post
  EXPECT_TRUE(on_late_position().empty());
  position_goes_live(day(1));
  auto counts = generate(today_.plus_days(1));
  auto list = on_late_position();
  ASSERT_EQ(list.size(), 2U);
  EXPECT_EQ(counts.type1, 2);
  // In pairing order: currents by start (6003 alone at S2, then 6001 with 6002 at S1).
  EXPECT_EQ(list[0].placement_id, "6003");  // a lone current is its own subject
  EXPECT_EQ(list[0].f(16), "Surname6003");
  EXPECT_EQ(list[0].f(21), "");
  EXPECT_EQ(list[0].f(43), "Y");
  const auto& pair = list[1];
  EXPECT_EQ(pair.title, "1");
  EXPECT_EQ(pair.placement_id, "6002");  // the next of the pair
  EXPECT_EQ(pair.f(2), "256");
  EXPECT_EQ(pair.f(5), "41000160");
  EXPECT_EQ(pair.f(6), late_npn);
  EXPECT_EQ(pair.f(16), "Surname6001");
  EXPECT_EQ(pair.f(19), compact(40));
  EXPECT_EQ(pair.f(21), "Surname6002");
  EXPECT_EQ(pair.f(25), compact(41));
  EXPECT_EQ(pair.f(43), "N");
  EXPECT_EQ(pair.f(45), "");
  EXPECT_NE(cause_of(pair.id).find("position_live"), std::string::npos);
  db_.exec("UPDATE notifications SET state = 'exported'");

  EXPECT_EQ(generate(today_.plus_days(1)).stored, 0);  // the same day again
  EXPECT_EQ(generate(today_.plus_days(2)).stored, 0);  // and the next day
  EXPECT_EQ(on_late_position().size(), 2U);
}

TEST_F(LatePositions, PositionMatchedByANewTisPostGetsItsType1) {
  position_goes_live(day(-3), false);  // an RMC dated after the baseline: unmatched, no event yet
  db_.exec("DELETE FROM tis_events");
  created(on_late_post(row("6004", 60, 200)));  // notified on no position: none is live
  generate();
  EXPECT_TRUE(on_late_position().empty());
  db_.exec("UPDATE positions SET matched = 1 WHERE position_id = 8100160");  // the rematch
  event("position_live", std::to_string(late_id), {}, {}, day(1));
  generate(today_.plus_days(1));
  auto list = on_late_position();
  ASSERT_EQ(list.size(), 3U);
  EXPECT_EQ(list[0].placement_id, "6003");
  EXPECT_EQ(list[1].placement_id, "6002");
  EXPECT_EQ(list[2].placement_id, "6004");  // a next left over after the pairing
  EXPECT_EQ(list[2].f(25), compact(60));
}

TEST_F(LatePositions, UndeletedPositionGetsOnlyTheType1sItMissed) {
  position_goes_live(day(-3));
  db_.exec("DELETE FROM tis_events");
  created(on_late_post(row("6002", 41, 200)));  // a changed row, as if created now: one type 1
  generate();
  ASSERT_EQ(on_late_position().size(), 1U);
  db_.exec("UPDATE positions SET deleted = 1 WHERE position_id = 8100160");  // ESR's D
  auto newcomer = on_late_post(row("6005", 50, 200));
  newcomer.site_code = "S3";
  created(newcomer);  // while the position is deleted: nothing
  generate();
  ASSERT_EQ(on_late_position().size(), 1U);
  db_.exec("UPDATE notifications SET state = 'exported'");
  db_.exec("UPDATE positions SET deleted = 0 WHERE position_id = 8100160");  // C again
  event("position_live", std::to_string(late_id), {}, {}, day(1));
  generate(today_.plus_days(1));
  auto list = on_late_position();
  ASSERT_EQ(list.size(), 3U);  // 6002 had its type 1 already: 6003 and 6005 are new
  EXPECT_EQ(list[1].placement_id, "6003");
  EXPECT_EQ(list[2].placement_id, "6005");
}

TEST_F(LatePositions, PlacementsWithTheirType1AlreadyOnThePositionGetNothingNew) {
  auto r = position_row(late_id, late_npn);
  position(r);
  created(on_late_post(row("6002", 41, 200)));
  auto lone = on_late_post(row("6003", -60, 100));
  lone.site_code = "S2";
  lone.wte = "0.5";
  changed(on_late_post(row("6003", -60, 100)), lone, "wte");
  generate();
  ASSERT_EQ(on_late_position().size(), 2U);
  db_.exec("UPDATE notifications SET state = 'exported'");
  event("position_live", std::to_string(late_id), {}, {}, day(1));  // e.g. moved back to it
  auto counts = generate(today_.plus_days(1));
  EXPECT_EQ(counts.events, 1);
  EXPECT_EQ(counts.stored, 0);
  EXPECT_EQ(counts.duplicates, 0);
  EXPECT_EQ(on_late_position().size(), 2U);
}

TEST_F(LatePositions, PositionGoneLiveOnOrBeforeTheBaselineGivesNothing) {
  position_goes_live(day(-7));  // the baseline's own date
  event("position_live", std::to_string(late_id), {}, {}, day(-8));
  auto counts = generate();
  EXPECT_EQ(counts.events, 2);
  EXPECT_TRUE(on_late_position().empty());
}

TEST_F(LatePositions, PositionNoLongerLiveByTheRunGivesNothing) {
  position_goes_live(day(0));
  db_.exec("UPDATE positions SET deleted = 1 WHERE position_id = 8100160");
  event("position_live", "not a position id");
  EXPECT_EQ(generate().events, 2);
  EXPECT_TRUE(on_late_position().empty());
}

// --- posts ended: S_NOT45 DEL
// ---------------------------------------------------------------------

class PostsEnded : public Notifications {
 protected:
  // The fixture's post with a lead position beside the host one, one position ESR deleted, and
  // trainees on it.
  void SetUp() override {
    Notifications::SetUp();
    auto lead = position_row(8100102);
    lead.host_lead = "Lead Employer";
    lead.vpd = "314 Lead Trust";
    position(lead);
    auto gone = position_row(8100103);
    gone.deleted = true;
    position(gone);
    placement(row("7001", -30, 40));
    placement(row("7002", 41, 200));
  }

  static std::string post_row(const std::string& status) {
    return nlohmann::json{{"npn", npn}, {"status", status}, {"local_office", "EOE"}}.dump();
  }

  // The extract left the post out: TIS import marks it absent and the rematch unmatches.
  void removed(const std::string& status_before = "CURRENT") {
    post(npn, false);
    db_.exec("UPDATE positions SET matched = 0");
    event("post_removed", npn, post_row(status_before));
  }

  void made_inactive() {
    db_.exec("UPDATE tis_posts SET status = 'INACTIVE'");
    event("post_inactive", npn, post_row("CURRENT"), "status");
  }

  static void expect_delete_of(const StoredNotification& n, std::int64_t position_id) {
    EXPECT_EQ(n.title, "1");
    EXPECT_EQ(n.position_id, position_id);
    EXPECT_EQ(n.placement_id, "");
    EXPECT_EQ(n.f(5), std::to_string(position_id - 8100000 + 41000000));
    EXPECT_EQ(n.f(6), npn);
    EXPECT_EQ(n.f(7), "EOE");
    EXPECT_EQ(n.f(8), "Foundation Year 1 Doctor");
    EXPECT_EQ(n.f(41), "300");
    for (int s = 16; s <= 32; ++s) EXPECT_EQ(n.f(s), "") << "S_NOT" << s;
    EXPECT_EQ(n.f(42), "");
    EXPECT_EQ(n.f(43), "Y");
    EXPECT_EQ(n.f(45), "DEL");
  }
};

TEST_F(PostsEnded, RemovedPostGivesOneDelPerPositionNotDeletedOnce) {
  removed();
  auto counts = generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 2U);
  expect_delete_of(list[0], 8100101);
  EXPECT_EQ(list[0].f(2), "256");
  EXPECT_EQ(list[0].f(13), "Host");
  expect_delete_of(list[1], 8100102);
  EXPECT_EQ(list[1].f(2), "314");
  EXPECT_EQ(list[1].f(13), "Lead");
  EXPECT_EQ(counts.type1, 2);
  db_.exec("UPDATE notifications SET state = 'exported'");
  EXPECT_EQ(generate().stored, 0);
  EXPECT_EQ(generate(today_.plus_days(1)).stored, 0);
  EXPECT_EQ(stored().size(), 2U);
}

TEST_F(PostsEnded, InactivePostGivesOneDelPerPositionAndItsRemovalLaterNothingMore) {
  made_inactive();
  generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 2U);
  expect_delete_of(list[0], 8100101);
  expect_delete_of(list[1], 8100102);
  db_.exec("UPDATE notifications SET state = 'exported'");
  removed("INACTIVE");
  EXPECT_EQ(generate(today_.plus_days(1)).stored, 0);
  EXPECT_EQ(stored().size(), 2U);
}

TEST_F(PostsEnded, RemovedPostWithoutPositionsGivesNothing) {
  std::string bare = "EOE/RGT00/021/FY1/061";
  post(bare, false);
  event("post_removed", bare, post_row("CURRENT"));
  auto counts = generate();
  EXPECT_EQ(counts.events, 1);
  EXPECT_TRUE(stored().empty());
}

TEST_F(PostsEnded, PostBackBeforeTheRunGivesNothing) {
  event("post_removed", npn, post_row("CURRENT"));  // present again by the time of the run
  event("post_inactive", npn, post_row("CURRENT"), "status");  // and CURRENT again
  auto counts = generate();
  EXPECT_EQ(counts.events, 2);
  EXPECT_TRUE(stored().empty());
}

// --- field content -------------------------------------------------------------------------------

TEST_F(Notifications, VpdFieldsNameTheOtherPlacementOrNotKnown) {
  std::string elsewhere = "EOE/RGT00/021/FY1/055";
  auto current = row("4201", -30, 40);
  current.person = "trainee-a";
  auto current_next = row("4202", 60, 300);  // the current trainee's next placement, another post
  current_next.npn = elsewhere;
  current_next.person = "trainee-a";
  current_next.site_name = "Onward General";
  auto next = row("4203", 41, 200);
  next.person = "trainee-b";
  auto next_current = row("4204", -60, 40);  // the next trainee's placement today, a long site name
  next_current.npn = elsewhere;
  next_current.person = "trainee-b";
  next_current.site_name = std::string(95, 'x') + "ééééééé";  // 102 characters, 109 bytes
  placement(current);
  placement(current_next);
  placement(next_current);
  created(next);
  generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].f(20), "Onward General");
  EXPECT_EQ(list[0].f(24), std::string(95, 'x') + "ééééé");  // 100 characters
}

TEST_F(Notifications, NotKnownWhenTheOtherPlacementIsIneligibleOrHasNoSite) {
  auto current = row("4301", -30, 40);
  current.person = "trainee-a";
  auto oopt = row("4302", 41, 300);
  oopt.npn = "EOE/RGT00/021/FY1/056";
  oopt.person = "trainee-a";
  oopt.type = "OOPT";
  auto next = row("4303", 41, 200);
  next.person = "trainee-b";
  auto no_site = row("4304", -60, 40);
  no_site.npn = "EOE/RGT00/021/FY1/056";
  no_site.person = "trainee-b";
  no_site.site_name = "";
  placement(current);
  placement(oopt);
  placement(no_site);
  created(next);
  generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].f(20), "NOT KNOWN");
  EXPECT_EQ(list[0].f(24), "NOT KNOWN");
}

TEST_F(Notifications, GmcGoesOutOnlyAsSevenDigits) {
  auto current = row("4401", -30, 40);
  current.gmc = "UNKNOWN";
  auto next = row("4402", 41, 200);
  next.gmc = "C1234567";
  placement(current);
  created(next);
  generate();
  auto list = stored();
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].f(18), "");
  EXPECT_EQ(list[0].f(23), "1234567");
}

TEST_F(Notifications, InvalidNotificationIsHeldCountedAndNotStored) {
  {
    auto r = position_row(8100101);
    r.vpd = "";
    position(r);
  }  // S_NOT02 is mandatory for a type 1
  created(row("4501", 30, 200));
  auto counts = generate();
  EXPECT_TRUE(stored().empty());
  EXPECT_EQ(counts.held_invalid, 1);
  EXPECT_EQ(counts.stored, 0);
}

TEST_F(Notifications, IdenticalNotificationIsNotStoredTwice) {
  created(row("4601", 90, 200));  // created on the day it enters the window: two triggers
  auto counts = generate();
  EXPECT_EQ(stored().size(), 1U);
  EXPECT_EQ(counts.stored, 1);
  EXPECT_EQ(counts.duplicates, 1);
}

TEST_F(Notifications, NeverType3) {
  auto gone = row("4701", 10, 200);
  gone.gmc = "9900106";
  sent(gone, 8100101);
  placement(row("4702", 20, 200));
  deleted(gone);
  generate();
  for (const auto& n : stored()) {
    EXPECT_NE(n.title, "3");
    for (int s = 33; s <= 37; ++s) EXPECT_EQ(n.f(s), "") << "S_NOT" << s;
  }
}

// --- building blocks -----------------------------------------------------------------------------

TEST(NotificationValues, WteToOneDecimalHalfUpOnTheDecimalText) {
  EXPECT_EQ(format_wte("1"), "1.0");
  EXPECT_EQ(format_wte("1.00"), "1.0");
  EXPECT_EQ(format_wte("0.5"), "0.5");
  EXPECT_EQ(format_wte("0.25"), "0.3");  // Java's binary HALF_EVEN gave 0.2
  EXPECT_EQ(format_wte("0.75"), "0.8");
  EXPECT_EQ(format_wte("0.65"), "0.7");  // Java gave 0.6
  EXPECT_EQ(format_wte("0.15"), "0.2");
  EXPECT_EQ(format_wte("0.95"), "1.0");  // Java gave 0.9
  EXPECT_EQ(format_wte("0.749"), "0.7");
  EXPECT_EQ(format_wte(".6"), "0.6");
  EXPECT_EQ(format_wte(""), "");
  EXPECT_EQ(format_wte("half"), "");
}

TEST(NotificationValues, VpdHostLeadAndTruncation) {
  EXPECT_EQ(notification_vpd("256"), "256");
  EXPECT_EQ(notification_vpd("060 North East Wales NHS Trust"), "060");
  EXPECT_EQ(notification_vpd(""), "");
  EXPECT_EQ(notification_vpd("Trust"), "Trust");
  EXPECT_EQ(host_or_lead("Host Employer"), "Host");
  EXPECT_EQ(host_or_lead("Lead Employer"), "Lead");
  EXPECT_EQ(host_or_lead("Host"), "Host");
  EXPECT_EQ(host_or_lead("lead"), "Lead");
  EXPECT_EQ(truncate_chars("Siân", 3), "Siâ");
  EXPECT_EQ(truncate_chars("abc", 5), "abc");
}

PlacementRow at(const std::string& id, const std::string& start, const std::string& site,
                const std::string& end = "2030-01-01") {
  PlacementRow p;
  p.id = id;
  p.start = start;
  p.end = end;
  p.site_code = site;
  return p;
}

Placement view(const PlacementRow& row) {
  return *test_support::placement_view(nlohmann::json::parse(row.json()));
}

// The pairing rules are tested in tests/rules; here, that their pairs come back as the
// placements they were asked about.
TEST(NotificationPairing, ThePairsOfAPostAreItsOwnPlacements) {
  auto day = *spec::BusinessDate::from_iso("2026-11-23");
  std::vector<Placement> post = {view(at("9", "2026-01-02", "S1")),
                                 view(at("30", "2026-12-01", "s1")),
                                 view(at("31", "2026-12-02", "S1"))};
  auto pairs = incumbent_pairs(post, day, 91);
  ASSERT_EQ(pairs.size(), 2U);
  EXPECT_EQ(pairs[0].current->id, "9");
  EXPECT_EQ(pairs[0].next->id, "30");
  EXPECT_EQ(pairs[0].next->site_code, "s1");
  EXPECT_FALSE(pairs[1].current.has_value());
  EXPECT_EQ(pairs[1].next->id, "31");

  auto late = view(at("40", "2027-06-01", "S2"));  // outside the window, and not in the post
  auto pair = pair_of(post, late, day, 91);
  ASSERT_TRUE(pair.has_value());
  EXPECT_FALSE(pair->current.has_value());
  EXPECT_EQ(pair->next->id, "40");
  EXPECT_EQ(pair->next->site_code, "S2");

  auto withdrawn = view(at("30", "2026-12-01", "S1"));
  auto left = pair_after_withdrawal(post, withdrawn, day, 91);
  EXPECT_EQ(left.current->id, "9");
  EXPECT_EQ(left.next->id, "31") << "9's next withdrawn: the next of its site after it";
}

TEST(NotificationPairing, ARotationDayHandsOverOrLeavesThePostVacant) {
  std::vector<Placement> post = {view(at("7", "2026-01-01", "S1", "2026-11-30")),
                                 view(at("8", "2026-01-01", "S2", "2026-11-30")),
                                 view(at("30", "2026-12-01", "S1", "2027-08-01"))};
  auto rotation = rotation_pairs(post, *spec::BusinessDate::from_iso("2026-12-01"));
  ASSERT_EQ(rotation.handovers.size(), 1U);
  EXPECT_EQ(rotation.handovers[0].current->id, "7");
  EXPECT_EQ(rotation.handovers[0].next->id, "30");
  EXPECT_TRUE(rotation.vacated.empty()) << "30 holds the post";
  post.pop_back();
  rotation = rotation_pairs(post, *spec::BusinessDate::from_iso("2026-12-01"));
  EXPECT_TRUE(rotation.handovers.empty());
  ASSERT_EQ(rotation.vacated.size(), 2U);
  EXPECT_EQ(rotation.vacated[0].current->id, "7");
  EXPECT_EQ(rotation.vacated[1].current->id, "8");
  EXPECT_FALSE(rotation.vacated[0].next.has_value());
}

}  // namespace
}  // namespace esr::outbound
