#include "esr/rules/applicant_window.hpp"

#include <fmt/format.h>

namespace esr::rules {

ApplicantWindow::ApplicantWindow(const spec::BusinessDate& day, int min_days, int max_days)
    : day_(day),
      min_days_(min_days),
      max_days_(max_days),
      opens_(day.plus_days(min_days)),
      ends_(day.plus_days(max_days)) {}

bool ApplicantWindow::holds(const spec::BusinessDate& start) const {
  return opens_ <= start && start < ends_;
}

spec::BusinessDate ApplicantWindow::entered_on(const spec::BusinessDate& start) const {
  return start.plus_days(1 - max_days_);
}

std::string ApplicantWindow::text() const {
  return fmt::format("{} <= start < {}", opens_.iso(), ends_.iso());
}

}  // namespace esr::rules
