#pragma once

// Helpers shared by the schedule tests. Expected values in the tests are written by hand as UTC
// strings; these helpers only build inputs and format outputs.

#include <date/date.h>
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "esr/schedule/zoned_schedule.hpp"

namespace esr::schedule::testing {

inline std::chrono::sys_seconds utc(int y, int mo, int d, int h, int mi, int s = 0) {
  return date::sys_days{date::year{y} / mo / d} + std::chrono::hours{h} + std::chrono::minutes{mi} +
         std::chrono::seconds{s};
}

inline date::local_time<std::chrono::minutes> local(int y, int mo, int d, int h, int mi) {
  return date::local_days{date::year{y} / mo / d} + std::chrono::hours{h} +
         std::chrono::minutes{mi};
}

// "2026-03-29T01:00:00Z"
inline std::string iso(std::chrono::sys_seconds t) { return date::format("%Y-%m-%dT%H:%M:%SZ", t); }

inline std::string iso(const std::optional<std::chrono::sys_seconds>& t) {
  return t ? iso(*t) : std::string("none");
}

// A schedule that must be valid; a bad expression fails the calling test.
inline ZonedSchedule schedule(std::string_view cron, std::string_view zone = "Europe/London") {
  std::string error;
  std::optional<ZonedSchedule> s = ZonedSchedule::create(cron, zone, &error);
  if (!s) {
    ADD_FAILURE() << "cannot build schedule \"" << cron << "\" in " << zone << ": " << error;
    return {*CronExpression::parse("* * * * *", nullptr), date::locate_zone("UTC")};
  }
  return *s;
}

// The next `count` fire instants after `from`, as UTC strings.
inline std::vector<std::string> fires_after(const ZonedSchedule& s, std::chrono::sys_seconds from,
                                            int count) {
  std::vector<std::string> out;
  std::optional<std::chrono::sys_seconds> t = from;
  for (int i = 0; i < count; ++i) {
    t = s.next_after(*t);
    if (!t) {
      out.emplace_back("none");
      break;
    }
    out.push_back(iso(*t));
  }
  return out;
}

}  // namespace esr::schedule::testing
