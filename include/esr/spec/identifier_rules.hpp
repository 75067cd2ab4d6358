#pragma once
// The identifier rules a schema field can name ("identifier": "gmc"), as data the validator and
// `esrd trace` can look up: each rule's name, what it checks, and its normalise_* function.
#include <optional>
#include <string>
#include <string_view>

namespace esr::spec {

struct IdentifierRule {
  std::string_view name;         // as schemas write it: gmc, gdc, nmc, hcpc, gphc, din, gmp, ni
  std::string_view body;         // the professional body as APP writes it (GMC...), or empty
  std::string_view description;  // "GMC number", for messages
  std::string_view expected;     // the rule in words, for messages
  std::optional<std::string> (*normalise)(std::string_view value);
};

/// The rule of this name (gmc) or professional body (GMC, GPhC), case-insensitive; nullptr when
/// there is none.
[[nodiscard]] const IdentifierRule* find_identifier_rule(std::string_view name_or_body);

/// The rule names, comma-separated, for error messages.
[[nodiscard]] std::string identifier_rule_names();

/// Why `value` breaks `rule`, or nullopt when it meets it or is empty (whether a field may be empty
/// is the schema's business). The message never quotes the value: identifiers are personal.
[[nodiscard]] std::optional<std::string> identifier_problem(const IdentifierRule& rule,
                                                            std::string_view value);

}  // namespace esr::spec
