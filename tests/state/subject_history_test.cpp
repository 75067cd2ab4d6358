// SubjectHistory: placements, posts and positions as `esrd trace` reads them, and the guard on
// what of a placement a trace may show, on a migrated database filled row by row. Every value is
// made up.
#include "esr/state/subject_history.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "esr/state/tis_columns.hpp"
#include "state_rows.hpp"
#include "support/tis_rows.hpp"

namespace esr::state {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr const char* kPost = "EMD/RWEAA/300/STR/001";

class SubjectHistoryTest : public test_support::StateRows {
 protected:
  void put_placement(const std::string& id, const std::string& npn, const std::string& start,
                     const std::string& person_id = "77") {
    test_support::put_placement(db_, {{"placement_id", id},
                                      {"npn", npn},
                                      {"placement_type", "In Post"},
                                      {"start_date", start},
                                      {"end_date", "2027-08-03"},
                                      {"grade", "ST4"},
                                      {"person_id", person_id},
                                      {"surname", "Smith"}});
  }

  /// An applicant; `file` and `ordinal` say where it was sent, if it was.
  void add_applicant(const std::string& placement_id, std::int64_t position_id,
                     ApplicantState state, std::optional<std::int64_t> file = std::nullopt,
                     std::optional<std::int64_t> ordinal = std::nullopt) {
    auto insert = db_.prepare(
        "INSERT INTO applicants(placement_id, position_id, local_office, deanery_number, state,"
        " reason, held_back, effective_date, start_date, end_date, warnings, export_file_id,"
        " export_ordinal, created_at, updated_at) VALUES (?1, ?2, 'EMD', 'EMD/1', ?3, 'why', 1,"
        " '2026-11-23', '2026-12-02', '2027-08-03', 'Address left out', ?4, ?5,"
        " '2026-11-23T18:00:00Z', '2026-11-24T18:00:00Z')");
    insert.bind(1, placement_id)
        .bind(2, position_id)
        .bind(3, to_text(state))
        .bind(4, file)
        .bind(5, ordinal);
    insert.run();
  }

  /// A notification about `placement_id` (none when empty), for position `position_id` if given.
  void add_notification(const std::string& title, const std::string& placement_id,
                        std::optional<std::int64_t> position_id,
                        std::optional<std::int64_t> file = std::nullopt) {
    auto insert = db_.prepare(
        "INSERT INTO notifications(local_office, business_date, file_type, title_code, npn,"
        " position_id, placement_id, cause, line, state, export_file_id, export_ordinal,"
        " created_at) VALUES ('EMD', '2026-11-23', 'DNF', ?1, ?2, ?3, nullif(?4, ''), 'test',"
        " 'line ' || ?1, ?5, ?6, 1, '2026-11-23T18:00:00Z')");
    insert.bind(1, title)
        .bind(2, kPost)
        .bind(3, position_id)
        .bind(4, placement_id)
        .bind(5, file ? "exported" : "pending")
        .bind(6, file);
    insert.run();
  }

  static std::vector<std::string> ids_of(const std::vector<PlacementRow>& rows) {
    std::vector<std::string> ids;
    for (const auto& row : rows) ids.push_back(row.id);
    return ids;
  }

  static std::vector<std::string> titles_of(const std::vector<NotificationRow>& rows) {
    std::vector<std::string> titles;
    for (const auto& row : rows) titles.push_back(row.title);
    return titles;
  }

  static std::vector<std::string> placements_of(const std::vector<ApplicantRow>& rows) {
    std::vector<std::string> ids;
    for (const auto& row : rows) ids.push_back(row.placement_id);
    return ids;
  }

