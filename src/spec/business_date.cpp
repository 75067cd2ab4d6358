#include "esr/spec/business_date.hpp"

#include <fmt/format.h>

namespace esr::spec {

bool is_valid_calendar_date(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int days_in_month[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int limit = days_in_month[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= limit;
}

namespace {

bool digits(std::string_view text, int& out) {
  out = 0;
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

std::optional<BusinessDate> make(int y, int m, int d) {
  if (!is_valid_calendar_date(y, m, d)) return std::nullopt;
  return BusinessDate{y, m, d};
}

}  // namespace

std::optional<BusinessDate> BusinessDate::from_compact(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 8 || !digits(text.substr(0, 4), y) || !digits(text.substr(4, 2), m) ||
      !digits(text.substr(6, 2), d)) {
    return std::nullopt;
  }
  return make(y, m, d);
}

std::optional<BusinessDate> BusinessDate::from_iso(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !digits(text.substr(0, 4), y) ||
      !digits(text.substr(5, 2), m) || !digits(text.substr(8, 2), d)) {
    return std::nullopt;
  }
  return make(y, m, d);
}

// Civil-from-days and days-from-civil after Howard Hinnant's public-domain algorithms; kept
// here so the spec layer needs no date library.
long BusinessDate::days_since_epoch() const {
  long y = year - (month <= 2 ? 1 : 0);
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long mp = (month + 9) % 12;
  long doy = (153 * mp + 2) / 5 + day - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

BusinessDate BusinessDate::from_days_since_epoch(long days) {
  days += 719468;
  long era = (days >= 0 ? days : days - 146096) / 146097;
  long doe = days - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = yoe + era * 400;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1;
  long m = mp < 10 ? mp + 3 : mp - 9;
  return BusinessDate{static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m),
                      static_cast<int>(d)};
}

BusinessDate BusinessDate::plus_days(long days) const {
  return from_days_since_epoch(days_since_epoch() + days);
}

std::string BusinessDate::compact() const {
  return fmt::format("{:04}{:02}{:02}", year, month, day);
}
std::string BusinessDate::iso() const { return fmt::format("{:04}-{:02}-{:02}", year, month, day); }

}  // namespace esr::spec
