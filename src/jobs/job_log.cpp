#include "esr/jobs/job_log.hpp"

#include <spdlog/spdlog.h>

#include "esr/state/job_outcome.hpp"
#include "esr/state/state_schema.hpp"
#include "esr/util/utc_time.hpp"

namespace esr::jobs {

std::optional<std::int64_t> start_run(db::Database& db, const std::string& job,
                                      const std::string& slot_key, const std::string& slot_at,
                                      const spec::BusinessDate& date) {
  auto insert = db.prepare(
      "INSERT INTO job_runs(job, slot_key, slot_at, business_date, started_at, outcome)"
      " VALUES (?1, ?2, nullif(?3, ''), ?4, ?5, ?6) ON CONFLICT(job, slot_key) DO NOTHING");
  insert.bind(1, job)
      .bind(2, slot_key)
      .bind(3, slot_at)
      .bind(4, date.iso())
      .bind(5, util::utc_now_iso())
      .bind(6, state::to_text(state::JobOutcome::running));
  insert.run();
  if (db.changes() == 0) return std::nullopt;
  return db.last_insert_rowid();
}

namespace {

void finish_run(db::Database& db, std::int64_t run_id, state::JobOutcome outcome,
                const std::string& detail) {
  auto update =
      db.prepare("UPDATE job_runs SET finished_at = ?2, outcome = ?3, detail = ?4 WHERE id = ?1");
  update.bind(1, run_id)
      .bind(2, util::utc_now_iso())
      .bind(3, state::to_text(outcome))
      .bind(4, detail);
  update.run();
}

}  // namespace

RunOutcome run_claimed(db::Database& db, std::int64_t run_id, const std::string& job,
                       const std::string& slot_key, const spec::BusinessDate& date,
                       const std::function<RunOutcome()>& work) {
  spdlog::info("job={} slot={} date={} event=started", job, slot_key, date.iso());
  RunOutcome outcome;
  try {
    outcome = work();
  } catch (const std::exception& e) {
    finish_run(db, run_id, state::JobOutcome::failed, e.what());
    spdlog::error("job={} slot={} event=failed error=\"{}\"", job, slot_key, e.what());
    throw;
  }
  finish_run(db, run_id, outcome.ok ? state::JobOutcome::succeeded : state::JobOutcome::failed,
             outcome.detail);
  if (outcome.ok) {
    spdlog::info("job={} slot={} event=finished {}", job, slot_key, outcome.detail);
  } else {
    spdlog::error("job={} slot={} event=failed error=\"{}\"", job, slot_key, outcome.detail);
  }
  return outcome;
}

void record_missed(db::Database& db, const std::string& job, const std::string& slot_key,
                   const std::string& slot_at, const std::string& detail) {
  auto insert = db.prepare(
      "INSERT INTO job_runs(job, slot_key, slot_at, business_date, outcome, detail)"
      " VALUES (?1, ?2, ?3, substr(?3, 1, 10), ?5, ?4) ON CONFLICT(job, slot_key) DO "
      "NOTHING");
  insert.bind(1, job)
      .bind(2, slot_key)
      .bind(3, slot_at)
      .bind(4, detail)
      .bind(5, state::to_text(state::JobOutcome::missed));
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

std::int64_t mark_crashed_runs(db::Database& db) {
  auto update = db.prepare(
      "UPDATE job_runs SET outcome = ?1, detail = 'the process ended while the job ran'"
      " WHERE outcome = ?2");
  update.bind(1, state::to_text(state::JobOutcome::crashed))
      .bind(2, state::to_text(state::JobOutcome::running));
  update.run();
  return db.changes();
}

}  // namespace esr::jobs
