#pragma once
// Checks of the professional and national identifiers that go into ESR files.
#include <optional>
#include <string>
#include <string_view>

namespace esr::spec {

/// A GMC reference number as ESR takes it: exactly 7 digits. A 'C'-prefixed form ("C1234567")
/// is normalised to its digits. Anything else (UNKNOWN, N/A, 6 digits) gives nullopt.
[[nodiscard]] std::optional<std::string> normalise_gmc(std::string_view value);

/// A GDC number: digits only, 1 to 6 of them (ESR refuses alphanumeric GMC/GDC values).
[[nodiscard]] std::optional<std::string> normalise_gdc(std::string_view value);

/// A UK National Insurance number XX999999Y: two prefix letters as the NI rules allow (not D,
/// F, I, Q, U or V; second letter not O; not BG, GB, KN, NK, NT, TN or ZZ), six digits, suffix
/// A-D. Spaces are ignored; the result is upper case. nullopt when it fails the rule.
[[nodiscard]] std::optional<std::string> normalise_ni_number(std::string_view value);

}  // namespace esr::spec
