#include "esr/spec/identifier_rules.hpp"

#include <fmt/format.h>

#include <array>

#include "esr/spec/identifiers.hpp"

namespace esr::spec {

namespace {

constexpr std::array<IdentifierRule, 8> kRules = {{
    {"gmc", "GMC", "GMC number", "7 digits, optionally after a C", normalise_gmc},
    {"gdc", "GDC", "GDC number", "1 to 6 digits", normalise_gdc},
    {"nmc", "NMC", "NMC PIN", "NNANNNNA: 2 digits, a letter, 4 digits, a letter", normalise_nmc},
    {"hcpc", "HCPC", "HCPC registration number", "AANNNNNN: 2 letters and 6 digits",
     normalise_hcpc},
    {"gphc", "GPHC", "GPhC registration number", "7 digits", normalise_gphc},
    {"din", "", "Doctor Index Number", "6 digits", normalise_din},
    {"gmp", "", "GMP national code", "G, a digit other than 6 or 7, and 6 digits", normalise_gmp},
    {"ni", "", "National Insurance number",
     "XX999999Y: 2 letters as the NI rules allow, 6 digits, a suffix A to D", normalise_ni_number},
}};

bool same_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

const IdentifierRule* find_identifier_rule(std::string_view name_or_body) {
  for (const auto& rule : kRules) {
    if (same_ignoring_case(rule.name, name_or_body) ||
        (!rule.body.empty() && same_ignoring_case(rule.body, name_or_body))) {
      return &rule;
    }
  }
  return nullptr;
}

std::string identifier_rule_names() {
  std::string names;
  for (const auto& rule : kRules) {
    if (!names.empty()) names += ", ";
    names += rule.name;
  }
  return names;
}

std::optional<std::string> identifier_problem(const IdentifierRule& rule, std::string_view value) {
  if (value.find_first_not_of(' ') == std::string_view::npos) return std::nullopt;
  if (rule.normalise(value)) return std::nullopt;
  return fmt::format("is not a valid {}: expected {} (value withheld)", rule.description,
                     rule.expected);
}

}  // namespace esr::spec
