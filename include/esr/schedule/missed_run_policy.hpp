#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <vector>

#include "esr/schedule/duration.hpp"  // parse_duration, for grace periods read from configuration
#include "esr/schedule/slot.hpp"
#include "esr/schedule/zoned_schedule.hpp"

namespace esr::schedule {

// What to do at start-up about the slots a job missed while the daemon was down.
struct MissedRunDecision {
  std::optional<Slot> run_now;    // the most recent missed slot, when it is within grace
  std::vector<Slot> missed;       // the other missed slots, to report, oldest first
  bool missed_truncated = false;  // more missed slots exist than `missed` lists
};

// Decides, without side effects, which missed slots of `schedule` to run now and which to report.
//
// The missed slots are the fires in (last_run, now], where `last_run` is the instant (Slot::at)
// of the last slot recorded as run for the job. Only the most recent of them may run, and only if
// now - slot.at <= grace; every other missed slot (and that one, when outside grace) is reported
// in `missed`. At most `cap` slots are listed (the oldest, with missed_truncated set); the most
// recent slot is still found and judged however many were missed.
// Guarantees: never returns a slot at or before `last_run`, so a recorded slot is never run or
// reported twice. Decides nothing (empty result) when there is no `last_run` (a job never run
// has no history to catch up; record a baseline instead) or when `last_run` is not before `now`
// (the clock went back). A negative grace never runs anything. Never throws beyond std::bad_alloc.
[[nodiscard]] MissedRunDecision decide_missed_runs(const ZonedSchedule& schedule,
                                                   std::chrono::sys_seconds now,
                                                   std::optional<std::chrono::sys_seconds> last_run,
                                                   std::chrono::seconds grace,
                                                   std::size_t cap = default_slot_cap);

}  // namespace esr::schedule
