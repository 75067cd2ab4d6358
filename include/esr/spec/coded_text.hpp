#pragma once
// How coded values (list codes, indicators) are compared: the way ESR means them.
#include <string_view>

namespace esr::spec {

/// `text` without surrounding spaces and tabs.
[[nodiscard]] std::string_view trim_blanks(std::string_view text);

/// Equal when ASCII letter case is ignored ('Lead Employer' == 'LEAD EMPLOYER').
[[nodiscard]] bool equal_ignoring_ascii_case(std::string_view a, std::string_view b);

}  // namespace esr::spec
