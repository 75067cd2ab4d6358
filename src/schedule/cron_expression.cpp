#include "esr/schedule/cron_expression.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace esr::schedule {
namespace {

struct FieldSpec {
  std::string_view name;
  int min;
  int max;       // largest value written in the field
  int star_max;  // largest value `*` stands for (day-of-week: 6, since 7 repeats Sunday)
  int max_step;  // number of distinct values
};

constexpr std::array<FieldSpec, 5> field_specs{{
    {"minute", 0, 59, 59, 60},
    {"hour", 0, 23, 23, 24},
    {"day-of-month", 1, 31, 31, 31},
    {"month", 1, 12, 12, 12},
    {"day-of-week", 0, 7, 6, 7},
}};

constexpr std::string_view field_list = "minute hour day-of-month month day-of-week";

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Parses a run of decimal digits into `out`; on failure returns what is wrong with `text`,
// described as `what` ("value", "step", "range start", ...).
std::optional<std::string> parse_number(std::string_view text, std::string_view what, int* out) {
  if (text.empty()) {
    return "missing " + std::string(what);
  }
  for (char c : text) {
    if (c < '0' || c > '9') {
      return std::string(what) + " " + quoted(text) + " is not a number";
    }
  }
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range || end != text.data() + text.size()) {
    return std::string(what) + " " + std::string(text) + " is too large";
  }
  *out = value;
  return std::nullopt;
}

std::optional<std::string> check_range(const FieldSpec& spec, std::string_view what, int value) {
  if (value < spec.min || value > spec.max) {
    return std::string(what) + " " + std::to_string(value) + " is out of range " +
           std::to_string(spec.min) + "-" + std::to_string(spec.max);
  }
  return std::nullopt;
}

// Parses one list item (`*`, `n`, `a-b`, `*/s`, `a-b/s`) and sets its values in `bits`.
std::optional<std::string> parse_item(std::string_view item, const FieldSpec& spec,
                                      std::uint64_t* bits) {
  std::string_view base = item;
  std::string_view step_text;
  bool has_step = false;
  if (auto slash = item.find('/'); slash != std::string_view::npos) {
    base = item.substr(0, slash);
    step_text = item.substr(slash + 1);
    has_step = true;
    if (step_text.find('/') != std::string_view::npos) {
      return "more than one '/' in " + quoted(item);
    }
    if (step_text.empty()) {
      return "missing step after '/' in " + quoted(item);
    }
  }

  int low = 0;
  int high = 0;
  if (base == "*") {
    low = spec.min;
    high = spec.star_max;
  } else if (base.empty()) {
    return "missing range or '*' before '/' in " + quoted(item);
  } else if (auto dash = base.find('-'); dash != std::string_view::npos) {
    std::string_view start_text = base.substr(0, dash);
    std::string_view end_text = base.substr(dash + 1);
    if (start_text.empty()) {
      return "missing start of range in " + quoted(item);
    }
    if (end_text.empty()) {
      return "missing end of range in " + quoted(item);
    }
    if (auto e = parse_number(start_text, "range start", &low)) return e;
    if (auto e = parse_number(end_text, "range end", &high)) return e;
    if (auto e = check_range(spec, "range start", low)) return e;
    if (auto e = check_range(spec, "range end", high)) return e;
    if (low > high) {
      return "range " + std::string(base) + " is reversed (start " + std::to_string(low) +
             " is greater than end " + std::to_string(high) + ")";
    }
  } else {
    if (auto e = parse_number(base, "value", &low)) return e;
    if (auto e = check_range(spec, "value", low)) return e;
    if (has_step) {
      return "step in " + quoted(item) + " needs a range or '*' before '/', e.g. \"" +
             std::string(base) + "-" + std::to_string(spec.max) + "/" + std::string(step_text) +
             "\"";
    }
    high = low;
  }

  int step = 1;
  if (has_step) {
    if (auto e = parse_number(step_text, "step", &step)) return e;
    if (step < 1 || step > spec.max_step) {
      return "step " + std::to_string(step) + " is out of range 1-" + std::to_string(spec.max_step);
    }
  }

  for (int v = low; v <= high; v += step) {
    int bit = (spec.name == "day-of-week" && v == 7) ? 0 : v;
    *bits |= std::uint64_t{1} << bit;
  }
  return std::nullopt;
}

