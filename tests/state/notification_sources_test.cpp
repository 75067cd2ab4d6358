// state/notification_sources: what the notification engine reads of the TIS snapshot, the
// positions and the applicants sent, on a migrated database filled row by row.
#include "esr/state/notification_sources.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "esr/db/transaction.hpp"
#include "esr/state/applicants.hpp"
#include "state_rows.hpp"
#include "support/tis_rows.hpp"

namespace esr::state {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

spec::BusinessDate date(const char* iso) { return *spec::BusinessDate::from_iso(iso); }

constexpr const char* kPost = "EMD/RWEAA/300/STR/001";
constexpr const char* kOtherPost = "EMD/RWEAA/300/STR/002";

class NotificationSourcesTest : public test_support::StateRows {
 protected:
  void placement(const std::string& id, const std::string& npn, const std::string& start,
                 const std::string& end = "2027-08-03", bool present = true,
                 const std::string& person = "77") {
    test_support::put_placement(db_,
                                {{"placement_id", id},
                                 {"npn", npn},
                                 {"placement_type", "In Post"},
                                 {"lifecycle", "APPROVED"},
                                 {"start_date", start},
                                 {"end_date", end},
                                 {"site_name", "Site " + id},
                                 {"person_id", person},
                                 {"surname", "Surname" + person}},
                                present);
  }

  void post(const std::string& npn, const std::string& status, bool present = true) {
    auto insert = db_.prepare(
        "INSERT INTO tis_posts(npn, local_office, status, present) VALUES (?1, ?2, ?3,"
        " ?4)");
    insert.bind(1, npn)
        .bind(2, npn.substr(0, npn.find('/')))
        .bind(3, status)
        .bind(4, present ? 1 : 0);
    insert.run();
  }

  // An applicant of the placement on the position, then moved to `state` as if sent.
  void applicant(const std::string& placement_id, std::int64_t position_id, const char* start,
                 ApplicantState applicant_state) {
    GeneratedApplicant generated;
    generated.key = {placement_id, position_id};
    generated.local_office = "EMD";
    generated.deanery_number = kPost;
    generated.effective_date = date("2026-11-23");
    generated.start_date = date(start);
    generated.end_date = date("2027-08-03");
    generated.at = "2026-11-23T18:00:00Z";
    {
      db::Transaction tx(db_);
      ApplicantGeneration(tx).store(generated);
      tx.commit();
    }
    auto update = db_.prepare(
        "UPDATE applicants SET state = ?3 WHERE placement_id = ?1 AND position_id = ?2");
    update.bind(1, placement_id).bind(2, position_id).bind(3, to_text(applicant_state));
    update.run();
  }

  template <typename Records>
  static std::vector<std::string> ids(const Records& records) {
    std::vector<std::string> out;
    for (const auto& record : records) out.push_back(fmt::format("{}", record.id));
    return out;
  }
};

TEST_F(NotificationSourcesTest, PlacementsOfAPostArePresentOnesInStoredOrderWithTheirPeople) {
  placement("20", kPost, "2026-12-02");
  placement("9", kPost, "2026-12-01", "2027-08-03", true, "78");
  placement("30", kOtherPost, "2026-12-02");
  placement("40", kPost, "2026-12-02", "2027-08-03", false);  // deleted in TIS
  placement("50", kPost, "2026-02-30");                       // not a day
  NotificationSources sources(db_);
  auto list = sources.placements_of_post(kPost);
  EXPECT_THAT(ids(list), ElementsAre("20", "9"));
  EXPECT_EQ(list[1].person.surname, "Surname78");
  EXPECT_EQ(list[1].start.iso(), "2026-12-01");
  EXPECT_THAT(sources.placements_of_post("EMD/NONE"), IsEmpty());
  EXPECT_THAT(ids(sources.placements_of_post(kOtherPost)), ElementsAre("30")) << "reused";
}

TEST_F(NotificationSourcesTest, LivePositionsAreUndeletedAndMatchedInPositionIdOrder) {
  add_position(3, kPost);
  add_position(1, kPost);
  add_position(2, kPost);
  add_position(4, kPost);
  add_position(5, kOtherPost);
  db_.exec("UPDATE positions SET matched = 0 WHERE position_id = 2");
  db_.exec("UPDATE positions SET deleted = 1 WHERE position_id = 4");
  NotificationSources sources(db_);
  EXPECT_THAT(ids(sources.live_positions(kPost)), ElementsAre("1", "3"));
  EXPECT_THAT(ids(sources.undeleted_positions(kPost)), ElementsAre("1", "2", "3"));
  EXPECT_EQ(sources.live_positions(kPost).front().deanery_number, kPost);
  EXPECT_EQ(sources.live_post_of(5), kOtherPost);
  EXPECT_EQ(sources.live_post_of(1), kPost);
  EXPECT_EQ(sources.live_post_of(2), std::nullopt) << "unmatched";
  EXPECT_EQ(sources.live_post_of(4), std::nullopt) << "deleted";
  EXPECT_EQ(sources.live_post_of(99), std::nullopt);
}

TEST_F(NotificationSourcesTest, SentApplicantGivesTheDatesOfAnApplicantExported) {
  applicant("1", 100, "2026-12-02", ApplicantState::exported);
  applicant("2", 100, "2026-12-03", ApplicantState::exported_processed_with_errors);
  applicant("3", 100, "2026-12-04", ApplicantState::to_export);
  applicant("4", 100, "2026-12-05", ApplicantState::deleted_before_export);
  NotificationSources sources(db_);
  auto sent = sources.sent_applicant("1", 100);
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent->start_date, "2026-12-02");
  EXPECT_EQ(sent->end_date, "2027-08-03");
  EXPECT_EQ(sources.sent_applicant("2", 100)->start_date, "2026-12-03");
  EXPECT_EQ(sources.sent_applicant("3", 100), std::nullopt) << "not sent yet";
  EXPECT_EQ(sources.sent_applicant("4", 100), std::nullopt) << "withdrawn before it went";
  EXPECT_EQ(sources.sent_applicant("1", 101), std::nullopt) << "another position";
}

