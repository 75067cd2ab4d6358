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

/// An NMC PIN (Nursing and Midwifery Council): NNANNNNA, two digits, a letter, four digits, a
/// letter ("12A3456B"). Surrounding spaces are ignored; letters are upper-cased.
[[nodiscard]] std::optional<std::string> normalise_nmc(std::string_view value);

/// An HCPC registration number (Health and Care Professions Council): AANNNNNN, two letters and
/// six digits ("PA123456"). Surrounding spaces are ignored; letters are upper-cased.
[[nodiscard]] std::optional<std::string> normalise_hcpc(std::string_view value);

/// A GPhC registration number (General Pharmaceutical Council): exactly 7 digits.
[[nodiscard]] std::optional<std::string> normalise_gphc(std::string_view value);

/// A DIN (Doctor Index Number, NHS BSA prescriber code): exactly 6 digits.
[[nodiscard]] std::optional<std::string> normalise_din(std::string_view value);

/// A GMP national code (general medical practitioner, NHS BSA): G, then a digit other than 6 or
/// 7, then six digits ("G8123456"). G6/G7 codes are spurious codes, not GMP codes, and give
/// nullopt. Surrounding spaces are ignored; a lower-case g is upper-cased.
[[nodiscard]] std::optional<std::string> normalise_gmp(std::string_view value);

/// A UK National Insurance number XX999999Y: two prefix letters as the NI rules allow (not D,
/// F, I, Q, U or V; second letter not O; not BG, GB, KN, NK, NT, TN or ZZ), six digits, suffix
/// A-D. Spaces are ignored; the result is upper case. nullopt when it fails the rule.
[[nodiscard]] std::optional<std::string> normalise_ni_number(std::string_view value);

/// The managing local office of a National Post Number: the text before its first '/'
/// ("EMD/RWEAA/300/STR/001" -> "EMD").
[[nodiscard]] std::string office_of_npn(std::string_view npn);

}  // namespace esr::spec
