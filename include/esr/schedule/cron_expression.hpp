#pragma once

#include <date/date.h>

#include <bitset>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace esr::schedule {

// A parsed five-field cron expression: minute hour day-of-month month day-of-week.
//
// Accepted forms in each field: `*`, a number, a range `a-b`, a step `*/s` or `a-b/s`, and
// comma-separated lists of those. Ranges: minute 0-59, hour 0-23, day-of-month 1-31, month 1-12,
// day-of-week 0-7 (0 and 7 are both Sunday). Text from the first `#` on is a comment and ignored.
// Names (`mon`, `jan`) and macros (`@daily`) are not accepted.
//
// Day rule (crontab(5)): when both day-of-month and day-of-week are restricted, that is neither
// field starts with `*`, a day matches if EITHER field matches; otherwise both must match.
// So `0 0 13 * 5` fires on every 13th and every Friday, while `0 0 */2 * 1` fires on odd days
// that are Mondays.
//
// Guarantees: a CronExpression only exists in a valid state; it can fire at least once (parse
// rejects day/month combinations that never occur, such as `30 2`). It is an immutable value,
// cheap to copy and safe to share between threads.
// Failure: parse never throws on bad input; it returns std::nullopt and describes the problem
// (which field, what is wrong) in *error.
class CronExpression {
 public:
  // Parses `text`. On failure returns std::nullopt and, if `error` is not null, stores a message
  // such as "hour field \"25\": value 25 is out of range 0-23".
  [[nodiscard]] static std::optional<CronExpression> parse(std::string_view text,
                                                           std::string* error);

  // True when the local wall-clock minute `t` satisfies every field (with the day rule above).
  [[nodiscard]] bool matches(date::local_time<std::chrono::minutes> t) const;

  // The parts of matches(), for callers that walk the calendar day by day.
  [[nodiscard]] bool matches_day(date::local_days day) const;
  [[nodiscard]] bool matches_hour(int hour) const;
  [[nodiscard]] bool matches_minute(int minute) const;

  // The expression without its comment, fields separated by single spaces.
  [[nodiscard]] const std::string& text() const { return text_; }

 private:
  CronExpression() = default;

  std::string text_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_of_month_;  // bit 0 unused
  std::bitset<13> months_;         // bit 0 unused
  std::bitset<7> days_of_week_;    // 0 = Sunday
  bool day_of_month_restricted_ = false;
  bool day_of_week_restricted_ = false;
};

}  // namespace esr::schedule
