// Advice beyond the format: reference-list warnings (errors for a closed list) and identifier
// rules, on made-up records and on the shipped schemas and lists together.
#include "esr/spec/field_advice.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "support/temp_dir.hpp"

namespace esr::spec {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const ReferenceLists& shipped_lists() {
  static const ReferenceLists lists = ReferenceLists::load(ESRD_SOURCE_DIR "/reference");
  return lists;
}

const SchemaRegistry& shipped_schemas() {
  static const SchemaRegistry registry = SchemaRegistry::load(ESRD_SOURCE_DIR "/schemas");
  return registry;
}

// grade (open list), reason (closed list, no schema values), ni (identifier), body + number.
const RecordSpec& record() {
  static const FileSpec spec = SchemaRegistry::parse_schema(
      R"j({"type": "T", "direction": "outbound", "layout": "records",
          "records": [{"record_type": "A", "fields": [
            {"name": "grade", "format": "X(5)", "reference": "trainee_grades"},
            {"name": "reason", "format": "X(1)", "reference": "withdrawal_reasons"},
            {"name": "ni", "format": "X(13)", "identifier": "ni", "personal": true},
            {"name": "body", "format": "X(5)"},
            {"name": "number", "format": "X(15)", "identifier": {"body_field": "body"},
             "personal": true}]}]})j",
      "t.json");
  return spec.records.front();
}

std::vector<FieldAdvice> advise(std::vector<std::string_view> values,
                                const ReferenceLists* lists = &shipped_lists()) {
  std::vector<FieldAdvice> out;
  advise_record(record(), values, lists, out);
  return out;
}

TEST(FieldAdvice, ValuesOnTheirListsAndValidIdentifiersGiveNone) {
  EXPECT_TRUE(advise({"ST4", "3", "AB123456C", "GMC", "C1234567"}).empty());
  EXPECT_TRUE(advise({"", "", "", "", ""}).empty()) << "emptiness is the schema's business";
}

TEST(FieldAdvice, AValueOffAnOpenListIsAWarningNamingTheList) {
  auto advice = advise({"ST9", "", "", "", ""});
  ASSERT_EQ(advice.size(), 1U);
  EXPECT_EQ(advice[0].field_index, 0U);
  EXPECT_FALSE(advice[0].error);
  EXPECT_THAT(advice[0].message, HasSubstr("'ST9' is not in the open list trainee_grades"));
}

TEST(FieldAdvice, ALetterCaseSlipIsAWarningNamingTheCode) {
  auto advice = advise({"st4", "", "", "", ""});
  ASSERT_EQ(advice.size(), 1U);
  EXPECT_FALSE(advice[0].error);
  EXPECT_THAT(advice[0].message, HasSubstr("'ST4'"));
}

TEST(FieldAdvice, AValueOffAClosedListIsAnError) {
  auto advice = advise({"", "7", "", "", ""});
  ASSERT_EQ(advice.size(), 1U);
  EXPECT_EQ(advice[0].field_index, 1U);
  EXPECT_TRUE(advice[0].error);
  EXPECT_THAT(advice[0].message, HasSubstr("closed list withdrawal_reasons"));
}

TEST(FieldAdvice, WithoutListsOnlyIdentifiersAreChecked) {
  auto advice = advise({"ST9", "7", "QQ123456C", "", ""}, nullptr);
  ASSERT_EQ(advice.size(), 1U);
  EXPECT_EQ(advice[0].field_index, 2U);
}

TEST(FieldAdvice, AnIdentifierBreakingItsRuleIsAWarningThatWithholdsTheValue) {
  auto advice = advise({"", "", "QQ123456C", "", ""});
  ASSERT_EQ(advice.size(), 1U);
  EXPECT_EQ(advice[0].field_index, 2U);
  EXPECT_FALSE(advice[0].error);
  EXPECT_THAT(advice[0].message, HasSubstr("National Insurance number"));
  EXPECT_THAT(advice[0].message, Not(HasSubstr("QQ123456C")));
}

