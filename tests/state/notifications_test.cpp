// state/notifications: the engine's store of raised notifications, the DNC and DNF exports' reads
// and marks, and what the DCC applier reads of the notifications sent for an office and its one
// write, on a migrated database filled row by row.
#include "esr/state/notifications.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
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

// ---- raising and export ----------------------------------------------------------------------

class NotificationStoreTest : public test_support::StateRows {
 protected:
  static constexpr const char* kPost = "EMD/RWEAA/300/STR/001";

  /// Stores a raised notification of `file_type` for 2026-11-23 in its own transaction.
  std::optional<std::int64_t> raise(const std::string& file_type, const std::string& office,
                                    const std::string& line,
                                    std::optional<std::int64_t> position_id = 100,
                                    const std::string& placement_id = "P1",
                                    const std::string& title = "1",
                                    const std::string& date = "2026-11-23") {
    db::Transaction tx(db_);
    NotificationStore store(tx, file_type, date, "2026-11-23T18:00:00Z");
    auto id = store.store({office, title, kPost, position_id, placement_id, "a cause", line});
    tx.commit();
    return id;
  }

  /// "<line>:<state>:<ordinal>" of each notification of `office`, by id, ", "-separated.
  std::string states(const std::string& office) {
    return text_of(
        "SELECT group_concat(line || ':' || state || ':' || coalesce(export_ordinal, '-'), ', ')"
        " FROM (SELECT * FROM notifications WHERE local_office = ?1 ORDER BY id)",
        office);
  }
};

TEST_F(NotificationStoreTest, StoresARaisedNotificationPendingWithItsLine) {
  auto id = raise("DNC", "EMD", "NOT~1~line");
  ASSERT_TRUE(id.has_value());
  auto row = text_of(
      "SELECT local_office || '|' || business_date || '|' || file_type || '|' || title_code || '|'"
      " || npn || '|' || position_id || '|' || placement_id || '|' || cause || '|' || line || '|'"
      " || state || '|' || created_at FROM notifications WHERE id = ?1",
      *id);
  EXPECT_EQ(row, std::string("EMD|2026-11-23|DNC|1|") + kPost +
                     "|100|P1|a cause|NOT~1~line|pending|2026-11-23T18:00:00Z");
  auto type5 = raise("DNC", "EMD", "NOT~5~line", std::nullopt, "", "5");
  ASSERT_TRUE(type5.has_value());
  EXPECT_EQ(text_of("SELECT coalesce(position_id, 'NULL') || coalesce(placement_id, 'NULL') FROM"
                    " notifications WHERE id = ?1",
                    *type5),
            "NULLNULL")
      << "a type 5 is about the post: no position, no placement";
}

TEST_F(NotificationStoreTest, ALineAlreadyPendingForTheOfficeIsNotStoredTwice) {
  ASSERT_TRUE(raise("DNC", "EMD", "same line"));
  EXPECT_EQ(raise("DNC", "EMD", "same line", 200, "P2"), std::nullopt) << "whatever it is about";
  EXPECT_EQ(raise("DNC", "EMD", "same line", 100, "P1", "1", "2026-11-24"), std::nullopt)
      << "nor on another day while it waits";
  EXPECT_TRUE(raise("DNC", "KSS", "same line")) << "another office";
  EXPECT_TRUE(raise("DNF", "EMD", "same line")) << "another file type";
  db_.exec("UPDATE notifications SET state = 'exported' WHERE local_office = 'EMD'");
  EXPECT_TRUE(raise("DNC", "EMD", "same line", 100, "P1", "1", "2026-11-24"))
      << "sent already: raised again";
}

TEST_F(NotificationStoreTest, HoldsDncType1AnswersForAnyStateButOnlyForADncType1) {
  raise("DNC", "EMD", "type 1", 100, "P1");
  raise("DNC", "EMD", "type 4", 100, "P2", "4");
  raise("DNF", "EMD", "dnf type 1", 100, "P3");
  raise("DNC", "EMD", "sent type 1", 200, "P4");
  db_.exec("UPDATE notifications SET state = 'confirmed' WHERE placement_id = 'P4'");
  db::Transaction tx(db_);
  NotificationStore store(tx, "DNC", "2026-11-23", "2026-11-23T18:00:00Z");
  EXPECT_TRUE(store.holds_dnc_type1("P1", 100));
  EXPECT_FALSE(store.holds_dnc_type1("P1", 200)) << "another position";
  EXPECT_FALSE(store.holds_dnc_type1("P2", 100)) << "a type 4";
  EXPECT_FALSE(store.holds_dnc_type1("P3", 100)) << "a DNF's";
  EXPECT_TRUE(store.holds_dnc_type1("P4", 200)) << "sent and confirmed";
}

