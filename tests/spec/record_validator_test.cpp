// Checking a record's values against its spec: every rule, every problem, no personal values.
#include "esr/spec/record_validator.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace esr::spec {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::size_t npos = static_cast<std::size_t>(-1);

FieldSpec field(std::string ref, std::string name, std::string_view notation) {
  return FieldSpec{.ref = std::move(ref),
                   .name = std::move(name),
                   .format = FieldFormat::parse(notation, nullptr).value(),
                   .constant = std::nullopt,
                   .values = {},
                   .required_if = std::nullopt,
                   .required_with = {},
                   .comment = {}};
}

// A made-up record that has one field of each kind of rule.
enum : std::size_t {
  kType,      // X(3)+ constant TST
  kCode,      // X(1) values A, B
  kKind,      // X(1)+ values 1, 2
  kNeededIf,  // X(10), mandatory when kKind is 2
  kAddress1,  // X(20), personal, mandatory when kTown is given
  kTown,      // X(20), personal
  kStart,     // X(8), date YYYYMMDD
  kSurname,   // X(5), personal
  kCount,     // N(3)
  kBirth,     // X(10), personal, date YYYY-MM-DD
  kGender,    // X(1), personal, values M, F
  kSecret,    // X(10), personal, constant SECRET
  kFieldCount,
};

RecordSpec test_record() {
  RecordSpec spec;
  spec.record_type = "TST";
  spec.name = "Test record";
  spec.fields.push_back(field("1", "Record Type", "X(3)+"));
  spec.fields.back().constant = "TST";
  spec.fields.push_back(field("2", "Code", "X(1)"));
  spec.fields.back().values = {"A", "B"};
  spec.fields.push_back(field("3", "Kind", "X(1)+"));
  spec.fields.back().values = {"1", "2"};
  spec.fields.push_back(field("4", "Needed If Kind 2", "X(10)"));
  spec.fields.back().required_if = RequiredIf{kKind, {"2"}};
  spec.fields.push_back(field("5", "Address1", "X(20)"));
  spec.fields.back().personal = true;
  spec.fields.back().required_with = {kTown};
  spec.fields.push_back(field("6", "Town", "X(20)"));
  spec.fields.back().personal = true;
  spec.fields.push_back(field("7", "Start", "X(8)"));
  spec.fields.back().date = DateStyle::compact;
  spec.fields.push_back(field("8", "Surname", "X(5)"));
  spec.fields.back().personal = true;
  spec.fields.push_back(field("9", "Count", "N(3)"));
  spec.fields.push_back(field("10", "Birth", "X(10)"));
  spec.fields.back().personal = true;
  spec.fields.back().date = DateStyle::iso;
  spec.fields.push_back(field("11", "Gender", "X(1)"));
  spec.fields.back().personal = true;
  spec.fields.back().values = {"M", "F"};
  spec.fields.push_back(field("12", "Secret", "X(10)"));
  spec.fields.back().personal = true;
  spec.fields.back().constant = "SECRET";
  return spec;
}

std::vector<std::string> valid_values() {
  std::vector<std::string> values(kFieldCount);
  values[kType] = "TST";
  values[kCode] = "A";
  values[kKind] = "1";
  values[kStart] = "20261123";
  values[kCount] = "42";
  return values;
}

std::vector<FieldProblem> problems_of(const std::vector<std::string>& values) {
  static const RecordSpec spec = test_record();
  std::vector<std::string_view> views(values.begin(), values.end());
  std::vector<FieldProblem> out;
  auto added = validate_record(spec, views, out);
  EXPECT_EQ(added, out.size());
  return out;
}

MATCHER_P2(IsProblem, index, message, "") {
  return arg.field_index == static_cast<std::size_t>(index) && arg.message == message;
}

TEST(RecordValidator, ValidRecordHasNoProblems) {
  EXPECT_TRUE(problems_of(valid_values()).empty());
}

TEST(RecordValidator, EmptyOptionalFieldsAreFineWhateverTheirRules) {
  // Optional fields with a value list, a date, a constant or personal: all may be empty.
  auto values = valid_values();
  values[kCode] = "";
  values[kStart] = "";
  values[kCount] = "";
  EXPECT_TRUE(problems_of(values).empty());
}

TEST(RecordValidator, EmptyMandatoryFieldIsReported) {
  auto values = valid_values();
  values[kKind] = "";
  EXPECT_THAT(problems_of(values), ElementsAre(IsProblem(kKind, "is mandatory and empty")));
}

TEST(RecordValidator, RequiredIfAppliesWhenTheOtherFieldHoldsAListedValue) {
  auto values = valid_values();
  values[kKind] = "2";
  EXPECT_THAT(problems_of(values), ElementsAre(IsProblem(kNeededIf, "is mandatory and empty")));
  values[kNeededIf] = "given";
  EXPECT_TRUE(problems_of(values).empty());
}

TEST(RecordValidator, RequiredIfDoesNotApplyOtherwise) {
  auto values = valid_values();
  values[kKind] = "1";
  values[kNeededIf] = "";
  EXPECT_TRUE(problems_of(values).empty());
  values[kNeededIf] = "allowed";  // optional fields may still be given
  EXPECT_TRUE(problems_of(values).empty());
}