TEST(FieldAdvice, ARegistrationNumberIsCheckedByTheRuleOfItsBody) {
  EXPECT_TRUE(advise({"", "", "", "GDC", "81234"}).empty());
  auto gmc = advise({"", "", "", "GMC", "81234"});
  ASSERT_EQ(gmc.size(), 1U);
  EXPECT_EQ(gmc[0].field_index, 4U);
  EXPECT_THAT(gmc[0].message, HasSubstr("GMC number"));
  auto nmc = advise({"", "", "", "NMC", "81234"});
  ASSERT_EQ(nmc.size(), 1U);
  EXPECT_THAT(nmc[0].message, HasSubstr("NMC PIN"));
  EXPECT_TRUE(advise({"", "", "", "RCVS", "81234"}).empty()) << "a body without a rule";
  EXPECT_TRUE(advise({"", "", "", "", "81234"}).empty()) << "no body, no rule";
}

TEST(FieldAdvice, AWrongFieldCountGivesNone) { EXPECT_TRUE(advise({"ST9"}).empty()); }

TEST(FieldAdvice, ShippedSchemasNameOnlyShippedLists) {
  EXPECT_NO_THROW(check_reference_names(shipped_schemas(), shipped_lists()));
}

TEST(FieldAdvice, AListNamedByASchemaButMissingIsAnErrorNamingTheField) {
  test_support::TempDir folder;
  folder.write("t.json", R"j({"type": "T", "direction": "outbound", "layout": "records",
      "records": [{"record_type": "A", "fields": [
        {"ref": "T_01", "name": "grade", "format": "X(5)", "reference": "no_such_list"}]}]})j");
  auto registry = SchemaRegistry::load(folder.path());
  try {
    check_reference_names(registry, shipped_lists());
    FAIL() << "accepted";
  } catch (const ReferenceError& e) {
    EXPECT_THAT(e.what(), HasSubstr("schema T record A field T_01 grade"));
    EXPECT_THAT(e.what(), HasSubstr("'no_such_list'"));
  }
}

// The shipped schemas wire the lists and rules where the interface uses them.
TEST(FieldAdvice, ShippedSchemasCheckGradesOfficesGmcAndNi) {
  const auto* notification = shipped_schemas().by_name("NOTIFICATION");
  ASSERT_NE(notification, nullptr);
  const auto* not_record = notification->find_record("NOT");
  ASSERT_NE(not_record, nullptr);
  auto field = [&](const RecordSpec& r, const char* ref) -> const FieldSpec& {
    return r.fields.at(r.index_of(ref).value());
  };
  EXPECT_EQ(field(*not_record, "S_NOT32").reference, "trainee_grades");
  EXPECT_EQ(field(*not_record, "S_NOT07").reference, "local_offices");
  EXPECT_EQ(field(*not_record, "S_NOT03").reference, "notification_title_codes");
  EXPECT_EQ(field(*not_record, "S_NOT31").reference, "withdrawal_reasons");
  EXPECT_EQ(field(*not_record, "S_NOT18").identifier, "gmc");
  const auto& placement = shipped_schemas().by_name("TIS_PLACEMENTS")->records.front();
  EXPECT_EQ(field(placement, "grade").reference, "trainee_grades");
  EXPECT_EQ(field(placement, "ni_number").identifier, "ni");
  const auto& app = shipped_schemas().by_name("APP")->records.front();
  EXPECT_EQ(field(app, "24").identifier_body, app.index_of("23"));
  EXPECT_EQ(field(app, "34").identifier, "ni");
  const auto* rmt = shipped_schemas().by_name("RMT");
  EXPECT_EQ(field(*rmt->find_record("POR"), "T_POR09").reference, "host_lead");
}

}  // namespace
}  // namespace esr::spec
