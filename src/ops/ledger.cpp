#include "esr/ops/ledger.hpp"

#include "esr/state/state_schema.hpp"
#include "esr/util/utc_time.hpp"

namespace esr::ops {

std::optional<LedgerEntry> Ledger::last_applied(const std::string& name) {
  auto statement = db_.prepare(
      "SELECT id, name, direction, type, coalesce(local_office, ''), business_date, sequence,"
      " coalesce(sha256, ''), size, records, outcome, coalesce(reason, '')"
      " FROM files WHERE name = ?1 AND direction = 'in' AND outcome = 'applied'"
      " ORDER BY id DESC LIMIT 1");
  statement.bind(1, name);
  if (!statement.step()) return std::nullopt;
  LedgerEntry entry;
  entry.id = statement.column_int64(0);
  entry.name = statement.column_text(1);
  entry.direction = statement.column_text(2);
  entry.type = statement.column_text(3);
  entry.local_office = statement.column_text(4);
  entry.business_date = statement.column_text(5);
  entry.sequence = statement.column_optional_int64(6);
  entry.sha256 = statement.column_text(7);
  entry.size = statement.column_int64(8);
  entry.records = statement.column_int64(9);
  entry.outcome = statement.column_text(10);
  entry.reason = statement.column_text(11);
  return entry;
}

Ledger::Rejections Ledger::rejections_of(const std::string& name, const std::string& sha256) {
  auto select = db_.prepare(
      "SELECT count(*), coalesce(max(id), 0) FROM files"
      " WHERE direction = 'in' AND outcome = 'quarantined' AND name = ?1 AND sha256 = ?2");
  select.bind(1, name).bind(2, sha256);
  if (!select.step()) return {};
  return {static_cast<std::size_t>(select.column_int64(0)), select.column_int64(1)};
}

std::int64_t Ledger::add(const LedgerEntry& entry) {
  auto statement = db_.prepare(
      "INSERT INTO files(name, direction, type, local_office, business_date, sequence, sha256,"
      " size, records, outcome, reason, started_at, finished_at)"
      " VALUES (?1, ?2, ?3, nullif(?4, ''), ?5, ?6, ?7, ?8, ?9, ?10, nullif(?11, ''), ?12, ?12)");
  auto now = util::utc_now_iso();
  statement.bind(1, entry.name)
      .bind(2, entry.direction)
      .bind(3, entry.type)
      .bind(4, entry.local_office)
      .bind(5, entry.business_date)
      .bind(6, entry.sequence)
      .bind(7, entry.sha256)
      .bind(8, entry.size)
      .bind(9, entry.records)
      .bind(10, entry.outcome)
      .bind(11, entry.reason)
      .bind(12, now);
  statement.run();
  return db_.last_insert_rowid();
}

void Ledger::finish(std::int64_t id, std::int64_t records) {
  auto statement = db_.prepare("UPDATE files SET records = ?2, finished_at = ?3 WHERE id = ?1");
  statement.bind(1, id).bind(2, records).bind(3, util::utc_now_iso());
  statement.run();
}

}  // namespace esr::ops
