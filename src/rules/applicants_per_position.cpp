#include "esr/rules/applicants_per_position.hpp"

#include <fmt/format.h>

namespace esr::rules {

std::optional<std::string> ApplicantsPerPosition::admit(std::int64_t position_id) {
  if (++counts_[position_id] <= limit_) return std::nullopt;
  return fmt::format(
      "more than {} applicants against position {} in one APP file; sent in a later"
      " run",
      limit_, position_id);
}

}  // namespace esr::rules
