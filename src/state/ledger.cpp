#include "esr/state/ledger.hpp"

#include <fmt/format.h>

#include "esr/util/sha256.hpp"
#include "esr/util/utc_time.hpp"

namespace esr::state {

namespace {

// files.outcome of a row read; the column's CHECK lists only the outcomes FileOutcome knows.
FileOutcome outcome_at(const db::Statement& row, int column) {
  auto text = row.column_text(column);
  auto outcome = file_outcome_from_text(text);
  if (!outcome) {
    throw db::StoreError(fmt::format("files: unknown outcome '{}'", text), std::string(row.sql()));
  }
  return *outcome;
}

}  // namespace

std::optional<LedgerEntry> last_applied(db::Database& db, const std::string& name) {
  auto statement = db.prepare(
      "SELECT id, name, type, coalesce(local_office, ''), business_date, sequence,"
      " coalesce(sha256, ''), size, records, outcome, coalesce(reason, '')"
      " FROM files WHERE name = ?1 AND direction = 'in' AND outcome = ?2"
      " ORDER BY id DESC LIMIT 1");
  statement.bind(1, name).bind(2, to_text(FileOutcome::applied));
  if (!statement.step()) return std::nullopt;
  LedgerEntry entry;
  entry.id = statement.column_int64(0);
  entry.name = statement.column_text(1);
  entry.type = statement.column_text(2);
  entry.local_office = statement.column_text(3);
  entry.business_date = statement.column_text(4);
  entry.sequence = statement.column_optional_int64(5);
  entry.sha256 = statement.column_text(6);
  entry.size = statement.column_int64(7);
  entry.records = statement.column_int64(8);
  entry.outcome = outcome_at(statement, 9);
  entry.reason = statement.column_text(10);
  return entry;
}

Rejections rejections_of(db::Database& db, const std::string& name, const std::string& sha256) {
  auto select = db.prepare(
      "SELECT count(*), coalesce(max(id), 0) FROM files"
      " WHERE direction = 'in' AND outcome = ?3 AND name = ?1 AND sha256 = ?2");
  select.bind(1, name).bind(2, sha256).bind(3, to_text(FileOutcome::quarantined));
  if (!select.step()) return {};
  return {static_cast<std::size_t>(select.column_int64(0)), select.column_int64(1)};
}

std::int64_t add_inbound(db::Transaction& transaction, const LedgerEntry& entry) {
  auto& db = transaction.database();
  auto statement = db.prepare(
      "INSERT INTO files(name, direction, type, local_office, business_date, sequence, sha256,"
      " size, records, outcome, reason, started_at, finished_at)"
      " VALUES (?1, 'in', ?2, nullif(?3, ''), ?4, ?5, ?6, ?7, ?8, ?9, nullif(?10, ''), ?11, ?11)");
  statement.bind(1, entry.name)
      .bind(2, entry.type)
      .bind(3, entry.local_office)
      .bind(4, entry.business_date)
      .bind(5, entry.sequence)
      .bind(6, entry.sha256)
      .bind(7, entry.size)
      .bind(8, entry.records)
      .bind(9, to_text(entry.outcome))
      .bind(10, entry.reason)
      .bind(11, util::utc_now_iso());
  statement.run();
  return db.last_insert_rowid();
}

void finish_inbound(db::Transaction& transaction, std::int64_t id, std::int64_t records) {
  auto statement = transaction.database().prepare(
      "UPDATE files SET records = ?2, finished_at = ?3 WHERE id = ?1");
  statement.bind(1, id).bind(2, records).bind(3, util::utc_now_iso());
  statement.run();
}

void set_confirmed_by(db::Transaction& transaction, std::int64_t rmt_id, std::int64_t rtc_id) {
  auto confirm = transaction.database().prepare("UPDATE files SET confirmed_by = ?2 WHERE id = ?1");
  confirm.bind(1, rmt_id).bind(2, rtc_id);
  confirm.run();
}

std::int64_t add_pending_outbound(db::Transaction& transaction, const OutboundEntry& entry) {
  auto& db = transaction.database();
  auto insert = db.prepare(
      "INSERT INTO files(name, direction, type, local_office, business_date, sequence, sha256,"
      " size, records, outcome, started_at, content)"
      " VALUES (?1, 'out', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  insert.bind(1, entry.name)
      .bind(2, entry.type)
      .bind(3, entry.local_office)
      .bind(4, entry.business_date)
      .bind(5, entry.sequence)
      .bind(6, util::sha256_hex(entry.content))
      .bind(7, static_cast<std::int64_t>(entry.content.size()))
      .bind(8, entry.records)
      .bind(9, to_text(FileOutcome::pending))
      .bind(10, util::utc_now_iso())
      .bind_blob(11, entry.content);
  insert.run();
  return db.last_insert_rowid();
}

std::vector<UnsentFile> unsent_files(db::Database& db) {
  auto select = db.prepare(
      "SELECT id, name, outcome, business_date, sha256, content FROM files"
      " WHERE direction = 'out' AND outcome IN (?1, ?2) ORDER BY sequence");
  select.bind(1, to_text(FileOutcome::pending)).bind(2, to_text(FileOutcome::publishing));
  std::vector<UnsentFile> unsent;
  while (select.step()) {
    unsent.push_back({select.column_int64(0), select.column_text(1), outcome_at(select, 2),
                      select.column_text(3), select.column_text(4), select.column_blob(5)});
  }
  return unsent;
}

void set_outbound_outcome(db::Transaction& transaction, std::int64_t id, FileOutcome outcome) {
  auto statement = transaction.database().prepare(
      "UPDATE files SET outcome = ?2, finished_at = ?3,"
      " content = CASE WHEN ?2 = ?4 THEN NULL ELSE content END WHERE id = ?1");
  statement.bind(1, id)
      .bind(2, to_text(outcome))
      .bind(3, util::utc_now_iso())
      .bind(4, to_text(FileOutcome::sent));
  statement.run();
}

std::vector<SentFile> sent_files(db::Database& db) {
  auto sent = db.prepare(
      "SELECT name, business_date, coalesce(sha256, '') FROM files"
      " WHERE direction = 'out' AND outcome = ?1 ORDER BY id");
  sent.bind(1, to_text(FileOutcome::sent));
  std::vector<SentFile> files;
  while (sent.step()) {
    files.push_back({sent.column_text(0), sent.column_text(1), sent.column_text(2)});
  }
  return files;
}

LedgerChecksums::LedgerChecksums(db::Database& db)
    : select_(db.prepare("SELECT coalesce(sha256, '') FROM files WHERE name = ?1")) {}

std::set<std::string> LedgerChecksums::of(const std::string& name) {
  std::set<std::string> hashes;
  select_.bind(1, name);
  while (select_.step()) hashes.insert(select_.column_text(0));
  select_.reset();
  return hashes;
}

}  // namespace esr::state
