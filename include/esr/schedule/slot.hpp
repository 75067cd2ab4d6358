#pragma once

#include <date/date.h>

#include <chrono>
#include <string>

namespace esr::schedule {

// One fire of a schedule: the instant it fires and a stable identity for persistence.
//
// Guarantees: `key` is "<local>@<utc>", e.g. "2026-10-25T01:30@2026-10-25T00:30:00Z", where
// <local> is the wall-clock minute the cron expression matched (YYYY-MM-DDTHH:MM, which may be a
// time that does not exist on a spring-forward day) and <utc> is `at`. The same fire always gets
// the same key, and two different fires never share one, even in the repeated autumn hour.
struct Slot {
  std::chrono::sys_seconds at;                   // when it fires (UTC)
  date::local_time<std::chrono::minutes> local;  // the matched local wall-clock minute
  std::string key;

  bool operator==(const Slot&) const = default;
};

// Builds a Slot, formatting its key from `local` and `at` as described above. Never fails.
[[nodiscard]] Slot make_slot(date::local_time<std::chrono::minutes> local,
                             std::chrono::sys_seconds at);

}  // namespace esr::schedule
