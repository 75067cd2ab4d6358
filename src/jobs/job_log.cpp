#include "esr/jobs/job_log.hpp"

#include <spdlog/spdlog.h>

#include "esr/db/transaction.hpp"
#include "esr/state/job_runs.hpp"

namespace esr::jobs {

// Each write to job_runs is a transaction of its own, committed at once: the claim, the outcome
// and the missed and crashed runs stand whatever the job does next.

std::optional<std::int64_t> start_run(db::Database& db, const std::string& job,
                                      const std::string& slot_key, const std::string& slot_at,
                                      const spec::BusinessDate& date) {
  db::Transaction transaction(db);
  auto run_id = state::claim_job_run(transaction, job, slot_key, slot_at, date);
  transaction.commit();
  return run_id;
}

namespace {

void finish_run(db::Database& db, std::int64_t run_id, state::JobOutcome outcome,
                const std::string& detail) {
  db::Transaction transaction(db);
  state::finish_job_run(transaction, run_id, outcome, detail);
  transaction.commit();
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
  db::Transaction transaction(db);
  state::add_missed_job_run(transaction, job, slot_key, slot_at, detail);
  transaction.commit();
}

std::optional<std::string> last_scheduled_slot_at(db::Database& db, const std::string& job) {
  return state::last_scheduled_slot_at(db, job);
}

std::int64_t mark_crashed_runs(db::Database& db) {
  db::Transaction transaction(db);
  auto crashed = state::mark_running_jobs_crashed(transaction);
  transaction.commit();
  return crashed;
}

}  // namespace esr::jobs
