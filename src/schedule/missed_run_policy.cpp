#include "esr/schedule/missed_run_policy.hpp"

#include <utility>

namespace esr::schedule {

MissedRunDecision decide_missed_runs(const ZonedSchedule& schedule, std::chrono::sys_seconds now,
                                     std::optional<std::chrono::sys_seconds> last_run,
                                     std::chrono::seconds grace, std::size_t cap) {
  MissedRunDecision decision;
  if (!last_run || *last_run >= now) {
    return decision;
  }

  SlotList list = schedule.slots_between(*last_run, now, cap);
  std::optional<Slot> latest;
  if (list.truncated) {
    // The listed slots are the oldest; the latest lies beyond them.
    latest = schedule.last_slot_at_or_before(now);
  } else if (!list.slots.empty()) {
    latest = list.slots.back();
  }
  if (!latest || latest->at <= *last_run) {
    return decision;
  }

  decision.missed = std::move(list.slots);
  decision.missed_truncated = list.truncated;
  if (now - latest->at <= grace) {
    if (!decision.missed.empty() && decision.missed.back() == *latest) {
      decision.missed.pop_back();
    }
    decision.run_now = std::move(latest);
  }
  return decision;
}

}  // namespace esr::schedule
