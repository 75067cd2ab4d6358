#include "esr/schedule/zoned_schedule.hpp"

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <utility>

namespace esr::schedule {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_seconds;
using LocalMinute = date::local_time<minutes>;

// How far next/last searches look before giving up (schedules such as `0 0 29 2 1-5`, with the
// AND rule, can go decades between fires).
constexpr int horizon_days = 366 * 100;

// The OS time zone database ends its last period in year 32767 and starts its first in year
// -32767; never ask for the period beyond those.
bool is_far_future(sys_seconds t) { return t >= date::sys_days{date::year{9000} / 1 / 1}; }
bool is_far_past(sys_seconds t) { return t <= date::sys_days{date::year{1000} / 1 / 1}; }

LocalMinute local_minute_floor(sys_seconds t, seconds offset) {
  return std::chrono::floor<minutes>(date::local_seconds{t.time_since_epoch() + offset});
}

int hour_of(LocalMinute t) {
  const auto since_midnight = t - std::chrono::floor<date::days>(t);
  return static_cast<int>(std::chrono::floor<std::chrono::hours>(since_midnight).count());
}

void set_error(std::string* error, std::string message) {
  if (error != nullptr) {
    *error = std::move(message);
  }
}

}  // namespace

ZonedSchedule::ZonedSchedule(CronExpression cron, const date::time_zone* zone)
    : cron_(std::move(cron)), zone_(zone) {
  if (zone_ == nullptr) {
    throw std::invalid_argument("ZonedSchedule: time zone must not be null");
  }
}

std::optional<ZonedSchedule> ZonedSchedule::create(std::string_view cron_text,
                                                   std::string_view zone_name, std::string* error) {
  std::string cron_error;
  std::optional<CronExpression> cron = CronExpression::parse(cron_text, &cron_error);
  if (!cron) {
    set_error(error, std::move(cron_error));
    return std::nullopt;
  }
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(zone_name);
  } catch (const std::exception& e) {
    set_error(error, "unknown time zone \"" + std::string(zone_name) + "\": " + e.what());
    return std::nullopt;
  }
  return ZonedSchedule(std::move(*cron), zone);
}

// Maps a matching local minute to its fire instant. The map never decreases as `local` grows,
// which is what lets the searches below stop at the first hit.
sys_seconds ZonedSchedule::fire_instant(LocalMinute local) const {
  const date::local_info info = zone_->get_info(local);
  if (info.result == date::local_info::nonexistent) {
    return info.first.end;  // the transition: first valid instant after the gap
  }
  // Unique, or ambiguous: `first` is the earlier occurrence.
  return sys_seconds{local.time_since_epoch() - info.first.offset};
}

std::optional<sys_seconds> ZonedSchedule::next_after(sys_seconds t) const {
  if (std::optional<Slot> slot = next_slot_after(t)) {
    return slot->at;
  }
  return std::nullopt;
}

std::optional<Slot> ZonedSchedule::next_slot_after(sys_seconds t) const {
  // With the smallest offset in force around t, no local minute before `lower` fires after t,
  // so the scan starts there and every matching minute in a spring gap is seen from its start.
  const date::sys_info here = zone_->get_info(t);
  seconds offset = here.offset;
  if (!is_far_future(here.end)) {
    offset = std::min(offset, zone_->get_info(here.end).offset);
  }
  const LocalMinute lower = local_minute_floor(t, offset);
  const date::local_days first_day = std::chrono::floor<date::days>(lower);

  for (int i = 0; i <= horizon_days; ++i) {
    const date::local_days day = first_day + date::days{i};
    if (!cron_.matches_day(day)) continue;
    for (int h = (i == 0 ? hour_of(lower) : 0); h < 24; ++h) {
      if (!cron_.matches_hour(h)) continue;
      for (int m = 0; m < 60; ++m) {
        if (!cron_.matches_minute(m)) continue;
        const LocalMinute local = day + std::chrono::hours{h} + minutes{m};
        if (local < lower) continue;
        const sys_seconds at = fire_instant(local);
        if (at > t) {
          return make_slot(local, at);
        }
      }
    }
  }
  return std::nullopt;
}

std::optional<Slot> ZonedSchedule::last_slot_at_or_before(sys_seconds t) const {
  // With the largest offset in force around t, no local minute after `upper` fires at or
  // before t.
  const date::sys_info here = zone_->get_info(t);
  seconds offset = here.offset;
  if (!is_far_past(here.begin)) {
    offset = std::max(offset, zone_->get_info(here.begin - seconds{1}).offset);
  }
  const LocalMinute upper = local_minute_floor(t, offset);
  const date::local_days last_day = std::chrono::floor<date::days>(upper);

  for (int i = 0; i <= horizon_days; ++i) {
    const date::local_days day = last_day - date::days{i};
    if (!cron_.matches_day(day)) continue;
    for (int h = (i == 0 ? hour_of(upper) : 23); h >= 0; --h) {
      if (!cron_.matches_hour(h)) continue;
      for (int m = 59; m >= 0; --m) {
        if (!cron_.matches_minute(m)) continue;
        const LocalMinute local = day + std::chrono::hours{h} + minutes{m};
        if (local > upper) continue;
        const sys_seconds at = fire_instant(local);
        if (at <= t) {
          // Several local minutes can share `at` (a spring gap); the forward search names the
          // fire by the earliest of them, as every other query does.
          return next_slot_after(at - seconds{1});
        }
      }
    }
  }
  return std::nullopt;
}

SlotList ZonedSchedule::slots_between(sys_seconds from, sys_seconds to, std::size_t cap) const {
  SlotList list;
  sys_seconds cursor = from;
  while (cursor < to) {
    std::optional<Slot> slot = next_slot_after(cursor);
    if (!slot || slot->at > to) break;
    if (list.slots.size() >= cap) {
      list.truncated = true;
      break;
    }
    cursor = slot->at;
    list.slots.push_back(std::move(*slot));
  }
  return list;
}

}  // namespace esr::schedule
