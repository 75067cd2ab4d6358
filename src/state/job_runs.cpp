#include "esr/state/job_runs.hpp"

#include "esr/util/utc_time.hpp"

namespace esr::state {

std::optional<std::int64_t> claim_job_run(db::Transaction& transaction, const std::string& job,
                                          const std::string& slot_key, const std::string& slot_at,
                                          const spec::BusinessDate& date) {
  auto& db = transaction.database();
  auto insert = db.prepare(
      "INSERT INTO job_runs(job, slot_key, slot_at, business_date, started_at, outcome)"
      " VALUES (?1, ?2, nullif(?3, ''), ?4, ?5, ?6) ON CONFLICT(job, slot_key) DO NOTHING");
  insert.bind(1, job)
      .bind(2, slot_key)
      .bind(3, slot_at)
      .bind(4, date.iso())
      .bind(5, util::utc_now_iso())
      .bind(6, to_text(JobOutcome::running));
  insert.run();
  if (db.changes() == 0) return std::nullopt;
  return db.last_insert_rowid();
}

void finish_job_run(db::Transaction& transaction, std::int64_t run_id, JobOutcome outcome,
                    const std::string& detail) {
  auto update = transaction.database().prepare(
      "UPDATE job_runs SET finished_at = ?2, outcome = ?3, detail = ?4 WHERE id = ?1");
  update.bind(1, run_id).bind(2, util::utc_now_iso()).bind(3, to_text(outcome)).bind(4, detail);
  update.run();
}

void add_missed_job_run(db::Transaction& transaction, const std::string& job,
                        const std::string& slot_key, const std::string& slot_at,
                        const std::string& detail) {
  auto insert = transaction.database().prepare(
      "INSERT INTO job_runs(job, slot_key, slot_at, business_date, outcome, detail)"
      " VALUES (?1, ?2, ?3, substr(?3, 1, 10), ?5, ?4) ON CONFLICT(job, slot_key) DO "
      "NOTHING");
  insert.bind(1, job)
      .bind(2, slot_key)
      .bind(3, slot_at)
      .bind(4, detail)
      .bind(5, to_text(JobOutcome::missed));
  insert.run();
}

std::optional<std::string> last_scheduled_slot_at(db::Database& db, const std::string& job) {
  auto select = db.prepare(
      "SELECT slot_at FROM job_runs WHERE job = ?1 AND slot_at IS NOT NULL ORDER BY slot_at DESC "
      "LIMIT 1");
  select.bind(1, job);
  if (!select.step()) return std::nullopt;
  return select.column_text(0);
}

std::int64_t mark_running_jobs_crashed(db::Transaction& transaction) {
  auto& db = transaction.database();
  auto update = db.prepare(
      "UPDATE job_runs SET outcome = ?1, detail = 'the process ended while the job ran'"
      " WHERE outcome = ?2");
  update.bind(1, to_text(JobOutcome::crashed)).bind(2, to_text(JobOutcome::running));
  update.run();
  return db.changes();
}

}  // namespace esr::state