TEST(RecordValidator, RequiredWithAppliesWhenAListedFieldIsNotEmpty) {
  auto values = valid_values();
  values[kTown] = "Leicester";
  EXPECT_THAT(problems_of(values), ElementsAre(IsProblem(kAddress1, "is mandatory and empty")));
  values[kAddress1] = "12 Larkspur Close";
  EXPECT_TRUE(problems_of(values).empty());
}

TEST(RecordValidator, RequiredWithDoesNotApplyWhenTheListedFieldsAreEmpty) {
  auto values = valid_values();
  values[kAddress1] = "12 Larkspur Close";  // the other way round is not a rule
  values[kTown] = "";
  EXPECT_TRUE(problems_of(values).empty());
}

TEST(RecordValidator, ConstantMismatchIsReported) {
  auto values = valid_values();
  values[kType] = "TSX";
  EXPECT_THAT(problems_of(values), ElementsAre(IsProblem(kType, "is 'TSX'; must be 'TST'")));
}

TEST(RecordValidator, ValueOutsideTheClosedListIsReported) {
  auto values = valid_values();
  values[kCode] = "C";
  EXPECT_THAT(problems_of(values),
              ElementsAre(IsProblem(kCode, "is 'C'; allowed values are A, B")));
  values[kCode] = "AB";
  EXPECT_THAT(problems_of(values),
              ElementsAre(IsProblem(kCode, "is 'AB'; allowed values are A, B")));
}

TEST(RecordValidator, ClosedListIgnoresLetterCaseAndSurroundingSpaces) {
  // ESR means coded values without case: 'a ' is A (issue: 'LEAD EMPLOYER ' quarantined an RMF).
  auto values = valid_values();
  for (const char* spelling : {"a", " A", "a\t", "  b  "}) {
    values[kCode] = spelling;
    EXPECT_TRUE(problems_of(values).empty()) << spelling;
  }
}

TEST(RecordValidator, ClosedListOfAReferenceNamesTheList) {
  FieldSpec field{.ref = "T_POR09",
                  .name = "Host/Lead",
                  .format = *FieldFormat::parse("X(13)", nullptr),
                  .values = {"Host", "Lead"},
                  .reference = "host_lead"};
  std::vector<FieldProblem> out;
  std::string_view value = "Hostess";
  validate_field(field, value, std::span<const std::string_view>(&value, 1), 0, out);
  EXPECT_THAT(out, ElementsAre(IsProblem(0,
                                         "is 'Hostess'; not in the closed list host_lead; "
                                         "allowed values are Host, Lead")));
}

TEST(RecordValidator, CanonicalValueIsTheListedSpelling) {
  FieldSpec field{.ref = "T_POR09",
                  .name = "Host/Lead",
                  .format = *FieldFormat::parse("X(13)", nullptr),
                  .values = {"Host Employer", "Lead Employer"}};
  ASSERT_NE(field.canonical_value("LEAD EMPLOYER "), nullptr);
  EXPECT_EQ(*field.canonical_value("LEAD EMPLOYER "), "Lead Employer");
  EXPECT_EQ(*field.canonical_value("host employer"), "Host Employer");
  EXPECT_EQ(field.canonical_value("Lead"), nullptr);
  EXPECT_EQ(field.canonical_value("Lead  Employer"), nullptr) << "inner spaces are data";
}

TEST(RecordValidator, CompactDateMustBeARealDate) {
  auto values = valid_values();
  values[kStart] = "20260230";
  EXPECT_THAT(
      problems_of(values),
      ElementsAre(IsProblem(kStart, "is '20260230'; not a real date in the form YYYYMMDD")));
  values[kStart] = "2026-1-2";
  EXPECT_THAT(
      problems_of(values),
      ElementsAre(IsProblem(kStart, "is '2026-1-2'; not a real date in the form YYYYMMDD")));
}

TEST(RecordValidator, IsoDateMustBeARealDate) {
  auto values = valid_values();
  values[kBirth] = "1991-07-02";
  EXPECT_TRUE(problems_of(values).empty());
  values[kBirth] = "19910702";
  EXPECT_THAT(problems_of(values),
              ElementsAre(IsProblem(
                  kBirth, "is (personal value withheld); not a real date in the form YYYY-MM-DD")));
}

TEST(RecordValidator, FormatProblemIsReported) {
  auto values = valid_values();
  values[kCount] = "12a";
  auto problems = problems_of(values);
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].field_index, kCount);
  EXPECT_THAT(problems[0].message, HasSubstr("is not a number"));
}

TEST(RecordValidator, OneProblemPerFieldTheClosedListFirst) {
  // A closed list decides alone (its listed values pass the format, schema_registry checks):
  // one problem naming the allowed values, not a width complaint as well.
  auto values = valid_values();
  values[kCode] = "CC";
  EXPECT_THAT(problems_of(values),
              ElementsAre(IsProblem(kCode, "is 'CC'; allowed values are A, B")));
}

