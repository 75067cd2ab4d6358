// The counts of `esrd status`, on a migrated database filled row by row.
#include "esr/state/status_counts.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "state_rows.hpp"

namespace esr::state {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

class StatusCountsTest : public test_support::StateRows {
 protected:
  void add_applicant(const std::string& placement_id, ApplicantState state, bool warned = false) {
    auto insert = db_.prepare(
        "INSERT INTO applicants(placement_id, position_id, local_office, deanery_number, state,"
        " effective_date, start_date, end_date, warnings, created_at, updated_at) VALUES (?1,"
        " 8100101, 'EMD', 'EMD/1', ?2, '2026-11-23', '2026-12-02', '2027-08-03', ?3,"
        " '2026-11-23T18:00:00Z', '2026-11-23T18:00:00Z')");
    insert.bind(1, placement_id)
        .bind(2, to_text(state))
        .bind(3, warned ? "Address left out" : nullptr);
    insert.run();
  }

  void add_notification(const std::string& title, NotificationState state) {
    auto insert = db_.prepare(
        "INSERT INTO notifications(local_office, business_date, file_type, title_code, npn,"
        " cause, line, state, created_at) VALUES ('EMD', '2026-11-23', 'DNF', ?1, 'EMD/1',"
        " 'test', 'line ' || ?1, ?2, '2026-11-23T18:00:00Z')");
    insert.bind(1, title).bind(2, to_text(state));
    insert.run();
  }

  void add_job_run(const std::string& job, const std::string& slot_key,
                   const std::string& outcome) {
    auto insert = db_.prepare(
        "INSERT INTO job_runs(job, slot_key, business_date, started_at, outcome) VALUES (?1, ?2,"
        " '2026-11-23', '2026-11-23T18:00:00Z', ?3)");
    insert.bind(1, job).bind(2, slot_key).bind(3, outcome);
    insert.run();
  }

  void add_unmatched(std::int64_t file_id, std::int64_t line) {
    auto insert = db_.prepare(
        "INSERT INTO unmatched_confirmations(file_id, line, field, message) VALUES (?1, ?2,"
        " 'S_NOT08', 'no such notification')");
    insert.bind(1, file_id).bind(2, line);
    insert.run();
  }
};

TEST_F(StatusCountsTest, AnEmptyStateCountsNothing) {
  auto positions = count_positions(db_);
  EXPECT_EQ(positions.total, 0);
  EXPECT_EQ(positions.deleted, 0);
  EXPECT_THAT(count_applicants(db_), IsEmpty());
  EXPECT_EQ(count_applicants_with_warnings(db_), 0);
  EXPECT_THAT(count_notifications(db_), IsEmpty());
  auto files = count_files(db_);
  EXPECT_EQ(files.received, 0);
  EXPECT_EQ(files.sent, 0);
  EXPECT_THAT(latest_job_runs(db_), IsEmpty());
  EXPECT_EQ(count_unmatched_confirmations(db_), 0);
  EXPECT_THAT(recent_unmatched_confirmations(db_, 10), IsEmpty());
}

TEST_F(StatusCountsTest, PositionsAreCountedLiveMatchedLiveUnmatchedAndDeleted) {
  add_position(8100101, "EMD/1");
  add_position(8100102, "EMD/2");
  add_position(8100103, "EMD/3");
  add_position(8100104, "EMD/4");
  db_.exec("UPDATE positions SET matched = 0 WHERE position_id = 8100102");
  db_.exec("UPDATE positions SET deleted = 1 WHERE position_id IN (8100103, 8100104)");
  auto positions = count_positions(db_);
  EXPECT_EQ(positions.total, 4) << "deleted ones included";
  EXPECT_EQ(positions.matched, 1);
  EXPECT_EQ(positions.unmatched, 1);
  EXPECT_EQ(positions.deleted, 2);
}

TEST_F(StatusCountsTest, ApplicantsAreCountedByStateAndTheWarnedOnesThatGo) {
  add_applicant("5001", ApplicantState::to_export, true);
  add_applicant("5002", ApplicantState::to_export);
  add_applicant("5003", ApplicantState::exported, true);
  add_applicant("5004", ApplicantState::invalid_data, true);
  add_applicant("5005", ApplicantState::deleted_before_export, true);
  EXPECT_THAT(count_applicants(db_),
              ElementsAre(Pair(ApplicantState::to_export, 2), Pair(ApplicantState::exported, 1),
                          Pair(ApplicantState::invalid_data, 1),
                          Pair(ApplicantState::deleted_before_export, 1)));
  EXPECT_EQ(count_applicants_with_warnings(db_), 2) << "neither INVALID_DATA nor withdrawn";
}

TEST_F(StatusCountsTest, NotificationsAreCountedByState) {
  add_notification("1", NotificationState::pending);
  add_notification("2", NotificationState::failed);
  add_notification("3", NotificationState::pending);
  EXPECT_THAT(count_notifications(db_),
              ElementsAre(Pair(NotificationState::pending, 2), Pair(NotificationState::failed, 1)));
}

TEST_F(StatusCountsTest, FilesAreCountedInAndOut) {
  add_file("RMF", 1, "EMD", "in", "applied");
  add_file("RMC", 2, "EMD", "in", "quarantined");
  add_file("APP", 3, "EMD", "out", "sent");
  add_file("DNF", 4, "EMD", "out", "pending");
  add_file("RTC", 5, "EMD", "out", "publishing");
  auto files = count_files(db_);
  EXPECT_EQ(files.received, 2) << "quarantined included";
  EXPECT_EQ(files.quarantined, 1);
  EXPECT_EQ(files.sent, 1);
  EXPECT_EQ(files.pending, 2);
}

TEST_F(StatusCountsTest, EachJobsLatestRunIsRead) {
  add_job_run("collect", "2026-11-23T08:00", "succeeded");
  add_job_run("export", "manual:2026-11-23T09:00:00Z", "failed");
  add_job_run("collect", "2026-11-23T14:30", "running");
  auto runs = latest_job_runs(db_);
  ASSERT_EQ(runs.size(), 2U);
  EXPECT_EQ(runs.at("collect").slot_key, "2026-11-23T14:30");
  EXPECT_EQ(runs.at("collect").outcome, "running");
  EXPECT_EQ(runs.at("collect").started_at, "2026-11-23T18:00:00Z");
  EXPECT_EQ(runs.at("collect").finished_at, "") << "not finished";
  EXPECT_EQ(runs.at("export").job, "export");
  EXPECT_EQ(runs.at("export").outcome, "failed");
}

TEST_F(StatusCountsTest, TheLatestUnmatchedConfirmationLinesComeNewestFirst) {
  auto dcc = add_file("DCC", 4112, "EMD", "in", "applied");
  add_unmatched(dcc, 4);
  add_unmatched(dcc, 2);
  add_unmatched(dcc, 9);
  EXPECT_EQ(count_unmatched_confirmations(db_), 3);
  auto recent = recent_unmatched_confirmations(db_, 2);
  ASSERT_EQ(recent.size(), 2U);
  EXPECT_EQ(recent[0].file, "DE_EMD_DCC_20261123_4112.DAT");
  EXPECT_EQ(recent[0].line, 9U);
  EXPECT_EQ(recent[0].field, "S_NOT08");
  EXPECT_EQ(recent[0].message, "no such notification");
  EXPECT_EQ(recent[1].line, 2U);
}

}  // namespace
}  // namespace esr::state