TEST_F(NotificationStoreTest, DncOfficesAreThoseWithPendingDncAndWithPositionsWhenAsked) {
  raise("DNC", "KSS", "kss line");
  raise("DNF", "LDN", "ldn dnf line");
  raise("DNC", "WMD", "wmd sent line");
  db_.exec("UPDATE notifications SET state = 'exported' WHERE local_office = 'WMD'");
  add_position(1, kPost, "EMD");
  EXPECT_THAT(dnc_offices(db_, std::nullopt, false), ElementsAre("KSS"));
  EXPECT_THAT(dnc_offices(db_, std::nullopt, true), ElementsAre("EMD", "KSS"));
  EXPECT_THAT(dnc_offices(db_, "KSS", false), ElementsAre("KSS"));
  EXPECT_THAT(dnc_offices(db_, "EMD", false), IsEmpty());
  EXPECT_THAT(dnc_offices(db_, "EMD", true), ElementsAre("EMD"));
  EXPECT_THAT(dnc_offices(db_, "NWS", true), ElementsAre("NWS")) << "asked for: an empty file";
}

TEST_F(NotificationStoreTest, PendingDncLinesAreByPositionWithType5LastThenAsStored) {
  raise("DNC", "EMD", "type 5", std::nullopt, "", "5");
  raise("DNC", "EMD", "200 first", 200);
  raise("DNC", "EMD", "100 first", 100);
  raise("DNC", "EMD", "200 second", 200, "P2");
  raise("DNC", "EMD", "100 sent", 100, "P3");
  raise("DNC", "KSS", "kss", 100);
  raise("DNF", "EMD", "dnf", 100);
  db_.exec("UPDATE notifications SET state = 'exported' WHERE line = '100 sent'");
  EXPECT_THAT(pending_dnc_lines(db_, "EMD"),
              ElementsAre("100 first", "200 first", "200 second", "type 5"));
  EXPECT_THAT(pending_dnc_lines(db_, "LDN"), IsEmpty());
}

TEST_F(NotificationStoreTest, MarkDncExportedNumbersThePendingInTheDncsOrder) {
  raise("DNC", "EMD", "type 5", std::nullopt, "", "5");
  raise("DNC", "EMD", "200", 200);
  raise("DNC", "EMD", "100", 100);
  raise("DNC", "KSS", "kss", 100);
  raise("DNF", "EMD", "dnf", 100);
  auto file = add_file("DNC", 3);
  db::Transaction tx(db_);
  EXPECT_EQ(mark_dnc_exported(tx, "EMD", file), 3);
  tx.commit();
  EXPECT_EQ(states("EMD"), "type 5:exported:3, 200:exported:2, 100:exported:1, dnf:pending:-");
  EXPECT_EQ(states("KSS"), "kss:pending:-");
  EXPECT_EQ(text_of("SELECT count(*) FROM notifications WHERE export_file_id = ?1", file), "3");
}

TEST_F(NotificationStoreTest, ADnfOfAnOfficeAndDayIsMarkedInTheOrderStoredAndFoundAfter) {
  raise("DNF", "EMD", "second position", 200);
  raise("DNF", "EMD", "first position", 100);
  raise("DNF", "EMD", "other day", 100, "P1", "1", "2026-11-24");
  raise("DNC", "EMD", "dnc", 100);
  EXPECT_EQ(sent_dnf(db_, "EMD", "2026-11-23"), std::nullopt);
  auto file = add_file("DNF", 4);
  db::Transaction tx(db_);
  EXPECT_EQ(mark_dnf_exported(tx, "EMD", "2026-11-23", file), 2);
  tx.commit();
  EXPECT_EQ(states("EMD"),
            "second position:exported:1, first position:exported:2, other day:pending:-,"
            " dnc:pending:-");
  EXPECT_EQ(sent_dnf(db_, "EMD", "2026-11-23"),
            text_of("SELECT name FROM files WHERE id = ?1", file));
  EXPECT_EQ(sent_dnf(db_, "EMD", "2026-11-24"), std::nullopt) << "stored, not written";
  EXPECT_EQ(sent_dnf(db_, "KSS", "2026-11-23"), std::nullopt);
}

}  // namespace
}  // namespace esr::state
