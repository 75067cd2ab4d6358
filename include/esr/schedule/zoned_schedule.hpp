#pragma once

#include <date/tz.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "esr/schedule/cron_expression.hpp"
#include "esr/schedule/slot.hpp"

namespace esr::schedule {

// The most slots slots_between() returns unless told otherwise.
inline constexpr std::size_t default_slot_cap = 10000;

// Slots in a time window, oldest first; `truncated` says the cap cut the list short.
struct SlotList {
  std::vector<Slot> slots;
  bool truncated = false;
};

// A cron expression read as wall-clock time in one time zone, turned into UTC fire instants.
//
// Guarantees, for every matching local minute L:
// - L exists once: it fires at that instant.
// - L does not exist (spring forward; Europe/London 01:00-01:59 on the last Sunday of March): it
//   fires at the first valid instant after the gap (01:30 -> 02:00 BST = 01:00 UTC). Several
//   local minutes that land on the same instant this way (01:00, 01:30 and 02:00 for */30) fire
//   once, with the earliest matching local minute in the Slot key.
// - L happens twice (fall back; 01:00-01:59 on the last Sunday of October): it fires once, at
//   its first occurrence (BST). The second pass of that hour fires nothing, even for `*/30`.
// Fire instants are strictly increasing and the key of a fire does not depend on the query.
// Searches look up to 100 years ahead (or back) and return std::nullopt beyond that.
// Offsets come from the date library's view of the system tzdata, which (with the OS database)
// knows no transitions after 2037.
// Failure: the constructor throws std::invalid_argument if `zone` is null; create() reports bad
// cron text or an unknown zone name as a message instead.
class ZonedSchedule {
 public:
  ZonedSchedule(CronExpression cron, const date::time_zone* zone);

  // Parses `cron_text` and looks up `zone_name` (e.g. "Europe/London"). On failure returns
  // std::nullopt and, if `error` is not null, stores why.
  [[nodiscard]] static std::optional<ZonedSchedule> create(std::string_view cron_text,
                                                           std::string_view zone_name,
                                                           std::string* error);

  // The first fire instant strictly after `t`.
  [[nodiscard]] std::optional<std::chrono::sys_seconds> next_after(
      std::chrono::sys_seconds t) const;

  // The first fire strictly after `t`, with its key.
  [[nodiscard]] std::optional<Slot> next_slot_after(std::chrono::sys_seconds t) const;

  // The last fire at or before `t`, with its key.
  [[nodiscard]] std::optional<Slot> last_slot_at_or_before(std::chrono::sys_seconds t) const;

  // Every fire in (from, to], oldest first, at most `cap` of them (the oldest ones).
  [[nodiscard]] SlotList slots_between(std::chrono::sys_seconds from, std::chrono::sys_seconds to,
                                       std::size_t cap = default_slot_cap) const;

  [[nodiscard]] const CronExpression& cron() const { return cron_; }
  [[nodiscard]] const date::time_zone* zone() const { return zone_; }

 private:
  [[nodiscard]] std::chrono::sys_seconds fire_instant(
      date::local_time<std::chrono::minutes> local) const;

  CronExpression cron_;
  const date::time_zone* zone_;
};

}  // namespace esr::schedule
