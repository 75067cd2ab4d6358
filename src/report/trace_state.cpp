// The state as `esrd trace` reads it (see trace_state.hpp). Read only.
#include "trace_state.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "esr/dialect/file_name.hpp"
#include "esr/state/rtc_lines.hpp"

namespace esr::report::trace_detail {

using spec::BusinessDate;

namespace {

// The placement columns a trace may show: the placement's own attributes and the person's id.
constexpr std::array<std::string_view, 11> kShownColumns = {
    "placement_id", "npn",   "placement_type", "lifecycle", "start_date", "end_date",
    "wte",          "grade", "site_code",      "site_name", "person_id"};

}  // namespace

std::span<const std::string_view> shown_columns() { return kShownColumns; }

bool is_shown(std::string_view column) {
  return std::find(kShownColumns.begin(), kShownColumns.end(), column) != kShownColumns.end();
}

const FileRow* TraceState::file(std::optional<std::int64_t> id) {
  if (!id) return nullptr;
  auto cached = files_.find(*id);
  if (cached != files_.end()) return &cached->second;
  auto select = db_.prepare(
      "SELECT id, name, direction, type, coalesce(local_office, ''), business_date, outcome, "
      "coalesce(reason, ''), started_at, sequence, confirmed_by, records FROM files WHERE id = "
      "?1");
  select.bind(1, *id);
  if (!select.step()) return nullptr;
  return &files_.emplace(*id, file_from(select)).first->second;
}

FileRow TraceState::file_from(const db::Statement& row) {
  FileRow f;
  f.id = row.column_int64(0);
  f.name = row.column_text(1);
  f.direction = row.column_text(2);
  f.type = row.column_text(3);
  f.office = row.column_text(4);
  f.business_date = row.column_text(5);
  if (f.business_date.empty()) {
    // A file quarantined by collect has no business date in the ledger: take its name's.
    if (auto name = dialect::FileName::parse(f.name, nullptr)) f.business_date = name->date.iso();
  }
  f.outcome = row.column_text(6);
  f.reason = row.column_text(7);
  f.started_at = row.column_text(8);
  f.sequence = row.column_optional_int64(9);
  f.confirmed_by = row.column_optional_int64(10);
  f.records = row.column_int64(11);
  return f;
}

std::string TraceState::file_name(std::optional<std::int64_t> id) {
  const auto* f = file(id);
  return f != nullptr ? f->name : std::string("(unknown file)");
}

// The business date esrd was working on at `at`: that of the latest file recorded by then.
std::string TraceState::business_date_at(const std::string& at) {
  auto select = db_.prepare(
      "SELECT business_date FROM files WHERE started_at <= ?1 AND business_date != '' ORDER BY "
      "id DESC LIMIT 1");
  select.bind(1, at);
  if (select.step()) return select.column_text(0);
  return as_of_.iso();
}

namespace {

// The row of a trace's placement: its bookkeeping, then state::placement_columns().
std::string placement_query(std::string_view where, std::string_view order = {}) {
  return fmt::format(
      "SELECT p.local_office, p.present, p.first_file_id, p.last_file_id, {} FROM {} WHERE {}{}",
      state::placement_columns(), state::placement_source(), where, order);
}

}  // namespace

std::optional<PlacementRow> TraceState::placement(const std::string& id) {
  auto select = db_.prepare(placement_query("p.placement_id = ?1"));
  select.bind(1, id);
  if (!select.step()) return std::nullopt;
  return placement_from(select);
}

PlacementRow TraceState::placement_from(const db::Statement& row) {
  PlacementRow p;
  p.office = row.column_text(0);
  p.present = row.column_int(1) != 0;
  p.first_file = row.column_optional_int64(2);
  p.last_file = row.column_optional_int64(3);
  p.id = row.column_text(4);
  p.npn = row.column_text(5);
  p.view = state::placement_from_row(row, 4);
  return p;
}

std::vector<PlacementRow> TraceState::placements_where(const char* where,
                                                       const std::string& value) {
  auto select = db_.prepare(placement_query(where, " ORDER BY p.start_date, p.placement_id"));
  select.bind(1, value);
  std::vector<PlacementRow> out;
  while (select.step()) out.push_back(placement_from(select));
  return out;
}

std::vector<PositionRow> TraceState::positions_where(const char* where, const std::string& value) {
  auto select = db_.prepare(
      fmt::format("SELECT created_file_id, changed_file_id, {} FROM positions WHERE {} ORDER BY "
                  "position_id",
                  state::position_columns(), where));
  select.bind(1, value);
  std::vector<PositionRow> out;
  while (select.step()) {
    PositionRow p;
    p.created_file = select.column_int64(0);
    p.changed_file = select.column_int64(1);
    p.view = state::position_from_row(select, 2);
    p.id = p.view.id;
    p.office = p.view.local_office;
    p.deanery = p.view.deanery_number;
    p.deleted = p.view.deleted;
    p.matched = p.view.matched;
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<ApplicantRow> TraceState::applicants_where(const std::string& where,
                                                       const std::string& value) {
  auto select = db_.prepare(fmt::format(
      "SELECT placement_id, position_id, local_office, state, coalesce(reason, ''), "
      "effective_date, export_file_id, export_ordinal, "
      "coalesce(exported_at, ''), coalesce(esr_message, ''), coalesce(esr_message_type, ''), "
      "coalesce(applicant_number, ''), created_at, updated_at, confirmed_file_id, "
      "coalesce(warnings, ''), held_back FROM applicants "
      "WHERE {} ORDER BY "
      "coalesce(export_file_id, 0), coalesce(export_ordinal, 0), position_id, placement_id",
      where));
  select.bind(1, value);
  std::vector<ApplicantRow> out;
  while (select.step()) {
    ApplicantRow a;
    a.placement_id = select.column_text(0);
    a.position_id = select.column_int64(1);
    a.office = select.column_text(2);
    // The column's CHECK admits no other text than the states' (migration 8).
    a.state = state::applicant_state_from_text(select.column_text(3))
                  .value_or(state::ApplicantState::to_export);
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

std::vector<NotificationRow> TraceState::notifications_where(const std::string& where,
                                                             const std::string& value) {
  auto select = db_.prepare(
      fmt::format("SELECT local_office, business_date, file_type, title_code, npn, position_id, "
                  "coalesce(placement_id, ''), cause, state, export_file_id, export_ordinal, "
                  "coalesce(esr_reason, ''), created_at, confirmed_file_id FROM notifications "
                  "WHERE {} ORDER BY id",
                  where));
  select.bind(1, value);
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
    n.state = state::notification_state_from_text(select.column_text(8))
                  .value_or(state::NotificationState::pending);
    n.export_file = select.column_optional_int64(9);
    n.export_ordinal = select.column_optional_int64(10);
    n.esr_reason = select.column_text(11);
    n.created_at = select.column_text(12);
    n.confirmed_file = select.column_optional_int64(13);
    out.push_back(std::move(n));
  }
  return out;
}

std::optional<Exclusion> TraceState::exclusion(const std::string& placement_id) {
  auto select = db_.prepare(
      "SELECT coalesce(local_office, ''), source, added_at FROM exclusions WHERE placement_id = "
      "?1");
  select.bind(1, placement_id);
  if (!select.step()) return std::nullopt;
  return Exclusion{select.column_text(0), select.column_text(1), select.column_text(2)};
}

std::vector<TisEvent> TraceState::tis_events(const std::string& subject, const char* kinds) {
  auto select =
      db_.prepare(fmt::format("SELECT id, file_id, business_date, local_office, kind, subject, "
                              "coalesce(changes, ''), processed, {} FROM "
                              "tis_events WHERE subject = ?1 AND kind IN ({}) ORDER BY id",
                              state::previous_placement_columns(), kinds));
  select.bind(1, subject);
  std::vector<TisEvent> out;
  while (select.step()) {
    TisEvent e;
    e.id = select.column_int64(0);
    e.file_id = select.column_int64(1);
    e.business_date = select.column_text(2);
    e.office = select.column_text(3);
    e.kind = select.column_text(4);
    e.subject = select.column_text(5);
    e.changes = select.column_text(6);
    e.processed = select.column_int(7) != 0;
    e.previous = state::previous_placement_from_row(select, 8, e.subject);
    out.push_back(std::move(e));
  }
  return out;
}

std::optional<std::string> TraceState::baseline_date(const std::string& office) {
  auto select = db_.prepare("SELECT business_date FROM tis_baselines WHERE local_office = ?1");
  select.bind(1, office);
  if (!select.step()) return std::nullopt;
  return select.column_text(0);
}

// The line of an RMF/RMC that carried a position's POR (else POS) record, and its C/D flag.
std::optional<std::pair<std::int64_t, std::string>> TraceState::position_line(
    std::int64_t file_id, std::int64_t position_id) {
  auto line = state::first_line_of_position(db_, file_id, position_id);
  if (!line) return std::nullopt;
  const auto& record = line->record;
  // The first four fields (type, id, empty, indicator) never hold a comma.
  std::string indicator;
  std::size_t at = 0;
  for (int comma = 0; comma < 3 && at != std::string::npos; ++comma) {
    at = record.find(',', at);
    if (at != std::string::npos) ++at;
  }
  if (at != std::string::npos) {
    auto end = record.find(',', at);
    indicator = record.substr(at, end == std::string::npos ? std::string::npos : end - at);
    std::erase(indicator, '"');
  }
  return std::make_pair(line->ordinal, indicator);
}

// The APC (or DCC) applied while `sent` was the latest APP (or DNC/DNF) of its office: the
// file whose lines were matched against it (DESIGN §7).
const FileRow* TraceState::answer_to(const FileRow& sent, const char* answer_type,
                                     const char* sent_types) {
  auto select = db_.prepare(
      fmt::format("SELECT a.id FROM files a WHERE a.direction = 'in' AND a.type = ?3 AND "
                  "a.local_office = ?2 AND a.outcome = 'applied' AND a.id > ?1 AND NOT EXISTS "
                  "(SELECT 1 FROM files s WHERE s.direction = 'out' AND s.local_office = ?2 AND "
                  "s.type IN ({}) AND s.id > ?1 AND s.id < a.id) ORDER BY a.id LIMIT 1",
                  sent_types));
  select.bind(1, sent.id).bind(2, sent.office).bind(3, answer_type);
  if (!select.step()) return nullptr;
  return file(select.column_int64(0));
}

const FileRow* TraceState::answered_by(const FileRow& answer, const char* sent_types) {
  auto select =
      db_.prepare(fmt::format("SELECT id FROM files WHERE direction = 'out' AND local_office = "
                              "?1 AND type IN ({}) AND id < ?2 ORDER BY id DESC LIMIT 1",
                              sent_types));
  select.bind(1, answer.office).bind(2, answer.id);
  if (!select.step()) return nullptr;
  return file(select.column_int64(0));
}

std::vector<AnsweredFile> TraceState::files_answered(std::int64_t answer_file_id,
                                                     const char* table) {
  auto select = db_.prepare(
      fmt::format("SELECT export_file_id, count(*) FROM {} WHERE confirmed_file_id = ?1 AND "
                  "export_file_id IS NOT NULL GROUP BY export_file_id ORDER BY export_file_id",
                  table));
  select.bind(1, answer_file_id);
  std::vector<AnsweredFile> files;
  while (select.step()) files.push_back({select.column_int64(0), select.column_int64(1)});
  return files;
}

std::vector<std::int64_t> TraceState::files_named(const std::string& name) {
  auto select = db_.prepare("SELECT id FROM files WHERE name = ?1 ORDER BY id");
  select.bind(1, name);
  std::vector<std::int64_t> ids;
  while (select.step()) ids.push_back(select.column_int64(0));
  return ids;
}

std::vector<std::string> TraceState::confirmed_by(std::int64_t rtc_file_id) {
  auto select = db_.prepare("SELECT id FROM files WHERE confirmed_by = ?1");
  select.bind(1, rtc_file_id);
  std::vector<std::string> names;
  while (select.step()) names.push_back(file_name(select.column_int64(0)));
  return names;
}

std::optional<PostRow> TraceState::post(const std::string& npn) {
  auto select = db_.prepare(
      "SELECT local_office, status, present, first_file_id FROM tis_posts WHERE npn = ?1");
  select.bind(1, npn);
  if (!select.step()) return std::nullopt;
  return PostRow{select.column_text(0), select.column_text(1), select.column_int(2) != 0,
                 select.column_optional_int64(3)};
}

std::vector<UnmatchedLine> TraceState::unmatched_lines(std::int64_t file_id) {
  auto select = db_.prepare(
      "SELECT line, field, message FROM unmatched_confirmations WHERE file_id = ?1 ORDER BY line");
  select.bind(1, file_id);
  std::vector<UnmatchedLine> lines;
  while (select.step()) {
    lines.push_back({select.column_int64(0), select.column_text(1), select.column_text(2)});
  }
  return lines;
}

PositionCounts TraceState::position_counts(std::int64_t rmt_file_id) {
  auto count = [&](const char* sql) {
    auto select = db_.prepare(sql);
    select.bind(1, rmt_file_id);
    return select.step() ? select.column_int64(0) : 0;
  };
  PositionCounts counts;
  counts.created = count("SELECT count(*) FROM positions WHERE created_file_id = ?1");
  counts.changed = count(
      "SELECT count(*) FROM positions WHERE changed_file_id = ?1 AND created_file_id != ?1 AND "
      "deleted = 0");
  counts.deleted =
      count("SELECT count(*) FROM positions WHERE changed_file_id = ?1 AND deleted = 1");
  counts.rtc_failed = count("SELECT count(*) FROM rtc_lines WHERE file_id = ?1 AND success = 0");
  return counts;
}

std::vector<std::string> TraceState::tis_event_counts(std::int64_t file_id) {
  auto select = db_.prepare(
      "SELECT kind, count(*) FROM tis_events WHERE file_id = ?1 GROUP BY kind ORDER BY kind");
  select.bind(1, file_id);
  std::vector<std::string> kinds;
  while (select.step()) {
    kinds.push_back(fmt::format("{} {}", select.column_int64(1), select.column_text(0)));
  }
  return kinds;
}

}  // namespace esr::report::trace_detail
