// Placements, posts and positions as `esrd trace` reads them (see subject_history.hpp). Read
// only. Each read is one query with a condition on ?1, written here and nowhere else.
#include "esr/state/subject_history.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace esr::state {

namespace {

// The placement columns a trace may show: the placement's own attributes and the person's id.
constexpr std::array<std::string_view, 11> kShownColumns = {
    "placement_id", "npn",   "placement_type", "lifecycle", "start_date", "end_date",
    "wte",          "grade", "site_code",      "site_name", "person_id"};

// The rows of a trace's placements: their bookkeeping, then state::placement_columns().
std::string placement_query(std::string_view where) {
  return fmt::format(
      "SELECT p.local_office, p.present, p.first_file_id, p.last_file_id, {} FROM {} WHERE {} "
      "ORDER BY p.start_date, p.placement_id",
      placement_columns(), placement_source(), where);
}

PlacementRow placement_from(const db::Statement& row) {
  PlacementRow p;
  p.office = row.column_text(0);
  p.present = row.column_int(1) != 0;
  p.first_file = row.column_optional_int64(2);
  p.last_file = row.column_optional_int64(3);
  p.id = row.column_text(4);
  p.npn = row.column_text(5);
  p.view = placement_from_row(row, 4);
  return p;
}

template <typename Key>
std::vector<PlacementRow> placements_where(db::Database& db, std::string_view where,
                                           const Key& key) {
  auto select = db.prepare(placement_query(where));
  select.bind(1, key);
  std::vector<PlacementRow> out;
  while (select.step()) out.push_back(placement_from(select));
  return out;
}

template <typename Key>
std::vector<PositionRow> positions_where(db::Database& db, std::string_view where, const Key& key) {
  auto select = db.prepare(
      fmt::format("SELECT created_file_id, changed_file_id, {} FROM positions WHERE {} ORDER BY "
                  "position_id",
                  position_columns(), where));
  select.bind(1, key);
  std::vector<PositionRow> out;
  while (select.step()) {
    PositionRow p;
    p.created_file = select.column_int64(0);
    p.changed_file = select.column_int64(1);
    p.view = position_from_row(select, 2);
    p.id = p.view.id;
    p.office = p.view.local_office;
    p.deanery = p.view.deanery_number;
    p.deleted = p.view.deleted;
    p.matched = p.view.matched;
    out.push_back(std::move(p));
  }
  return out;
}

template <typename Key>
std::vector<ApplicantRow> applicants_where(db::Database& db, std::string_view where,
                                           const Key& key) {
  auto select = db.prepare(fmt::format(
      "SELECT placement_id, position_id, local_office, state, coalesce(reason, ''), "
      "effective_date, export_file_id, export_ordinal, "
      "coalesce(exported_at, ''), coalesce(esr_message, ''), coalesce(esr_message_type, ''), "
      "coalesce(applicant_number, ''), created_at, updated_at, confirmed_file_id, "
      "coalesce(warnings, ''), held_back FROM applicants "
      "WHERE {} ORDER BY "
      "coalesce(export_file_id, 0), coalesce(export_ordinal, 0), position_id, placement_id",
      where));
  select.bind(1, key);
  std::vector<ApplicantRow> out;
  while (select.step()) {
    ApplicantRow a;
    a.placement_id = select.column_text(0);
    a.position_id = select.column_int64(1);
    a.office = select.column_text(2);
    // The column's CHECK admits no other text than the states' (migration 8).
    a.state = applicant_state_from_text(select.column_text(3)).value_or(ApplicantState::to_export);
    a.reason = select.column_text(4);
    a.generated_on = select.column_text(5);
    a.export_file = select.column_optional_int64(6);
    a.export_ordinal = select.column_optional_int64(7);
    a.exported_at = select.column_text(8);
    a.esr_message = select.column_text(9);
    a.esr_message_type = select.column_text(10);
    a.applicant_number = select.column_text(11);
    a.created_at = select.column_text(12);
    a.updated_at = select.column_text(13);
    a.confirmed_file = select.column_optional_int64(14);
    a.warnings = select.column_text(15);
    a.held_back = select.column_int(16) != 0;
    out.push_back(std::move(a));
  }
  return out;
}

template <typename Key>
std::vector<NotificationRow> notifications_where(db::Database& db, std::string_view where,
                                                 const Key& key) {
  auto select = db.prepare(
      fmt::format("SELECT local_office, business_date, file_type, title_code, npn, position_id, "
                  "coalesce(placement_id, ''), cause, state, export_file_id, export_ordinal, "
                  "coalesce(esr_reason, ''), created_at, confirmed_file_id FROM notifications "
                  "WHERE {} ORDER BY id",
                  where));
  select.bind(1, key);
  std::vector<NotificationRow> out;
  while (select.step()) {
    NotificationRow n;
    n.office = select.column_text(0);
    n.business_date = select.column_text(1);
    n.file_type = select.column_text(2);
    n.title = select.column_text(3);
    n.npn = select.column_text(4);
    n.position_id = select.column_optional_int64(5);
    n.placement_id = select.column_text(6);
    n.cause = select.column_text(7);
    // The column's CHECK admits no other text than the states' (migration 7).
    n.state =
        notification_state_from_text(select.column_text(8)).value_or(NotificationState::pending);
    n.export_file = select.column_optional_int64(9);
    n.export_ordinal = select.column_optional_int64(10);
    n.esr_reason = select.column_text(11);
    n.created_at = select.column_text(12);
    n.confirmed_file = select.column_optional_int64(13);
    out.push_back(std::move(n));
  }
  return out;
}

// The one row of a query by primary key, if there is one.
template <typename Row>
std::optional<Row> only_row(std::vector<Row> rows) {
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

// The events of `subject` of the kinds in `kinds` (an SQL list), oldest first.
std::vector<TisEventRow> events_of(db::Database& db, const std::string& subject,
                                   std::string_view kinds) {
  auto select =
      db.prepare(fmt::format("SELECT id, file_id, business_date, local_office, kind, subject, "
                             "coalesce(changes, ''), processed, {} FROM "
                             "tis_events WHERE subject = ?1 AND kind IN ({}) ORDER BY id",
                             previous_placement_columns(), kinds));
  select.bind(1, subject);
  std::vector<TisEventRow> out;
  while (select.step()) {
    TisEventRow e;
    e.id = select.column_int64(0);
    e.file_id = select.column_int64(1);
    e.business_date = select.column_text(2);
    e.office = select.column_text(3);
    e.kind = select.column_text(4);
    e.subject = select.column_text(5);
    e.changes = select.column_text(6);
    e.processed = select.column_int(7) != 0;
    e.previous = previous_placement_from_row(select, 8, e.subject);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

std::span<const std::string_view> shown_columns() { return kShownColumns; }

bool is_shown(std::string_view column) {
  return std::find(kShownColumns.begin(), kShownColumns.end(), column) != kShownColumns.end();
}

std::optional<std::string> shown_field(const Placement& placement, std::string_view column) {
  if (!is_shown(column)) return std::nullopt;
  return placement.field(column);
}

std::optional<PlacementRow> SubjectHistory::placement(const std::string& placement_id) {
  return only_row(placements_where(db_, "p.placement_id = ?1", placement_id));
}

std::vector<PlacementRow> SubjectHistory::placements_of_person(const std::string& person_id) {
  return placements_where(db_, "p.person_id = ?1", person_id);
}

std::vector<PlacementRow> SubjectHistory::placements_on_post(const std::string& npn) {
  return placements_where(db_, "p.npn = ?1", npn);
}

std::optional<PositionRow> SubjectHistory::position(std::int64_t position_id) {
  return only_row(positions_where(db_, "position_id = ?1", position_id));
}

std::vector<PositionRow> SubjectHistory::positions_on_post(const std::string& npn) {
  return positions_where(db_, "deanery_number = ?1", npn);
}

std::vector<ApplicantRow> SubjectHistory::applicants_of_placement(const std::string& placement_id) {
  return applicants_where(db_, "placement_id = ?1", placement_id);
}

std::vector<ApplicantRow> SubjectHistory::applicants_on_position(std::int64_t position_id) {
  return applicants_where(db_, "position_id = ?1", position_id);
}

std::vector<ApplicantRow> SubjectHistory::applicants_sent_in(std::int64_t file_id) {
  return applicants_where(db_, "export_file_id = ?1", file_id);
}

std::vector<NotificationRow> SubjectHistory::notifications_of_placement(
    const std::string& placement_id) {
  return notifications_where(db_, "placement_id = ?1", placement_id);
}

std::vector<NotificationRow> SubjectHistory::notifications_on_post(const std::string& npn) {
  return notifications_where(db_, "npn = ?1", npn);
}

std::vector<NotificationRow> SubjectHistory::notifications_on_position(std::int64_t position_id) {
  return notifications_where(db_, "position_id = ?1", position_id);
}

std::vector<NotificationRow> SubjectHistory::notifications_sent_in(std::int64_t file_id) {
  return notifications_where(db_, "export_file_id = ?1", file_id);
}

std::optional<Exclusion> SubjectHistory::exclusion(const std::string& placement_id) {
  auto select = db_.prepare(
      "SELECT coalesce(local_office, ''), source, added_at FROM exclusions WHERE placement_id = "
      "?1");
  select.bind(1, placement_id);
  if (!select.step()) return std::nullopt;
  return Exclusion{placement_id, select.column_text(0), select.column_text(1),
                   select.column_text(2)};
}

std::vector<TisEventRow> SubjectHistory::placement_events(const std::string& placement_id) {
  return events_of(db_, placement_id,
                   "'placement_created', 'placement_changed', 'placement_deleted'");
}

std::vector<TisEventRow> SubjectHistory::post_events(const std::string& npn) {
  return events_of(db_, npn, "'post_created', 'post_removed', 'post_inactive'");
}

std::optional<PostRow> SubjectHistory::post(const std::string& npn) {
  auto select = db_.prepare(
      "SELECT local_office, status, present, first_file_id FROM tis_posts WHERE npn = ?1");
  select.bind(1, npn);
  if (!select.step()) return std::nullopt;
  return PostRow{select.column_text(0), select.column_text(1), select.column_int(2) != 0,
                 select.column_optional_int64(3)};
}

std::optional<std::string> SubjectHistory::baseline_date(const std::string& office) {
  auto select = db_.prepare("SELECT business_date FROM tis_baselines WHERE local_office = ?1");
  select.bind(1, office);
  if (!select.step()) return std::nullopt;
  return select.column_text(0);
}

}  // namespace esr::state
