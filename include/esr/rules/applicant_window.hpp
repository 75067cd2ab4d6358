#pragma once
// The applicant window of one business date (DESIGN §7).
#include <string>

#include "esr/spec/business_date.hpp"

namespace esr::rules {

/// For business date D, a placement starting in [D + min_days, D + max_days) is due an applicant
/// record (the bounds come from the configuration, window.min_days and window.max_days). A value
/// type: pure and thread-safe.
class ApplicantWindow {
 public:
  ApplicantWindow(const spec::BusinessDate& day, int min_days, int max_days);

  [[nodiscard]] const spec::BusinessDate& day() const { return day_; }
  [[nodiscard]] int min_days() const { return min_days_; }
  [[nodiscard]] int max_days() const { return max_days_; }
  /// D + min_days: the first start date inside the window.
  [[nodiscard]] const spec::BusinessDate& opens() const { return opens_; }
  /// D + max_days: the first start date past the window.
  [[nodiscard]] const spec::BusinessDate& ends() const { return ends_; }

  /// opens() <= start < ends().
  [[nodiscard]] bool holds(const spec::BusinessDate& start) const;
  /// The business date whose window a start on or after ends() first falls in:
  /// start - max_days + 1 (the day it "enters the window").
  [[nodiscard]] spec::BusinessDate entered_on(const spec::BusinessDate& start) const;
  /// "YYYY-MM-DD <= start < YYYY-MM-DD".
  [[nodiscard]] std::string text() const;

 private:
  spec::BusinessDate day_;
  int min_days_;
  int max_days_;
  spec::BusinessDate opens_;
  spec::BusinessDate ends_;
};

}  // namespace esr::rules
