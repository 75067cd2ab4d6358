#include "esr/state/notifications.hpp"

#include <fmt/format.h>

#include <utility>

namespace esr::state {

namespace {

// An office's (?1) DNC notifications waiting in state ?2, and the order the DNC lists them in.
constexpr std::string_view kPendingDnc =
    "FROM notifications WHERE state = ?2 AND file_type = 'DNC' AND local_office = ?1";
constexpr std::string_view kDncOrder = "position_id IS NULL, position_id, id";

}  // namespace

NotificationStore::NotificationStore(db::Transaction& tx, std::string file_type,
                                     std::string business_date, std::string created_at)
    : db_(tx.database()),
      file_type_(std::move(file_type)),
      business_date_(std::move(business_date)),
      created_at_(std::move(created_at)),
      // A line already pending for the office is not stored again, whatever it is about.
      insert_(db_.prepare(
          "INSERT OR IGNORE INTO notifications(local_office, business_date, file_type, title_code,"
          " npn, position_id, placement_id, cause, line, state, created_at)"
          " SELECT ?1, ?2, ?3, ?4, ?5, ?6, nullif(?7, ''), ?8, ?9, ?11, ?10"
          " WHERE NOT EXISTS (SELECT 1 FROM notifications WHERE file_type = ?3 AND local_office = "
          "?1"
          " AND state = ?11 AND line = ?9)")),
      type1_(db_.prepare("SELECT 1 FROM notifications WHERE placement_id = ?1 AND position_id = ?2"
                         " AND file_type = 'DNC' AND title_code = '1' LIMIT 1")) {}

std::optional<std::int64_t> NotificationStore::store(const RaisedNotification& notification) {
  insert_.bind(1, notification.local_office)
      .bind(2, business_date_)
      .bind(3, file_type_)
      .bind(4, notification.title_code)
      .bind(5, notification.npn)
      .bind(6, notification.position_id)
      .bind(7, notification.placement_id)
      .bind(8, notification.cause)
      .bind(9, notification.line)
      .bind(10, created_at_)
      .bind(11, to_text(NotificationState::pending));
  insert_.run();
  if (db_.changes() == 0) return std::nullopt;
  return db_.last_insert_rowid();
}

bool NotificationStore::holds_dnc_type1(std::string_view placement_id, std::int64_t position_id) {
  type1_.bind(1, placement_id).bind(2, position_id);
  bool found = type1_.step();
  type1_.reset();
  return found;
}

std::vector<std::string> dnc_offices(db::Database& db, const std::optional<std::string>& office,
                                     bool every_office_with_positions) {
  auto select = db.prepare(
      "SELECT local_office FROM notifications WHERE state = ?3 AND file_type = 'DNC'"
      " AND (?1 = '' OR local_office = ?1)"
      " UNION SELECT local_office FROM positions WHERE ?2 AND (?1 = '' OR local_office = ?1)"
      " UNION SELECT ?1 WHERE ?2 AND ?1 != '' ORDER BY 1");
  select.bind(1, office.value_or(""))
      .bind(2, every_office_with_positions ? 1 : 0)
      .bind(3, to_text(NotificationState::pending));
  std::vector<std::string> offices;
  while (select.step()) offices.push_back(select.column_text(0));
  return offices;
}

std::vector<std::string> pending_dnc_lines(db::Database& db, std::string_view office) {
  auto select = db.prepare(fmt::format("SELECT line {} ORDER BY {}", kPendingDnc, kDncOrder));
  select.bind(1, office).bind(2, to_text(NotificationState::pending));
  std::vector<std::string> lines;
  while (select.step()) lines.push_back(select.column_text(0));
  return lines;
}

std::int64_t mark_dnc_exported(db::Transaction& tx, std::string_view office, std::int64_t file_id) {
  auto& db = tx.database();
  auto update = db.prepare(
      fmt::format("UPDATE notifications SET state = ?3, export_file_id = ?4, export_ordinal ="
                  " w.line FROM (SELECT id, row_number() OVER (ORDER BY {}) AS line {}) w"
                  " WHERE notifications.id = w.id",
                  kDncOrder, kPendingDnc));
  update.bind(1, office)
      .bind(2, to_text(NotificationState::pending))
      .bind(3, to_text(NotificationState::exported))
      .bind(4, file_id);
  update.run();
  return db.changes();
}

std::optional<std::string> sent_dnf(db::Database& db, std::string_view office,
                                    std::string_view business_date) {
  auto select = db.prepare(
      "SELECT f.name FROM notifications n JOIN files f ON f.id = n.export_file_id"
      " WHERE n.file_type = 'DNF' AND n.local_office = ?1 AND n.business_date = ?2 LIMIT 1");
  select.bind(1, office).bind(2, business_date);
  if (!select.step()) return std::nullopt;
  return select.column_text(0);
}

std::int64_t mark_dnf_exported(db::Transaction& tx, std::string_view office,
                               std::string_view business_date, std::int64_t file_id) {
  auto& db = tx.database();
  auto update = db.prepare(
      "UPDATE notifications SET state = ?4, export_file_id = ?3, export_ordinal = w.line"
      " FROM (SELECT id, row_number() OVER (ORDER BY id) AS line FROM notifications"
      " WHERE file_type = 'DNF' AND local_office = ?1 AND business_date = ?2 AND state = ?5) w"
      " WHERE notifications.id = w.id");
  update.bind(1, office)
      .bind(2, business_date)
      .bind(3, file_id)
      .bind(4, to_text(NotificationState::exported))
      .bind(5, to_text(NotificationState::pending));
  update.run();
  return db.changes();
}

NotificationConfirmations::NotificationConfirmations(db::Transaction& tx)
    : at_ordinal_(tx.database().prepare(
          "SELECT n.id, n.state, n.line, f.name FROM files f"
          " JOIN notifications n ON n.export_file_id = f.id"
          " WHERE f.direction = 'out' AND f.local_office = ?1 AND f.type IN ('DNC', 'DNF')"
          " AND f.outcome IN ('sent', 'pending') AND n.export_ordinal = ?2"
          " ORDER BY f.sequence")),
      files_of_(tx.database().prepare(
          "SELECT count(DISTINCT f.id), count(DISTINCT CASE WHEN n.state = ?2"
          " THEN f.id END) FROM files f LEFT JOIN notifications n ON n.export_file_id = f.id"
          " WHERE f.direction = 'out' AND f.local_office = ?1 AND f.type IN ('DNC', 'DNF')"
          " AND f.outcome IN ('sent', 'pending')")),
      update_(
          tx.database().prepare("UPDATE notifications SET state = ?2, esr_reason = nullif(?3, ''),"
                                " confirmed_file_id = ?4 WHERE id = ?1 AND state = ?5")) {}

std::vector<SentNotification> NotificationConfirmations::at_ordinal(std::string_view office,
                                                                    std::int64_t ordinal) {
  std::vector<SentNotification> found;
  at_ordinal_.bind(1, office).bind(2, ordinal);
  while (at_ordinal_.step()) {
    found.push_back({at_ordinal_.column_int64(0),
                     *notification_state_from_text(at_ordinal_.column_text(1)),
                     at_ordinal_.column_text(2), at_ordinal_.column_text(3)});
  }
  at_ordinal_.reset();
  return found;
}

SentNotificationFiles NotificationConfirmations::files_of(std::string_view office) {
  files_of_.bind(1, office).bind(2, to_text(NotificationState::exported));
  SentNotificationFiles files;
  if (files_of_.step()) {
    files.sent = files_of_.column_int64(0);
    files.awaiting = files_of_.column_int64(1);
  }
  files_of_.reset();
  return files;
}

void NotificationConfirmations::confirm(std::int64_t id, NotificationState state,
                                        std::string_view reason, std::int64_t confirming_file_id) {
  update_.bind(1, id)
      .bind(2, to_text(state))
      .bind(3, reason)
      .bind(4, confirming_file_id)
      .bind(5, to_text(NotificationState::exported));
  update_.run();
}

}  // namespace esr::state