TEST(RecordValidator, WrongFieldCountIsOneProblemAboutTheRecord) {
  std::vector<std::string> values = {"TST", "Z", ""};  // Z would be wrong too, but is not checked
  auto problems = problems_of(values);
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].field_index, npos);
  EXPECT_EQ(problems[0].message, "has 3 fields; a TST record has 12");
  auto more = valid_values();
  more.push_back("extra");
  EXPECT_THAT(problems_of(more),
              ElementsAre(IsProblem(npos, "has 13 fields; a TST record has 12")));
}

TEST(RecordValidator, PersonalValuesNeverAppearInMessages) {
  const std::string distinctive = "Zebedee-Quux";
  auto values = valid_values();
  values[kSurname] = distinctive;          // too long for X(5)
  values[kAddress1] = distinctive + "-7";  // fits, and fine
  values[kBirth] = distinctive;            // too long for X(10)
  values[kGender] = "Q";                   // not in the list
  values[kSecret] = "Zebedee";             // not the constant
  auto problems = problems_of(values);
  ASSERT_EQ(problems.size(), 4U);
  for (const auto& problem : problems) {
    EXPECT_THAT(problem.message, Not(HasSubstr("Zebedee"))) << problem.field_index;
    EXPECT_THAT(problem.message, Not(HasSubstr("Quux"))) << problem.field_index;
  }
  EXPECT_EQ(problems[2].field_index, kGender);
  EXPECT_EQ(problems[2].message, "is (personal value withheld); allowed values are M, F");
  EXPECT_EQ(problems[3].field_index, kSecret);
  EXPECT_EQ(problems[3].message, "is (personal value withheld); must be 'SECRET'");

  values = valid_values();
  values[kBirth] = "1991-02-30";
  problems = problems_of(values);
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_THAT(problems[0].message, Not(HasSubstr("1991")));
}

TEST(RecordValidator, NonPersonalValuesAreQuotedInMessages) {
  auto values = valid_values();
  values[kCode] = "Q";
  auto problems = problems_of(values);
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_THAT(problems[0].message, HasSubstr("'Q'"));
}

TEST(RecordValidator, EveryProblemIsReportedNotJustTheFirst) {
  auto values = valid_values();
  values[kType] = "BAD";
  values[kCode] = "C";
  values[kKind] = "";
  values[kTown] = "Derby";
  values[kStart] = "20250229";
  values[kCount] = "1234";
  EXPECT_THAT(problems_of(values),
              ElementsAre(IsProblem(kType, "is 'BAD'; must be 'TST'"),
                          IsProblem(kCode, "is 'C'; allowed values are A, B"),
                          IsProblem(kKind, "is mandatory and empty"),
                          IsProblem(kAddress1, "is mandatory and empty"),
                          IsProblem(kStart, "is '20250229'; not a real date in the form YYYYMMDD"),
                          IsProblem(kCount, "has 4 digits; N(3) allows at most 3")));
}

TEST(RecordValidator, AppendsToTheListAndReturnsHowManyItAdded) {
  static const RecordSpec spec = test_record();
  std::vector<FieldProblem> out = {{7, "earlier"}};
  auto values = valid_values();
  values[kCode] = "C";
  values[kCount] = "x";
  std::vector<std::string_view> views(values.begin(), values.end());
  EXPECT_EQ(validate_record(spec, views, out), 2U);
  ASSERT_EQ(out.size(), 3U);
  EXPECT_EQ(out[0].message, "earlier");
  auto good = valid_values();
  std::vector<std::string_view> good_views(good.begin(), good.end());
  EXPECT_EQ(validate_record(spec, good_views, out), 0U);
  EXPECT_EQ(out.size(), 3U);
}

TEST(ValidateField, UsesTheSiblingsForConditionalRules) {
  auto needed = field("4", "Needed", "X(10)");
  needed.required_if = RequiredIf{0, {"2", "3"}};
  std::vector<std::string_view> siblings = {"3", ""};
  std::vector<FieldProblem> out;
  validate_field(needed, "", siblings, 1, out);
  EXPECT_THAT(out, ElementsAre(IsProblem(1, "is mandatory and empty")));
  out.clear();
  siblings[0] = "1";
  validate_field(needed, "", siblings, 1, out);
  EXPECT_TRUE(out.empty());
}

TEST(ValidateField, ConditionOnAFieldBeyondTheSiblingsDoesNotApply) {
  auto needed = field("4", "Needed", "X(10)");
  needed.required_if = RequiredIf{5, {""}};
  needed.required_with = {9};
  std::vector<FieldProblem> out;
  validate_field(needed, "", std::vector<std::string_view>{"x"}, 0, out);
  EXPECT_TRUE(out.empty());
}

TEST(ValidateField, ReportsTheIndexItIsGiven) {
  auto code = field("2", "Code", "X(1)+");
  std::vector<FieldProblem> out;
  validate_field(code, "", {}, 17, out);
  EXPECT_THAT(out, ElementsAre(IsProblem(17, "is mandatory and empty")));
}

}  // namespace
}  // namespace esr::spec
