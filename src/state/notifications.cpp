#include "esr/state/notifications.hpp"

namespace esr::state {

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
