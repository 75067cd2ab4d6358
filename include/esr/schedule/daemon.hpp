#pragma once
// The event loop of `esrd run`: timers for the plan, signals for stop and reload.
#include <functional>
#include <optional>
#include <string>

#include "esr/schedule/scheduler.hpp"

namespace esr::schedule {

struct DaemonHooks {
  /// Runs one job; returns (ok, detail). May throw: the run is then recorded failed and the
  /// daemon carries on.
  std::function<std::pair<bool, std::string>(const DueRun&)> run_job;
  /// Called on SIGHUP; a new plan, or nullopt to keep the old one (the reason is logged by it).
  std::function<std::optional<Plan>()> reload;
};

/// Runs until SIGTERM or SIGINT. A signal that arrives while a job runs takes effect when the
/// job has finished. Each due slot is claimed in job_runs before it runs, so it never runs
/// twice; missed slots are handled at start-up by Scheduler::startup(). Returns 0.
int run_daemon(Scheduler& scheduler, const Clock& clock, const DaemonHooks& hooks);

}  // namespace esr::schedule
