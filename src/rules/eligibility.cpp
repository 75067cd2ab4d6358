#include "esr/rules/eligibility.hpp"

#include <algorithm>

namespace esr::rules {

namespace {

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

}  // namespace

bool is_eligible_type(std::string_view type) {
  return std::any_of(
      kEligiblePlacementTypes.begin(), kEligiblePlacementTypes.end(),
      [&](std::string_view eligible) { return equal_ignoring_case(type, eligible); });
}

bool is_eligible_placement(std::string_view lifecycle, std::string_view type) {
  return lifecycle == kApprovedLifecycle && is_eligible_type(type);
}

std::string eligible_types_text() {
  std::string text;
  for (auto type : kEligiblePlacementTypes) {
    if (!text.empty()) text += ", ";
    text += type;
  }
  return text;
}

}  // namespace esr::rules