TEST_F(NotificationSourcesTest, PersonPlacementAndPostAreReadWhenPresent) {
  placement("1", kPost, "2026-12-02");
  placement("2", kPost, "2026-12-02", "2027-08-03", false);
  post(kPost, "CURRENT");
  post(kOtherPost, "INACTIVE");
  post("EMD/GONE", "CURRENT", false);
  NotificationSources sources(db_);
  EXPECT_EQ(sources.person("77").surname, "Surname77");
  EXPECT_EQ(sources.person("nobody").surname, "");
  ASSERT_TRUE(sources.present_placement("1").has_value());
  EXPECT_EQ(sources.present_placement("1")->person.surname, "Surname77");
  EXPECT_EQ(sources.present_placement("2"), std::nullopt) << "deleted in TIS";
  auto found = sources.present_post(kOtherPost);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->local_office, "EMD");
  EXPECT_EQ(found->status, "INACTIVE");
  EXPECT_EQ(sources.present_post("EMD/GONE"), std::nullopt);
  EXPECT_EQ(sources.present_post("EMD/NEVER"), std::nullopt);
}

TEST_F(NotificationSourcesTest, EachPresentPlacementIsVisitedWithItsDatesAndJudgement) {
  placement("1", kPost, "2026-12-02");
  placement("2", kOtherPost, "2026-12-05", "2027-01-01", true, "78");
  placement("3", kPost, "2026-12-02", "2027-08-03", false);
  placement("4", kPost, "2026-12-02", "");
  std::vector<std::string> seen;
  for_each_present_placement(db_, [&](PlacementSpan&& span) {
    seen.push_back(fmt::format("{} {} {} {} {} {} {}", span.id, span.person_id, span.start.iso(),
                               span.end.iso(), span.site_name, span.lifecycle, span.type));
  });
  EXPECT_THAT(seen, ElementsAre("1 77 2026-12-02 2027-08-03 Site 1 APPROVED In Post",
                                "2 78 2026-12-05 2027-01-01 Site 2 APPROVED In Post"));
}

TEST_F(NotificationSourcesTest, PlacementsStartingAreThoseOfTheOfficeInTheRangeByPostThenId) {
  placement("9", kOtherPost, "2026-12-01");
  placement("20", kPost, "2026-12-10");
  placement("10", kPost, "2026-12-01");
  placement("11", kPost, "2026-11-30");                       // before
  placement("12", kPost, "2026-12-11");                       // after
  placement("13", "KSS/X/1", "2026-12-05");                   // another office
  placement("14", kPost, "2026-12-05", "2027-08-03", false);  // deleted
  auto list = placements_starting(db_, "EMD", date("2026-12-01"), date("2026-12-10"));
  EXPECT_THAT(ids(list), ElementsAre("10", "20", "9"));
  EXPECT_EQ(list.front().person.surname, "Surname77");
}

TEST_F(NotificationSourcesTest, PlacementsStartingOrEndingInTheirRanges) {
  placement("1", kPost, "2026-12-01", "2027-06-01");       // starts in range
  placement("2", kOtherPost, "2026-01-01", "2026-11-30");  // ends in range
  placement("3", kPost, "2026-01-01", "2027-06-01");       // neither
  placement("4", "KSS/X/1", "2026-12-01", "2027-06-01");   // another office
  auto turns = placements_starting_or_ending(db_, "EMD", {date("2026-11-24"), date("2026-12-01")},
                                             {date("2026-11-23"), date("2026-11-30")});
  std::vector<std::string> seen;
  for (const auto& turn : turns)
    seen.push_back(turn.npn + " " + turn.start->iso() + " " + turn.end->iso());
  EXPECT_THAT(seen,
              ::testing::UnorderedElementsAre(std::string(kPost) + " 2026-12-01 2027-06-01",
                                              std::string(kOtherPost) + " 2026-01-01 2026-11-30"));
}

TEST_F(NotificationSourcesTest, PostsWithLivePositionsOfAnOfficeAreListedOnce) {
  add_position(1, kPost);
  add_position(2, kPost);
  add_position(3, kOtherPost);
  add_position(4, "KSS/X/1", "KSS");
  db_.exec("UPDATE positions SET deleted = 1 WHERE position_id = 3");
  EXPECT_THAT(posts_with_live_positions(db_, "EMD"), ElementsAre(kPost));
  EXPECT_THAT(posts_with_live_positions(db_, "KSS"), ElementsAre("KSS/X/1"));
  EXPECT_THAT(posts_with_live_positions(db_, "LDN"), IsEmpty());
}

TEST_F(NotificationSourcesTest, BaselinesAreListedByOffice) {
  auto file = add_file("TIS_POSTS", std::nullopt, "KSS", "in", "applied");
  auto insert = db_.prepare(
      "INSERT INTO tis_baselines(local_office, file_id, business_date) VALUES (?1, ?2, ?3)");
  insert.bind(1, "KSS").bind(2, file).bind(3, "2026-11-20");
  insert.run();
  insert.bind(1, "EMD").bind(2, file).bind(3, "2026-11-21");
  insert.run();
  std::vector<std::string> seen;
  for (const auto& baseline : tis_baselines(db_))
    seen.push_back(baseline.local_office + " " + baseline.business_date);
  EXPECT_THAT(seen, ElementsAre("EMD 2026-11-21", "KSS 2026-11-20"));
}

}  // namespace
}  // namespace esr::state
