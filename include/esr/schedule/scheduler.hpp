#pragma once
// Which job runs when: the configured slots, the missed-run policy and the record of runs.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/jobs/job_log.hpp"
#include "esr/schedule/clock.hpp"
#include "esr/schedule/zoned_schedule.hpp"
#include "esr/spec/business_date.hpp"

namespace esr::schedule {

struct PlannedJob {
  std::string job;  // collect, export
  ZonedSchedule schedule;
};

/// The daemon's timetable, built from configuration.
struct Plan {
  std::vector<PlannedJob> jobs;
  std::chrono::seconds grace{6 * 3600};
};

/// Builds the plan from cron expressions in a time zone; nullopt with the reason in `error`
/// when an expression, the zone or the grace period is invalid.
[[nodiscard]] std::optional<Plan> build_plan(const std::vector<std::string>& collect,
                                             const std::vector<std::string>& export_slots,
                                             const std::string& timezone, const std::string& grace,
                                             std::string* error);

/// A job to run for one slot.
struct DueRun {
  std::string job;
  Slot slot;
  spec::BusinessDate date;  // the slot's local date
};

/// Decides what runs, using job_runs in the database so that a slot never runs twice, across
/// restarts too. Thread-compatible (one thread at a time).
class Scheduler {
 public:
  Scheduler(db::Database& db, Plan plan, const Clock& clock);

  /// At start-up: rows left `running` become `crashed`; for each job, slots missed since its last
  /// scheduled run are recorded `missed` and logged, except the latest one within grace, which is
  /// returned to run now.
  [[nodiscard]] std::vector<DueRun> startup();

  /// The earliest instant after `after` at which any job is due, with every job due then.
  [[nodiscard]] std::optional<std::pair<std::chrono::sys_seconds, std::vector<DueRun>>> next_after(
      std::chrono::sys_seconds after) const;

  /// Records the run as started; false when the slot already has a row (never run it then).
  [[nodiscard]] std::optional<std::int64_t> claim(const DueRun& run);
  /// Runs `work` as the claimed run `run_id` of `run` (jobs::run_claimed: logged and recorded).
  jobs::RunOutcome run_claimed(std::int64_t run_id, const DueRun& run,
                               const std::function<jobs::RunOutcome()>& work);

  void replace_plan(Plan plan) { plan_ = std::move(plan); }

 private:
  db::Database& db_;
  Plan plan_;
  const Clock& clock_;
};

[[nodiscard]] std::string iso_utc(std::chrono::sys_seconds t);

}  // namespace esr::schedule
