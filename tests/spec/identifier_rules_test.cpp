// The identifier rules schemas name ("identifier": "gmc"): lookup by rule or body, and messages
// that say what is expected without ever quoting the value.
#include "esr/spec/identifier_rules.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace esr::spec {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(IdentifierRules, FoundByRuleNameOrProfessionalBodyWhateverTheCase) {
  for (const char* name : {"gmc", "GMC", "gdc", "GDC", "nmc", "hcpc", "HCPC", "gphc", "GPhC", "din",
                           "gmp", "ni", "NI"}) {
    SCOPED_TRACE(name);
    EXPECT_NE(find_identifier_rule(name), nullptr);
  }
  EXPECT_EQ(find_identifier_rule("GPhC"), find_identifier_rule("gphc"));
  EXPECT_EQ(find_identifier_rule("passport"), nullptr);
  EXPECT_EQ(find_identifier_rule(""), nullptr);
  // DIN, GMP and NI are not professional bodies an APP names: only their rule names find them.
  EXPECT_EQ(find_identifier_rule("DIN")->name, "din");
  EXPECT_THAT(identifier_rule_names(), HasSubstr("gmc, gdc, nmc, hcpc, gphc, din, gmp, ni"));
}

struct Example {
  const char* rule;
  const char* value;
  bool valid;
};

void PrintTo(const Example& e, std::ostream* os) {
  *os << e.rule << " '" << e.value << "' " << (e.valid ? "valid" : "invalid");
}

class IdentifierProblem : public ::testing::TestWithParam<Example> {};

TEST_P(IdentifierProblem, ValidValuesPassAndOthersAreNamedWithoutTheValue) {
  const auto& example = GetParam();
  const auto* rule = find_identifier_rule(example.rule);
  ASSERT_NE(rule, nullptr);
  auto problem = identifier_problem(*rule, example.value);
  if (example.valid) {
    EXPECT_FALSE(problem.has_value()) << *problem;
    return;
  }
  ASSERT_TRUE(problem.has_value());
  EXPECT_THAT(*problem, HasSubstr(std::string(rule->description)));
  EXPECT_THAT(*problem, HasSubstr(std::string(rule->expected)));
  EXPECT_THAT(*problem, HasSubstr("value withheld"));
  EXPECT_THAT(*problem, Not(HasSubstr(example.value)));
}

// Examples from seed 003 (NHS identifier rules) and the interface's notes.
const Example kExamples[] = {
    {"gmc", "1234567", true},      {"gmc", "C1234567", true},
    {"gmc", "123456", false},      {"gmc", "UNKNOWN", false},
    {"gmc", "N/A", false},         {"gdc", "81234", true},
    {"gdc", "1234567", false},     {"gdc", "D12345", false},
    {"nmc", "12A3456B", true},     {"nmc", "12a3456b", true},
    {"nmc", "123456AB", false},    {"hcpc", "PA123456", true},
    {"hcpc", "P1234567", false},   {"gphc", "2045678", true},
    {"gphc", "204567", false},     {"din", "612345", true},
    {"din", "61234X", false},      {"gmp", "G8123456", true},
    {"gmp", "G6123456", false},    {"gmp", "G7123456", false},
    {"ni", "AB123456C", true},     {"ni", "ab 12 34 56 c", true},
    {"ni", "QQ123456C", false},    {"ni", "AO123456A", false},
    {"ni", "GB123456A", false},    {"ni", "AB123456E", false},
    {"ni", "07700 900102", false}, {"gmc", "", true},
    {"ni", "   ", true},
};

INSTANTIATE_TEST_SUITE_P(SeedExamples, IdentifierProblem, ::testing::ValuesIn(kExamples));

}  // namespace
}  // namespace esr::spec
