#pragma once
// The job log: one job_runs row per job per slot (written by state/job_runs), so that a slot never
// runs twice and a crash shows; each write is committed at once.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "esr/db/database.hpp"
#include "esr/spec/business_date.hpp"

namespace esr::jobs {

/// Records that `job` starts for `slot_key` (a scheduled slot, or "manual:<time>"). Returns
/// nullopt when that slot already has a row: it ran, is running, or was reported missed.
[[nodiscard]] std::optional<std::int64_t> start_run(db::Database& db, const std::string& job,
                                                    const std::string& slot_key,
                                                    const std::string& slot_at,
                                                    const spec::BusinessDate& date);

/// What a job's work says about itself: whether it succeeded, and its key=value summary.
struct RunOutcome {
  bool ok = false;
  std::string detail;
};

/// Runs `work` as the claimed run `run_id` (start_run) of `job` for `slot_key`, the one way the
/// scheduler and a hand-run job both do it: logs `event=started`, then records the outcome in
/// job_runs and logs `event=finished` (with the summary) or `event=failed` (with the error).
/// An exception from `work` is recorded and logged as the failure, then rethrown.
RunOutcome run_claimed(db::Database& db, std::int64_t run_id, const std::string& job,
                       const std::string& slot_key, const spec::BusinessDate& date,
                       const std::function<RunOutcome()>& work);

/// Records a slot that was not run (down too long), so it is reported once and never run.
void record_missed(db::Database& db, const std::string& job, const std::string& slot_key,
                   const std::string& slot_at, const std::string& detail);

/// The slot key of the latest row of `job` whose slot is a scheduled one, if any.
[[nodiscard]] std::optional<std::string> last_scheduled_slot_at(db::Database& db,
                                                                const std::string& job);

/// Rows left `running` by a process that died: marks them `crashed` and returns how many.
std::int64_t mark_crashed_runs(db::Database& db);

}  // namespace esr::jobs
