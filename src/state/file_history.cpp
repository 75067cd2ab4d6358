// The ledger as `esrd trace` reads it (see file_history.hpp). Read only.
#include "esr/state/file_history.hpp"

#include <fmt/format.h>

#include <string_view>

#include "esr/dialect/file_name.hpp"
#include "esr/state/rtc_lines.hpp"

namespace esr::state {

namespace {

// The file types and the table of one exchange, as its queries name them.
struct ExchangeSql {
  std::string_view answer_type;  // the confirmation's file type
  std::string_view sent_types;   // an SQL list of the sent files' types
  std::string_view records;      // the table of the records sent
};

ExchangeSql sql_of(Exchange exchange) {
  if (exchange == Exchange::applicants) return {"APC", "'APP'", "applicants"};
  return {"DCC", "'DNC', 'DNF'", "notifications"};
}

LedgerFile file_from(const db::Statement& row) {
  LedgerFile f;
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

// The fourth field of a POR or POS record as received (its C/D flag), without quotes: the first
// four fields (type, id, empty, indicator) never hold a comma.
std::string indicator_of(const std::string& record) {
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
  return indicator;
}

}  // namespace

const LedgerFile* FileHistory::file(std::optional<std::int64_t> id) {
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

std::string FileHistory::file_name(std::optional<std::int64_t> id) {
  const auto* f = file(id);
  return f != nullptr ? f->name : std::string("(unknown file)");
}

std::vector<std::int64_t> FileHistory::files_named(const std::string& name) {
  auto select = db_.prepare("SELECT id FROM files WHERE name = ?1 ORDER BY id");
  select.bind(1, name);
  std::vector<std::int64_t> ids;
  while (select.step()) ids.push_back(select.column_int64(0));
  return ids;
}

std::string FileHistory::business_date_at(const std::string& at) {
  auto select = db_.prepare(
      "SELECT business_date FROM files WHERE started_at <= ?1 AND business_date != '' ORDER BY "
      "id DESC LIMIT 1");
  select.bind(1, at);
  if (select.step()) return select.column_text(0);
  return as_of_.iso();
}

const LedgerFile* FileHistory::answer_to(const LedgerFile& sent, Exchange exchange) {
  auto sql = sql_of(exchange);
  auto select = db_.prepare(
      fmt::format("SELECT a.id FROM files a WHERE a.direction = 'in' AND a.type = ?3 AND "
                  "a.local_office = ?2 AND a.outcome = 'applied' AND a.id > ?1 AND NOT EXISTS "
                  "(SELECT 1 FROM files s WHERE s.direction = 'out' AND s.local_office = ?2 AND "
                  "s.type IN ({}) AND s.id > ?1 AND s.id < a.id) ORDER BY a.id LIMIT 1",
                  sql.sent_types));
  select.bind(1, sent.id).bind(2, sent.office).bind(3, sql.answer_type);
  if (!select.step()) return nullptr;
  return file(select.column_int64(0));
}

const LedgerFile* FileHistory::answered_by(const LedgerFile& answer, Exchange exchange) {
  auto select =
      db_.prepare(fmt::format("SELECT id FROM files WHERE direction = 'out' AND local_office = "
                              "?1 AND type IN ({}) AND id < ?2 ORDER BY id DESC LIMIT 1",
                              sql_of(exchange).sent_types));
  select.bind(1, answer.office).bind(2, answer.id);
  if (!select.step()) return nullptr;
  return file(select.column_int64(0));
}

std::vector<AnsweredFile> FileHistory::files_answered(std::int64_t answer_file_id,
                                                      Exchange exchange) {
  auto select = db_.prepare(
      fmt::format("SELECT export_file_id, count(*) FROM {} WHERE confirmed_file_id = ?1 AND "
                  "export_file_id IS NOT NULL GROUP BY export_file_id ORDER BY export_file_id",
                  sql_of(exchange).records));
  select.bind(1, answer_file_id);
  std::vector<AnsweredFile> files;
  while (select.step()) files.push_back({select.column_int64(0), select.column_int64(1)});
  return files;
}

std::vector<UnmatchedLine> FileHistory::unmatched_lines(std::int64_t file_id) {
  auto select = db_.prepare(
      "SELECT line, field, message FROM unmatched_confirmations WHERE file_id = ?1 ORDER BY line");
  select.bind(1, file_id);
  std::vector<UnmatchedLine> lines;
  while (select.step()) {
    lines.push_back({select.column_int64(0), select.column_text(1), select.column_text(2)});
  }
  return lines;
}

std::vector<std::string> FileHistory::confirmed_by(std::int64_t rtc_file_id) {
  auto select = db_.prepare("SELECT id FROM files WHERE confirmed_by = ?1");
  select.bind(1, rtc_file_id);
  std::vector<std::string> names;
  while (select.step()) names.push_back(file_name(select.column_int64(0)));
  return names;
}

PositionChanges FileHistory::position_changes(std::int64_t rmt_file_id) {
  auto count = [&](const char* sql) {
    auto select = db_.prepare(sql);
    select.bind(1, rmt_file_id);
    return select.step() ? select.column_int64(0) : 0;
  };
  PositionChanges counts;
  counts.created = count("SELECT count(*) FROM positions WHERE created_file_id = ?1");
  counts.changed = count(
      "SELECT count(*) FROM positions WHERE changed_file_id = ?1 AND created_file_id != ?1 AND "
      "deleted = 0");
  counts.deleted =
      count("SELECT count(*) FROM positions WHERE changed_file_id = ?1 AND deleted = 1");
  counts.rtc_failed = failed_rtc_lines(db_, rmt_file_id);  // the RTC lines' owner counts them
  return counts;
}

std::optional<PositionLine> FileHistory::position_line(std::int64_t file_id,
                                                       std::int64_t position_id) {
  auto line = first_line_of_position(db_, file_id, position_id);
  if (!line) return std::nullopt;
  return PositionLine{line->ordinal, indicator_of(line->record)};
}

std::vector<std::string> FileHistory::tis_event_counts(std::int64_t file_id) {
  auto select = db_.prepare(
      "SELECT kind, count(*) FROM tis_events WHERE file_id = ?1 GROUP BY kind ORDER BY kind");
  select.bind(1, file_id);
  std::vector<std::string> kinds;
  while (select.step()) {
    kinds.push_back(fmt::format("{} {}", select.column_int64(1), select.column_text(0)));
  }
  return kinds;
}

}  // namespace esr::state