// Parses a whole comma-separated field into `bits`; on failure returns the message.
std::optional<std::string> parse_field(std::string_view field, const FieldSpec& spec,
                                       std::uint64_t* bits) {
  std::size_t pos = 0;
  while (true) {
    std::size_t comma = field.find(',', pos);
    std::string_view item =
        field.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    std::optional<std::string> problem;
    if (item.empty()) {
      problem = "empty list item";
    } else {
      problem = parse_item(item, spec, bits);
    }
    if (problem) {
      return std::string(spec.name) + " field " + quoted(field) + ": " + *problem;
    }
    if (comma == std::string_view::npos) {
      return std::nullopt;
    }
    pos = comma + 1;
  }
}

std::vector<std::string_view> split_fields(std::string_view text) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    std::size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i > start) fields.push_back(text.substr(start, i - start));
  }
  return fields;
}

int days_in_month_at_most(int month) {
  switch (month) {
    case 2:
      return 29;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

void set_error(std::string* error, std::string message) {
  if (error != nullptr) {
    *error = std::move(message);
  }
}

}  // namespace

std::optional<CronExpression> CronExpression::parse(std::string_view text, std::string* error) {
  if (auto hash = text.find('#'); hash != std::string_view::npos) {
    text = text.substr(0, hash);
  }
  std::vector<std::string_view> fields = split_fields(text);
  if (fields.empty()) {
    set_error(error,
              "cron expression is empty; expected 5 fields (" + std::string(field_list) + ")");
    return std::nullopt;
  }
  if (fields.size() != field_specs.size()) {
    set_error(error, "expected 5 fields (" + std::string(field_list) + ") but found " +
                         std::to_string(fields.size()));
    return std::nullopt;
  }

  std::array<std::uint64_t, 5> bits{};
  for (std::size_t i = 0; i < field_specs.size(); ++i) {
    if (auto problem = parse_field(fields[i], field_specs[i], &bits[i])) {
      set_error(error, std::move(*problem));
      return std::nullopt;
    }
  }

  CronExpression cron;
  cron.minutes_ = std::bitset<60>(bits[0]);
  cron.hours_ = std::bitset<24>(bits[1]);
  cron.days_of_month_ = std::bitset<32>(bits[2]);
  cron.months_ = std::bitset<13>(bits[3]);
  cron.days_of_week_ = std::bitset<7>(bits[4]);
  cron.day_of_month_restricted_ = fields[2].front() != '*';
  cron.day_of_week_restricted_ = fields[4].front() != '*';

  // Unless the day-of-week OR rule applies, some listed day must exist in some listed month.
  if (!(cron.day_of_month_restricted_ && cron.day_of_week_restricted_)) {
    bool possible = false;
    for (int month = 1; month <= 12 && !possible; ++month) {
      if (!cron.months_.test(static_cast<std::size_t>(month))) continue;
      for (int day = 1; day <= days_in_month_at_most(month) && !possible; ++day) {
        possible = cron.days_of_month_.test(static_cast<std::size_t>(day));
      }
    }
    if (!possible) {
      set_error(error, "day-of-month field " + quoted(fields[2]) +
                           " names no day that exists in month field " + quoted(fields[3]) +
                           ", so the expression would never fire");
      return std::nullopt;
    }
  }

  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) cron.text_ += ' ';
    cron.text_ += fields[i];
  }
  return cron;
}

bool CronExpression::matches_day(date::local_days day) const {
  const date::year_month_day ymd{day};
  if (!months_.test(static_cast<unsigned>(ymd.month()))) {
    return false;
  }
  const bool dom = days_of_month_.test(static_cast<unsigned>(ymd.day()));
  const bool dow = days_of_week_.test(date::weekday{day}.c_encoding());
  if (day_of_month_restricted_ && day_of_week_restricted_) {
    return dom || dow;
  }
  return dom && dow;
}

bool CronExpression::matches_hour(int hour) const {
  return hour >= 0 && hour < 24 && hours_.test(static_cast<std::size_t>(hour));
}

bool CronExpression::matches_minute(int minute) const {
  return minute >= 0 && minute < 60 && minutes_.test(static_cast<std::size_t>(minute));
}

bool CronExpression::matches(date::local_time<std::chrono::minutes> t) const {
  const auto day = std::chrono::floor<date::days>(t);
  const auto since_midnight = t - day;
  const auto hour = std::chrono::floor<std::chrono::hours>(since_midnight);
  const auto minute = since_midnight - hour;
  return matches_day(day) && matches_hour(static_cast<int>(hour.count())) &&
         matches_minute(static_cast<int>(minute.count()));
}

}  // namespace esr::schedule