  SubjectHistory history_{db_};
};

TEST_F(SubjectHistoryTest, ATraceShowsAPlacementsOwnAttributesAndNoPersonalValue) {
  EXPECT_TRUE(is_shown("placement_id"));
  EXPECT_TRUE(is_shown("grade"));
  EXPECT_TRUE(is_shown("person_id"));
  EXPECT_FALSE(is_shown("surname"));
  EXPECT_FALSE(is_shown("date_of_birth"));
  EXPECT_FALSE(is_shown("ni_number"));
  put_placement("5002", kPost, "2026-12-02");
  auto placement = history_.placement("5002");
  ASSERT_TRUE(placement && placement->view);
  for (auto column : shown_columns()) {
    EXPECT_TRUE(shown_field(*placement->view, column).has_value()) << column;
    EXPECT_EQ(std::find(kPersonColumns.begin(), kPersonColumns.end(), column), kPersonColumns.end())
        << column << " is personal";
  }
  EXPECT_EQ(shown_field(*placement->view, "grade"), "ST4");
  EXPECT_EQ(placement->view->field("surname"), "Smith") << "read, for the checks";
  EXPECT_EQ(shown_field(*placement->view, "surname"), std::nullopt) << "never shown";
}

TEST_F(SubjectHistoryTest, APlacementIsReadWithTheFilesThatGaveIt) {
  put_placement("5002", kPost, "2026-12-02");
  auto file = add_file("TIS_PLACEMENTS", std::nullopt, "EMD", "in", "applied");
  auto update = db_.prepare("UPDATE tis_placements SET first_file_id = ?1, present = 0");
  update.bind(1, file);
  update.run();
  auto placement = history_.placement("5002");
  ASSERT_TRUE(placement.has_value());
  EXPECT_EQ(placement->id, "5002");
  EXPECT_EQ(placement->npn, kPost);
  EXPECT_EQ(placement->office, "EMD");
  EXPECT_FALSE(placement->present);
  EXPECT_EQ(placement->first_file, file);
  EXPECT_EQ(placement->last_file, std::nullopt);
  ASSERT_TRUE(placement->view.has_value());
  EXPECT_EQ(placement->view->start.iso(), "2026-12-02");
  EXPECT_FALSE(history_.placement("404").has_value());
}

TEST_F(SubjectHistoryTest, APlacementWhoseDatesDoNotParseHasNoView) {
  put_placement("5002", kPost, "02/12/2026");
  auto placement = history_.placement("5002");
  ASSERT_TRUE(placement.has_value());
  EXPECT_FALSE(placement->view.has_value());
}

TEST_F(SubjectHistoryTest, APostsOrAPersonsPlacementsComeByStartDateThenId) {
  put_placement("5003", kPost, "2026-12-02");
  put_placement("5001", kPost, "2027-02-01");
  put_placement("5002", kPost, "2026-12-02", "78");
  put_placement("5004", "EMD/RWEAA/300/STR/002", "2026-10-01");
  EXPECT_THAT(ids_of(history_.placements_on_post(kPost)), ElementsAre("5002", "5003", "5001"));
  EXPECT_THAT(ids_of(history_.placements_of_person("77")), ElementsAre("5004", "5003", "5001"));
  EXPECT_THAT(ids_of(history_.placements_of_person("79")), IsEmpty());
}

TEST_F(SubjectHistoryTest, APostsPositionsComeById) {
  add_position(8100102, kPost);
  add_position(8100101, kPost);
  add_position(8100103, "EMD/RWEAA/300/STR/002");
  auto positions = history_.positions_on_post(kPost);
  ASSERT_EQ(positions.size(), 2U);
  EXPECT_EQ(positions[0].id, 8100101);
  EXPECT_EQ(positions[1].id, 8100102);
  EXPECT_EQ(positions[0].office, "EMD");
  EXPECT_EQ(positions[0].deanery, kPost);
  EXPECT_TRUE(positions[0].matched);
  EXPECT_FALSE(positions[0].deleted);
  EXPECT_EQ(positions[0].created_file, positions[0].changed_file);
  EXPECT_EQ(positions[0].view.id, 8100101);
  auto position = history_.position(8100103);
  ASSERT_TRUE(position.has_value());
  EXPECT_EQ(position->deanery, "EMD/RWEAA/300/STR/002");
  EXPECT_FALSE(history_.position(8100199).has_value());
}

TEST_F(SubjectHistoryTest, ApplicantsComeInTheOrderTheyWereSent) {
  auto app = add_file("APP", 3);
  add_applicant("5003", 8100101, ApplicantState::exported, app, 2);
  add_applicant("5002", 8100101, ApplicantState::exported_and_processed, app, 1);
  add_applicant("5002", 8100102, ApplicantState::to_export);
  add_applicant("5004", 8100102, ApplicantState::invalid_data);
  EXPECT_THAT(placements_of(history_.applicants_on_position(8100101)), ElementsAre("5002", "5003"));
  EXPECT_THAT(placements_of(history_.applicants_on_position(8100102)), ElementsAre("5002", "5004"));
  EXPECT_THAT(placements_of(history_.applicants_sent_in(app)), ElementsAre("5002", "5003"));
  auto of_placement = history_.applicants_of_placement("5002");
  ASSERT_EQ(of_placement.size(), 2U);
  const auto& waiting = of_placement[0];
  EXPECT_EQ(waiting.position_id, 8100102) << "not sent: first";
  EXPECT_EQ(waiting.state, ApplicantState::to_export);
  EXPECT_EQ(waiting.export_file, std::nullopt);
  EXPECT_EQ(waiting.reason, "why");
  EXPECT_EQ(waiting.generated_on, "2026-11-23");
  EXPECT_EQ(waiting.warnings, "Address left out");
  EXPECT_TRUE(waiting.held_back);
  EXPECT_EQ(waiting.exported_at, "");
  const auto& sent = of_placement[1];
  EXPECT_EQ(sent.state, ApplicantState::exported_and_processed);
  EXPECT_EQ(sent.export_file, app);
  EXPECT_EQ(sent.export_ordinal, 1);
  EXPECT_EQ(sent.confirmed_file, std::nullopt);
}

TEST_F(SubjectHistoryTest, NotificationsComeInTheOrderTheyWereRaised) {
  auto dnf = add_file("DNF", 4);
  add_notification("3", "5002", 8100101, dnf);
  add_notification("1", "", std::nullopt);
  add_notification("2", "5002", 8100102);
  EXPECT_THAT(titles_of(history_.notifications_on_post(kPost)), ElementsAre("3", "1", "2"));
  EXPECT_THAT(titles_of(history_.notifications_of_placement("5002")), ElementsAre("3", "2"));
  EXPECT_THAT(titles_of(history_.notifications_on_position(8100102)), ElementsAre("2"));
  EXPECT_THAT(titles_of(history_.notifications_sent_in(dnf)), ElementsAre("3"));
  auto about_post = history_.notifications_on_post(kPost)[1];
  EXPECT_EQ(about_post.placement_id, "") << "about no placement";
  EXPECT_EQ(about_post.position_id, std::nullopt);
  EXPECT_EQ(about_post.state, NotificationState::pending);
  EXPECT_EQ(about_post.file_type, "DNF");
  EXPECT_EQ(about_post.cause, "test");
  auto sent = history_.notifications_sent_in(dnf).front();
  EXPECT_EQ(sent.state, NotificationState::exported);
  EXPECT_EQ(sent.export_file, dnf);
  EXPECT_EQ(sent.esr_reason, "");
}

TEST_F(SubjectHistoryTest, AnExclusionIsReadWithItsOfficeIfOneWasNamed) {
  db_.exec(
      "INSERT INTO exclusions(placement_id, local_office, source, added_at) VALUES"
      " ('5002', NULL, 'day_one.csv', '2026-11-23T09:00:00Z'),"
      " ('5003', 'EMD', 'day_one.csv', '2026-11-23T09:00:00Z')");
  auto unnamed = history_.exclusion("5002");
  ASSERT_TRUE(unnamed.has_value());
  EXPECT_EQ(unnamed->placement_id, "5002");
  EXPECT_EQ(unnamed->local_office, "");
  EXPECT_EQ(unnamed->source, "day_one.csv");
  EXPECT_EQ(unnamed->added_at, "2026-11-23T09:00:00Z");
  EXPECT_EQ(history_.exclusion("5003")->local_office, "EMD");
  EXPECT_FALSE(history_.exclusion("5004").has_value());
}

TEST_F(SubjectHistoryTest, APlacementsAndAPostsEventsAreTheirOwnKindsOldestFirst) {
  auto tis = add_file("TIS_PLACEMENTS", std::nullopt, "EMD", "in", "applied");
  ASSERT_EQ(tis, 1) << "put_event names file 1";
  test_support::put_event(db_, "placement_created", "5002", "", "", "2026-11-23", "EMD");
  test_support::put_event(db_, "post_created", kPost, "", "", "2026-11-23", "EMD");
  test_support::put_event(db_, "placement_changed", "5002",
                          R"({"npn": "EMD/RWEAA/300/STR/001", "placement_type": "In Post",
                              "start_date": "2026-11-02", "end_date": "2027-08-03"})",
                          "start_date", "2026-11-24", "EMD");
  test_support::put_event(db_, "post_inactive", kPost, R"({"npn": "x", "status": "CURRENT"})", "",
                          "2026-11-24", "EMD");
  auto placement = history_.placement_events("5002");
  ASSERT_EQ(placement.size(), 2U);
  EXPECT_EQ(placement[0].kind, "placement_created");
  EXPECT_FALSE(placement[0].previous.has_value());
  EXPECT_FALSE(placement[0].processed);
  EXPECT_EQ(placement[1].kind, "placement_changed");
  EXPECT_EQ(placement[1].changes, "start_date");
  EXPECT_EQ(placement[1].business_date, "2026-11-24");
  EXPECT_EQ(placement[1].file_id, tis);
  ASSERT_TRUE(placement[1].previous.has_value());
  EXPECT_EQ(placement[1].previous->start.iso(), "2026-11-02");
  auto post = history_.post_events(kPost);
  ASSERT_EQ(post.size(), 2U);
  EXPECT_EQ(post[0].kind, "post_created");
  EXPECT_EQ(post[1].kind, "post_inactive");
  EXPECT_THAT(history_.post_events("5002"), IsEmpty());
}

TEST_F(SubjectHistoryTest, APostAndItsOfficesBaselineAreRead) {
  auto file = add_file("TIS_POSTS", std::nullopt, "EMD", "in", "applied");
  auto insert = db_.prepare(
      "INSERT INTO tis_posts(npn, local_office, status, present, first_file_id) VALUES (?1,"
      " 'EMD', 'INACTIVE', 0, ?2)");
  insert.bind(1, kPost).bind(2, file);
  insert.run();
  auto baseline = db_.prepare(
      "INSERT INTO tis_baselines(local_office, file_id, business_date) VALUES ('EMD', ?1,"
      " '2026-11-23')");
  baseline.bind(1, file);
  baseline.run();
  auto post = history_.post(kPost);
  ASSERT_TRUE(post.has_value());
  EXPECT_EQ(post->office, "EMD");
  EXPECT_EQ(post->status, "INACTIVE");
  EXPECT_FALSE(post->present);
  EXPECT_EQ(post->first_file, file);
  EXPECT_FALSE(history_.post("EMD/404").has_value());
  EXPECT_EQ(history_.baseline_date("EMD"), "2026-11-23");
  EXPECT_EQ(history_.baseline_date("LDN"), std::nullopt);
}

}  // namespace
}  // namespace esr::state
