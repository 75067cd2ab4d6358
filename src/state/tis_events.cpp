#include "esr/state/tis_events.hpp"

#include <fmt/format.h>

#include <utility>

#include "sql_text.hpp"

namespace esr::state {

namespace {

// The parameter of previous_<first placement column>: after ?7 previous_npn and ?8
// previous_status.
constexpr int kFirstPlacement = 9;

}  // namespace

TisEventLog::TisEventLog(db::Transaction& transaction, std::int64_t file_id,
                         std::string business_date)
    : file_id_(file_id),
      business_date_(std::move(business_date)),
      insert_(transaction.database().prepare(fmt::format(
          "INSERT INTO tis_events(file_id, business_date, local_office, kind, subject, changes,"
          " previous_npn, previous_status, {}) VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, ''), ?7,"
          " ?8, {})",
          sql::column_list(kPlacementColumns, "previous_"),
          sql::placeholders(kFirstPlacement, kPlacementColumns.size())))) {}

void TisEventLog::add(const TisEvent& event) {
  insert_.bind(1, file_id_)
      .bind(2, business_date_)
      .bind(3, event.local_office)
      .bind(4, event.kind)
      .bind(5, event.subject)
      .bind(6, event.changes);
  // The previous_* parameters left unbound are NULL (run() clears every binding).
  if (const auto* previous = event.previous) {
    insert_.bind(7, previous->npn).bind(8, previous->status);
    if (previous->placement) {
      int parameter = kFirstPlacement;
      for (const auto& column : kPlacementFields)
        insert_.bind(parameter++, (*previous->placement).*column.member);
    }
  }
  insert_.run();
}

std::int64_t add_position_live_events(db::Transaction& transaction, std::int64_t file_id,
                                      const spec::BusinessDate& date) {
  auto& db = transaction.database();
  auto insert = db.prepare(
      "INSERT INTO tis_events(file_id, business_date, local_office, kind, subject)"
      " SELECT ?1, ?2, p.local_office, 'position_live', p.position_id FROM positions p"
      " JOIN tis_baselines b ON b.local_office = p.local_office AND b.business_date < ?2"
      " WHERE p.went_live = 1 AND p.deleted = 0 AND p.matched = 1 ORDER BY p.position_id");
  insert.bind(1, file_id).bind(2, date.iso());
  insert.run();
  return db.changes();
}

std::vector<PendingTisEvent> unprocessed_tis_events(db::Database& db,
                                                    const spec::BusinessDate& through) {
  auto select = db.prepare(
      fmt::format("SELECT e.id, e.local_office, e.business_date, e.kind, e.subject,"
                  " coalesce(e.changes, ''), b.business_date, coalesce(e.previous_status, ''),"
                  " {} FROM tis_events e"
                  " LEFT JOIN tis_baselines b ON b.local_office = e.local_office"
                  " WHERE e.processed = 0 AND e.business_date <= ?1 ORDER BY e.id",
                  previous_placement_columns()));
  select.bind(1, through.iso());
  std::vector<PendingTisEvent> events;
  while (select.step()) {
    auto subject = select.column_text(4);
    auto previous = previous_placement_from_row(select, 8, subject);
    events.push_back({select.column_int64(0), select.column_text(1), select.column_text(2),
                      select.column_text(3), std::move(subject), select.column_text(5),
                      select.column_optional_text(6), select.column_text(7), std::move(previous)});
  }
  return events;
}

TisEventMarks::TisEventMarks(db::Transaction& transaction)
    : mark_(transaction.database().prepare("UPDATE tis_events SET processed = 1 WHERE id = ?1")) {}

void TisEventMarks::processed(std::int64_t event_id) {
  mark_.bind(1, event_id);
  mark_.run();
}

}  // namespace esr::state
