#pragma once
// job_runs: one row per job per slot, so that a slot never runs twice and a crash shows. The only
// place that writes them; a write takes the open transaction, a read the database.
#include <cstdint>
#include <optional>
#include <string>

#include "esr/db/database.hpp"
#include "esr/db/transaction.hpp"
#include "esr/spec/business_date.hpp"
#include "esr/state/job_outcome.hpp"

namespace esr::state {

/// Claims `slot_key` (a scheduled slot, or "manual:<time>") for `job`: a row `running`, started
/// now, with the slot's time `slot_at` ("" for none) and business date. Returns its id, or
/// nullopt when the slot already has a row (it ran, is running, or was reported missed).
[[nodiscard]] std::optional<std::int64_t> claim_job_run(db::Transaction& transaction,
                                                        const std::string& job,
                                                        const std::string& slot_key,
                                                        const std::string& slot_at,
                                                        const spec::BusinessDate& date);

/// Records how run `run_id` ended (succeeded or failed, with its detail), finished now.
void finish_job_run(db::Transaction& transaction, std::int64_t run_id, JobOutcome outcome,
                    const std::string& detail);

/// Records a slot that was not run, `missed`, dated by its time `slot_at` (ISO 8601 UTC), unless
/// the slot already has a row.
void add_missed_job_run(db::Transaction& transaction, const std::string& job,
                        const std::string& slot_key, const std::string& slot_at,
                        const std::string& detail);

/// The slot time of the latest row of `job` whose slot is a scheduled one, if any.
[[nodiscard]] std::optional<std::string> last_scheduled_slot_at(db::Database& db,
                                                                const std::string& job);

/// Marks every run left `running` (by a process that died) `crashed`; returns how many.
std::int64_t mark_running_jobs_crashed(db::Transaction& transaction);

}  // namespace esr::state
