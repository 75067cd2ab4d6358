// state/notifications: what the DCC applier reads of the DNC/DNF notifications sent for an
// office, and its one write, on a migrated database filled row by row.
#include "esr/state/notifications.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "state_rows.hpp"

namespace esr::state {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class NotificationsState : public test_support::StateRows {
 protected:
  std::int64_t add_notification(std::int64_t file_id, std::int64_t ordinal, const std::string& line,
                                NotificationState state = NotificationState::exported) {
    auto insert = db_.prepare(
        "INSERT INTO notifications(local_office, business_date, file_type, title_code, npn, cause,"
        " state, export_file_id, export_ordinal, line, created_at)"
        " SELECT 'EMD', business_date, 'DNF', '1', 'EMD/RWEAA/300/STR/001', 'test', ?4, id,"
        " ?2, ?3, '2026-11-23T18:00:00Z' FROM files WHERE id = ?1");
    insert.bind(1, file_id).bind(2, ordinal).bind(3, line).bind(4, to_text(state));
    insert.run();
    return db_.last_insert_rowid();
  }

  std::string column(std::int64_t id, const std::string& column) {
    return text_of("SELECT " + column + " FROM notifications WHERE id = ?1", id);
  }

  std::string name_of(std::int64_t file_id) {
    return text_of("SELECT name FROM files WHERE id = ?1", file_id);
  }

  /// "<file>:<line>:<state>" of each notification at `ordinal` of `office`.
  std::vector<std::string> at_ordinal(const std::string& office, std::int64_t ordinal) {
    db::Transaction tx(db_);
    std::vector<std::string> out;
    for (const auto& n : NotificationConfirmations(tx).at_ordinal(office, ordinal))
      out.push_back(n.file + ":" + n.line + ":" + std::string(to_text(n.state)));
    return out;
  }

  SentNotificationFiles files_of(const std::string& office) {
    db::Transaction tx(db_);
    return NotificationConfirmations(tx).files_of(office);
  }
};

TEST_F(NotificationsState, AtOrdinalListsTheOfficesSentDncAndDnfInSequenceOrder) {
  auto dnc = add_file("DNC", 6);
  auto dnf = add_file("DNF", 4);
  auto pending = add_file("DNF", 8, "EMD", "out", "pending");
  auto publishing = add_file("DNF", 9, "EMD", "out", "publishing");
  auto kss = add_file("DNF", 5, "KSS");
  auto app = add_file("APP", 7);
  add_notification(dnc, 1, "dnc line", NotificationState::confirmed);
  add_notification(dnf, 1, "dnf line");
  add_notification(dnf, 2, "dnf second line");
  add_notification(pending, 1, "pending line");
  add_notification(publishing, 1, "publishing line");
  add_notification(kss, 1, "kss line");
  add_notification(app, 1, "app line");
  EXPECT_THAT(at_ordinal("EMD", 1),
              ElementsAre(name_of(dnf) + ":dnf line:exported", name_of(dnc) + ":dnc line:confirmed",
                          name_of(pending) + ":pending line:exported"));
  EXPECT_THAT(at_ordinal("EMD", 3), IsEmpty());
  EXPECT_THAT(at_ordinal("LDN", 1), IsEmpty());
}

TEST_F(NotificationsState, FilesOfCountsTheOfficesFilesAndThoseAwaitingConfirmation) {
  auto dnf = add_file("DNF", 4);
  auto dnc = add_file("DNC", 6);
  add_file("DNC", 7);  // nothing in it
  add_file("DNC", 8, "KSS");
  add_notification(dnf, 1, "awaiting");
  add_notification(dnf, 2, "also awaiting");
  add_notification(dnc, 1, "answered", NotificationState::failed);
  auto files = files_of("EMD");
  EXPECT_EQ(files.sent, 3);
  EXPECT_EQ(files.awaiting, 1);
  files = files_of("LDN");
  EXPECT_EQ(files.sent, 0);
  EXPECT_EQ(files.awaiting, 0);
}

TEST_F(NotificationsState, ConfirmAnswersOnlyANotificationAwaitingConfirmation) {
  auto dnf = add_file("DNF", 4);
  auto dcc = add_file("DCC", 4111, "EMD", "in", "applied");
  auto confirmed = add_notification(dnf, 1, "first");
  auto failed = add_notification(dnf, 2, "second");
  auto pending = add_notification(dnf, 3, "third", NotificationState::pending);
  db::Transaction tx(db_);
  NotificationConfirmations notifications(tx);
  notifications.confirm(confirmed, NotificationState::confirmed, "", dcc);
  notifications.confirm(confirmed, NotificationState::failed, "Error: second thoughts", dcc);
  notifications.confirm(failed, NotificationState::failed, "Error: VPD is Mandatory", dcc);
  notifications.confirm(pending, NotificationState::confirmed, "", dcc);
  tx.commit();
  EXPECT_EQ(column(confirmed, "state"), "confirmed");
  EXPECT_EQ(column(confirmed, "esr_reason"), "NULL");
  EXPECT_EQ(column(confirmed, "confirmed_file_id"), std::to_string(dcc));
  EXPECT_EQ(column(failed, "state"), "failed");
  EXPECT_EQ(column(failed, "esr_reason"), "Error: VPD is Mandatory");
  EXPECT_EQ(column(pending, "state"), "pending");
  EXPECT_EQ(column(pending, "confirmed_file_id"), "NULL");
}

}  // namespace
}  // namespace esr::state
