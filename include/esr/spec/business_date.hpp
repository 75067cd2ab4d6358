#pragma once
// A calendar date without time or zone: the business date of a file or a job.
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace esr::spec {

/// A valid Gregorian date. Construct through the parse functions, which reject impossible
/// dates such as 20260230.
struct BusinessDate {
  int year = 1970;
  int month = 1;
  int day = 1;

  auto operator<=>(const BusinessDate&) const = default;

  /// `YYYYMMDD`, as in file names and ESR date fields.
  [[nodiscard]] static std::optional<BusinessDate> from_compact(std::string_view text);
  /// `YYYY-MM-DD`, as on the command line and in the TIS extract.
  [[nodiscard]] static std::optional<BusinessDate> from_iso(std::string_view text);
  /// Days since 1970-01-01 and back, for date arithmetic.
  [[nodiscard]] long days_since_epoch() const;
  [[nodiscard]] static BusinessDate from_days_since_epoch(long days);
  [[nodiscard]] BusinessDate plus_days(long days) const;

  [[nodiscard]] std::string compact() const;  // YYYYMMDD
  [[nodiscard]] std::string iso() const;      // YYYY-MM-DD
};

[[nodiscard]] bool is_valid_calendar_date(int year, int month, int day);

}  // namespace esr::spec
