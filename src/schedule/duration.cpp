#include "esr/schedule/duration.hpp"

#include <charconv>
#include <cstdint>
#include <limits>
#include <system_error>
#include <utility>

namespace esr::schedule {
namespace {

constexpr std::string_view expected_form = "a whole number followed by s, m, h or d (e.g. \"6h\")";

std::optional<std::chrono::seconds> fail(std::string* error, std::string message) {
  if (error != nullptr) {
    *error = std::move(message);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::chrono::seconds> parse_duration(std::string_view text, std::string* error) {
  const std::string shown = "duration \"" + std::string(text) + "\"";
  if (text.empty()) {
    return fail(error, "duration is empty; expected " + std::string(expected_form));
  }
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0) {
    return fail(error,
                shown + " does not start with a number; expected " + std::string(expected_form));
  }
  const std::string_view unit = text.substr(digits);
  if (unit.empty()) {
    return fail(error, shown + " has no unit; add s, m, h or d");
  }

  std::int64_t per_unit = 0;
  if (unit == "s") {
    per_unit = 1;
  } else if (unit == "m") {
    per_unit = 60;
  } else if (unit == "h") {
    per_unit = 3600;
  } else if (unit == "d") {
    per_unit = 86400;
  } else {
    return fail(error, shown + " has unknown unit \"" + std::string(unit) + "\"; expected " +
                           std::string(expected_form));
  }

  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + digits, value);
  if (ec == std::errc::result_out_of_range || end != text.data() + digits ||
      value > std::numeric_limits<std::int64_t>::max() / per_unit) {
    return fail(error, shown + " is too large");
  }
  return std::chrono::seconds{value * per_unit};
}

}  // namespace esr::schedule
