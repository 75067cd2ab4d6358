// Loading schemas/: the shipped files, every mistake a schema file can make, the look-ups.
#include "esr/spec/schema_registry.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>
#include <set>
#include <string>
#include <string_view>

#include "esr/spec/business_date.hpp"
#include "support/temp_dir.hpp"

namespace esr::spec {
namespace {

using esr::test_support::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const SchemaRegistry& shipped() {
  static const SchemaRegistry registry = SchemaRegistry::load(ESRD_SOURCE_DIR "/schemas");
  return registry;
}

// ---- the shipped schemas ----------------------------------------------------------------------

TEST(SchemaRegistry, LoadsEveryShippedSchema) {
  std::set<std::string> types;
  for (const auto& spec : shipped().all()) types.insert(spec.type);
  EXPECT_EQ(types, (std::set<std::string>{"APC", "APP", "DCC", "NOTIFICATION", "RMT", "RTC",
                                          "TIS_PLACEMENTS", "TIS_POSTS"}));
}

TEST(SchemaRegistry, ReadsFilesInNameOrder) {
  const auto& all = shipped().all();
  ASSERT_EQ(all.size(), 8U);
  EXPECT_EQ(all.front().type, "APC");       // apc.json
  EXPECT_EQ(all.back().type, "TIS_POSTS");  // tis_posts.json
}

TEST(SchemaRegistry, EveryInterfaceFileTypeHasItsSchema) {
  const auto& registry = shipped();
  auto type_of = [&](std::string_view file_type) -> std::string {
    const auto* spec = registry.for_file_type(file_type);
    return spec == nullptr ? "(none)" : spec->type;
  };
  EXPECT_EQ(type_of("RMF"), "RMT");
  EXPECT_EQ(type_of("RMC"), "RMT");
  EXPECT_EQ(type_of("APC"), "APC");
  EXPECT_EQ(type_of("DCC"), "DCC");
  EXPECT_EQ(type_of("APP"), "APP");
  EXPECT_EQ(type_of("DNF"), "NOTIFICATION");
  EXPECT_EQ(type_of("DNC"), "NOTIFICATION");
  EXPECT_EQ(type_of("RTC"), "RTC");
  EXPECT_EQ(type_of("XYZ"), "(none)");
  EXPECT_EQ(type_of(""), "(none)");
  EXPECT_EQ(type_of("rmf"), "(none)");
  EXPECT_EQ(type_of("RMT"), "(none)");  // a schema name, not a file type
}

TEST(SchemaRegistry, ByNameFindsSchemasByTheirType) {
  const auto& registry = shipped();
  ASSERT_NE(registry.by_name("TIS_POSTS"), nullptr);
  EXPECT_EQ(registry.by_name("TIS_POSTS")->layout, Layout::csv);
  ASSERT_NE(registry.by_name("RMT"), nullptr);
  EXPECT_EQ(registry.by_name("RMT"), registry.for_file_type("RMF"));
  EXPECT_EQ(registry.by_name("RMF"), nullptr);
  EXPECT_EQ(registry.by_name("rmt"), nullptr);
}

TEST(SchemaRegistry, ShippedRecordLayoutsHaveTheSeedsFieldCounts) {
  const auto& registry = shipped();
  const auto* rmt = registry.by_name("RMT");
  ASSERT_NE(rmt, nullptr);
  EXPECT_EQ(rmt->layout, Layout::records);
  EXPECT_EQ(rmt->direction, Direction::inbound);
  EXPECT_TRUE(rmt->keep_unknown_records);
  EXPECT_THAT(rmt->file_types, ElementsAre("RMF", "RMC"));
  ASSERT_NE(rmt->find_record("POR"), nullptr);
  ASSERT_NE(rmt->find_record("POS"), nullptr);
  EXPECT_EQ(rmt->find_record("POR")->fields.size(), 13U);
  EXPECT_EQ(rmt->find_record("POS")->fields.size(), 16U);
  EXPECT_EQ(rmt->find_record("ASG"), nullptr);
  EXPECT_EQ(registry.by_name("APP")->records.at(0).fields.size(), 47U);
  EXPECT_EQ(registry.by_name("APC")->records.at(0).fields.size(), 11U);
  EXPECT_EQ(registry.by_name("NOTIFICATION")->records.at(0).fields.size(), 45U);
  EXPECT_EQ(registry.by_name("TIS_POSTS")->records.at(0).fields.size(), 3U);
  EXPECT_EQ(registry.by_name("TIS_PLACEMENTS")->records.at(0).fields.size(), 43U);
  EXPECT_FALSE(registry.by_name("APP")->keep_unknown_records);
  EXPECT_EQ(registry.by_name("APP")->direction, Direction::outbound);
  EXPECT_EQ(registry.by_name("TIS_POSTS")->direction, Direction::extract);
}

TEST(SchemaRegistry, ConfirmationSchemasNameAnExistingSchema) {
  const auto& registry = shipped();
  for (const auto& spec : registry.all()) {
    if (spec.layout != Layout::confirmation) continue;
    SCOPED_TRACE(spec.type);
    // DCC names a file type (DNC), RTC a schema name (RMT): either must resolve. Whether the
    // parser resolves both is checked in tests/dialect/file_parser_test.cpp.
    EXPECT_TRUE(registry.by_name(spec.confirms) != nullptr ||
                registry.for_file_type(spec.confirms) != nullptr)
        << spec.confirms;
    EXPECT_TRUE(spec.records.empty());
    ASSERT_EQ(spec.wrapper_fields.size(), 3U);
    EXPECT_EQ(spec.wrapper_fields[0].ref, "position");
    EXPECT_EQ(spec.wrapper_fields[1].ref, "outcome");
    EXPECT_EQ(spec.wrapper_fields[2].ref, "reason");
  }
  EXPECT_EQ(registry.by_name("DCC")->confirms, "DNC");
  EXPECT_EQ(registry.by_name("RTC")->confirms, "RMT");
}

TEST(SchemaRegistry, EachRecordsFirstFieldIsItsRecordTypeConstant) {
  for (const auto& spec : shipped().all()) {
    if (spec.layout != Layout::records) continue;
    for (const auto& record : spec.records) {
      SCOPED_TRACE(spec.type + " " + record.record_type);
      ASSERT_FALSE(record.fields.empty());
      EXPECT_EQ(record.fields[0].constant, record.record_type);
      EXPECT_TRUE(record.fields[0].format.mandatory());
      EXPECT_TRUE(record.fields[0].format.quoted_on_output());
    }
  }
}

TEST(SchemaRegistry, ShippedConstantsAndValueListsFitTheirFormats) {
  for (const auto& spec : shipped().all()) {
    auto check = [&](const std::vector<FieldSpec>& fields) {
      std::set<std::string> refs;
      for (const auto& f : fields) {
        SCOPED_TRACE(spec.type + " " + f.label());
        EXPECT_TRUE(refs.insert(f.ref).second) << "duplicate ref";
        if (f.constant) {
          EXPECT_EQ(f.format.check(*f.constant), std::nullopt);
        }
        for (const auto& value : f.values) EXPECT_EQ(f.format.check(value), std::nullopt) << value;
      }
    };
    for (const auto& record : spec.records) check(record.fields);
    check(spec.wrapper_fields);
  }
}

TEST(SchemaRegistry, ResolvesRequiredIfToAFieldIndex) {
  const auto& record = shipped().by_name("NOTIFICATION")->records.at(0);
  auto vpd = record.index_of("S_NOT02");
  ASSERT_TRUE(vpd.has_value());
  const auto& field = record.fields[*vpd];
  ASSERT_TRUE(field.required_if.has_value());
  EXPECT_EQ(field.required_if->field_index, record.index_of("S_NOT03"));
  EXPECT_THAT(field.required_if->values, ElementsAre("1", "2", "4"));
}

TEST(SchemaRegistry, ResolvesRequiredWithToFieldIndexes) {
  const auto& record = shipped().by_name("APP")->records.at(0);
  const auto& address1 = record.fields.at(record.index_of("Address1").value());
  EXPECT_THAT(address1.required_with, ElementsAre(13U, 14U, 15U, 16U, 17U, 18U));
  EXPECT_TRUE(address1.personal);
  EXPECT_EQ(record.index_of("13"), 12U);
  EXPECT_EQ(record.index_of("Nothing"), std::nullopt);
}

TEST(SchemaRegistry, ReadsDateStyles) {
  const auto& registry = shipped();
  const auto& app = registry.by_name("APP")->records.at(0);
  EXPECT_EQ(app.fields.at(4).date, DateStyle::compact);
  const auto& placement = registry.by_name("TIS_PLACEMENTS")->records.at(0);
  EXPECT_EQ(placement.fields.at(placement.index_of("start_date").value()).date, DateStyle::iso);
  EXPECT_EQ(placement.fields.at(0).date, DateStyle::none);
}

TEST(SchemaRegistry, LabelIsRefAndName) {
  const auto& pos = *shipped().by_name("RMT")->find_record("POS");
  EXPECT_EQ(pos.fields.at(9).label(), "T_POS10 Deanery Number");
  FieldSpec unnamed = pos.fields[0];
  unnamed.ref.clear();
  unnamed.name = "Only Name";
  EXPECT_EQ(unnamed.label(), "Only Name");
}

// ---- parse_schema -----------------------------------------------------------------------------

constexpr std::string_view kMinimal = R"j({
  "type": "TST", "file_types": ["TST"], "title": "Test", "direction": "inbound",
  "source": "a test", "layout": "records", "unknown_records": "keep",
  "records": [{"record_type": "T", "name": "Test record", "fields": [
    {"ref": "1", "name": "Record Type", "format": "X(1)+", "constant": "T"},
    {"ref": "2", "name": "When", "format": "X(8)", "date": "YYYYMMDD", "comment": "why"},
    {"ref": "3", "name": "Who", "format": "X(20)", "personal": true, "required_with": ["2"]},
    {"ref": "4", "name": "Kind", "format": "N(1)", "values": ["1", "2"],
     "required_if": {"field": "Who", "values": ["x"]}}
  ]}]
})j";

TEST(SchemaParse, ReadsEveryKey) {
  auto spec = SchemaRegistry::parse_schema(kMinimal, "test.json");
  EXPECT_EQ(spec.type, "TST");
  EXPECT_THAT(spec.file_types, ElementsAre("TST"));
  EXPECT_EQ(spec.title, "Test");
  EXPECT_EQ(spec.direction, Direction::inbound);
  EXPECT_EQ(spec.source, "a test");
  EXPECT_EQ(spec.layout, Layout::records);
  EXPECT_TRUE(spec.keep_unknown_records);
  ASSERT_EQ(spec.records.size(), 1U);
  const auto& record = spec.records[0];
  EXPECT_EQ(record.record_type, "T");
  EXPECT_EQ(record.name, "Test record");
  ASSERT_EQ(record.fields.size(), 4U);
  EXPECT_EQ(record.fields[0].constant, "T");
  EXPECT_EQ(record.fields[0].format.notation(), "X(1)+");
  EXPECT_EQ(record.fields[1].date, DateStyle::compact);
  EXPECT_EQ(record.fields[1].comment, "why");
  EXPECT_FALSE(record.fields[1].personal);
  EXPECT_TRUE(record.fields[2].personal);
  EXPECT_THAT(record.fields[2].required_with, ElementsAre(1U));
  EXPECT_THAT(record.fields[3].values, ElementsAre("1", "2"));
  ASSERT_TRUE(record.fields[3].required_if.has_value());
  EXPECT_EQ(record.fields[3].required_if->field_index, 2U);  // "Who" found by name
  EXPECT_THAT(record.fields[3].required_if->values, ElementsAre("x"));
}

TEST(SchemaParse, ReadsReferenceListsAndIdentifierRules) {
  auto spec = SchemaRegistry::parse_schema(
      R"j({"type": "T", "direction": "outbound", "layout": "records",
          "records": [{"record_type": "A", "fields": [
            {"name": "grade", "format": "X(5)", "reference": "trainee_grades"},
            {"name": "ni", "format": "X(9)", "identifier": "NI", "personal": true},
            {"name": "body", "format": "X(5)"},
            {"name": "number", "format": "X(15)", "identifier": {"body_field": "body"}}]}]})j",
      "t.json");
  const auto& fields = spec.records.at(0).fields;
  EXPECT_EQ(fields[0].reference, "trainee_grades");
  EXPECT_EQ(fields[1].identifier, "NI");
  EXPECT_FALSE(fields[1].identifier_body.has_value());
  EXPECT_EQ(fields[3].identifier_body, 2U);
  EXPECT_TRUE(fields[3].identifier.empty());
}

TEST(SchemaParse, UnknownRecordsDefaultsToReject) {
  auto spec = SchemaRegistry::parse_schema(
      R"j({"type": "T", "direction": "outbound", "layout": "records",
          "records": [{"record_type": "A", "fields": [{"name": "a", "format": "X(1)"}]}]})j",
      "t.json");
  EXPECT_FALSE(spec.keep_unknown_records);
  EXPECT_TRUE(spec.file_types.empty());
  EXPECT_EQ(spec.records.at(0).fields.at(0).ref, "");
}

TEST(SchemaParse, ReadsAConfirmationSchema) {
  auto spec = SchemaRegistry::parse_schema(
      R"j({"type": "C", "file_types": ["C"], "direction": "inbound", "layout": "confirmation",
          "confirms": "T", "wrapper_fields": [
            {"ref": "position", "name": "P", "format": "N(15)+"},
            {"ref": "outcome", "name": "O", "format": "X(7)+", "values": ["SUCCESS", "FAIL"]},
            {"ref": "reason", "name": "R", "format": "X(2000)",
             "required_if": {"field": "outcome", "values": ["FAIL"]}}]})j",
      "c.json");
  EXPECT_EQ(spec.layout, Layout::confirmation);
  EXPECT_EQ(spec.confirms, "T");
  ASSERT_EQ(spec.wrapper_fields.size(), 3U);
  EXPECT_EQ(spec.wrapper_fields[2].required_if->field_index, 1U);
}

struct BadSchema {
  const char* name;
  const char* json;
  const char* message;  // expected in the error, after "bad.json: "
};

void PrintTo(const BadSchema& bad, std::ostream* os) { *os << bad.name; }

class SchemaParseRejects : public ::testing::TestWithParam<BadSchema> {};

TEST_P(SchemaParseRejects, WithAnErrorNamingTheFileAndTheMistake) {
  const auto& bad = GetParam();
  try {
    (void)SchemaRegistry::parse_schema(bad.json, "bad.json");
    FAIL() << "accepted";
  } catch (const SchemaError& e) {
    EXPECT_THAT(e.what(), StartsWith("bad.json: "));
    EXPECT_THAT(e.what(), HasSubstr(bad.message));
  }
}

#define RECORDS_WITH(fields)                                                                                            \
  R"j({"type": "T", "direction": "inbound", "layout": "records", "records": [{"record_type": "A", "fields": [)j" fields \
  "]}]}"

const BadSchema kBadSchemas[] = {
    {"NotJson", "{", "JSON"},
    {"NotAnObject", "[]", "top level: must be an object"},
    {"MissingType", R"j({"direction": "inbound", "layout": "records"})j", "missing key 'type'"},
    {"TypeNotAString", R"j({"type": 1})j", "'type' must be a string"},
    {"FileTypesNotAnArray", R"j({"type": "T", "file_types": "RMF"})j",
     "'file_types' must be an array of strings"},
    {"FileTypesNotStrings", R"j({"type": "T", "file_types": [1]})j",
     "'file_types' must hold strings"},
    {"MissingDirection", R"j({"type": "T", "layout": "records"})j", "missing key 'direction'"},
    {"BadDirection", R"j({"type": "T", "direction": "sideways", "layout": "records"})j",
     "direction must be inbound, outbound or extract, not 'sideways'"},
    {"BadLayout", R"j({"type": "T", "direction": "inbound", "layout": "xml"})j",
     "layout must be records, confirmation or csv, not 'xml'"},
    {"BadUnknownRecords",
     R"j({"type": "T", "direction": "inbound", "layout": "records", "unknown_records": "drop"})j",
     "unknown_records must be keep or reject"},
    {"MissingRecords", R"j({"type": "T", "direction": "inbound", "layout": "records"})j",
     "'records' must be a non-empty array"},
    {"EmptyRecords",
     R"j({"type": "T", "direction": "inbound", "layout": "records", "records": []})j",
     "'records' must be a non-empty array"},
    {"RecordWithoutType",
     R"j({"type": "T", "direction": "inbound", "layout": "records", "records": [{"fields": []}]})j",
     "missing key 'record_type'"},
    {"RecordWithoutFields",
     R"j({"type": "T", "direction": "inbound", "layout": "records", "records": [{"record_type": "A"}]})j",
     "record without 'fields'"},
    {"EmptyFields", RECORDS_WITH(""), "'fields' must be a non-empty array"},
    {"FieldNotAnObject", RECORDS_WITH("\"a\""), "a field must be an object"},
    {"FieldWithoutName", RECORDS_WITH(R"j({"format": "X(1)"})j"), "missing key 'name'"},
    {"FieldWithoutFormat", RECORDS_WITH(R"j({"name": "a"})j"), "field 'a': missing key 'format'"},
    {"BadFormat", RECORDS_WITH(R"j({"name": "a", "format": "X(0)"})j"),
     "field 'a': format 'X(0)': width must be positive"},
    {"DecimalsOnText", RECORDS_WITH(R"j({"name": "a", "format": "X(5,1)"})j"),
     "text formats take no decimals"},
    {"BadDate", RECORDS_WITH(R"j({"name": "a", "format": "X(8)", "date": "DDMMYYYY"})j"),
     "date must be YYYYMMDD or YYYY-MM-DD, not 'DDMMYYYY'"},
    {"PersonalNotABoolean", RECORDS_WITH(R"j({"name": "a", "format": "X(8)", "personal": "yes"})j"),
     "'personal' must be true or false"},
    {"ValuesNotAnArray", RECORDS_WITH(R"j({"name": "a", "format": "X(8)", "values": "A"})j"),
     "'values' must be an array of strings"},
    {"ConstantNotAString", RECORDS_WITH(R"j({"name": "a", "format": "N(8)", "constant": 1})j"),
     "'constant' must be a string"},
    {"UnknownIdentifierRule",
     RECORDS_WITH(R"j({"name": "a", "format": "X(8)", "identifier": "passport"})j"),
     "unknown identifier rule 'passport'; known: gmc, gdc"},
    {"IdentifierBodyFieldUnknown",
     RECORDS_WITH(R"j({"name": "a", "format": "X(8)", "identifier": {"body_field": "zz"}})j"),
     "refers to unknown field 'zz'"},
    {"ReferenceNotAString", RECORDS_WITH(R"j({"name": "a", "format": "X(8)", "reference": 3})j"),
     "'reference' must be a string"},
    {"PersonalFieldWithAReferenceList",
     RECORDS_WITH(R"j({"name": "a", "format": "X(8)", "personal": true, "reference": "grades"})j"),
     "a personal field cannot have a reference list"},
    {"RequiredWithUnknownField",
     RECORDS_WITH(R"j({"name": "a", "format": "X(8)", "required_with": ["zz"]})j"),
     "field 'a' refers to unknown field 'zz'"},
    {"RequiredIfUnknownField",
     RECORDS_WITH(
         R"j({"name": "a", "format": "X(8)", "required_if": {"field": "zz", "values": ["1"]}})j"),
     "field 'a' refers to unknown field 'zz'"},
    {"RequiredIfWithoutField",
     RECORDS_WITH(R"j({"name": "a", "format": "X(8)", "required_if": {"values": ["1"]}})j"),
     "missing key 'field'"},
    {"ConfirmationWithoutConfirms",
     R"j({"type": "C", "direction": "inbound", "layout": "confirmation", "wrapper_fields": []})j",
     "missing key 'confirms'"},
    {"ConfirmationWithoutWrapper",
     R"j({"type": "C", "direction": "inbound", "layout": "confirmation", "confirms": "T"})j",
     "a confirmation schema needs 'wrapper_fields'"},
    {"ConfirmationWithTwoWrapperFields",
     R"j({"type": "C", "direction": "inbound", "layout": "confirmation", "confirms": "T",
         "wrapper_fields": [{"name": "p", "format": "N(1)"}, {"name": "o", "format": "X(7)"}]})j",
     "wrapper_fields must list position, outcome and reason"},
    {"CsvWithTwoRecords",
     R"j({"type": "T", "direction": "extract", "layout": "csv", "records": [
          {"record_type": "a", "fields": [{"name": "a", "format": "X(1)"}]},
          {"record_type": "b", "fields": [{"name": "b", "format": "X(1)"}]}]})j",
     "a csv schema has exactly one record"},
};

#undef RECORDS_WITH

INSTANTIATE_TEST_SUITE_P(Schemas, SchemaParseRejects, ::testing::ValuesIn(kBadSchemas),
                         [](const ::testing::TestParamInfo<BadSchema>& param_info) {
                           return std::string(param_info.param.name);
                         });

// ---- load -------------------------------------------------------------------------------------

constexpr std::string_view kOther = R"j({
  "type": "OTHER", "file_types": ["OTH"], "direction": "outbound", "layout": "records",
  "records": [{"record_type": "O", "fields": [{"name": "Record Type", "format": "X(1)+"}]}]
})j";

TEST(SchemaLoad, ReadsOnlyJsonFiles) {
  TempDir dir;
  dir.write("b.json", kMinimal);
  dir.write("a.json", kOther);
  dir.write("README.md", "not a schema");
  dir.write("c.json.orig", "{");
  auto registry = SchemaRegistry::load(dir.path());
  ASSERT_EQ(registry.all().size(), 2U);
  EXPECT_EQ(registry.all()[0].type, "OTHER");  // a.json first
  EXPECT_EQ(registry.all()[1].type, "TST");
  EXPECT_EQ(registry.for_file_type("OTH"), &registry.all()[0]);
}

TEST(SchemaLoad, MissingFolderIsAnError) {
  TempDir dir;
  EXPECT_THROW((void)SchemaRegistry::load(dir.path() / "nowhere"), SchemaError);
  auto file = dir.write("file.json", kMinimal);
  EXPECT_THROW((void)SchemaRegistry::load(file), SchemaError);  // a file, not a folder
}

TEST(SchemaLoad, FolderWithoutSchemasIsAnError) {
  TempDir dir;
  dir.write("notes.txt", "nothing");
  try {
    (void)SchemaRegistry::load(dir.path());
    FAIL() << "an empty folder was accepted";
  } catch (const SchemaError& e) {
    EXPECT_THAT(e.what(), HasSubstr("no *.json schema files"));
  }
}

TEST(SchemaLoad, ErrorNamesTheFile) {
  TempDir dir;
  dir.write("good.json", kMinimal);
  auto bad = dir.write("zz_bad.json", R"j({"type": "B", "direction": "up", "layout": "records"})j");
  try {
    (void)SchemaRegistry::load(dir.path());
    FAIL() << "a bad schema was accepted";
  } catch (const SchemaError& e) {
    EXPECT_THAT(e.what(), StartsWith(bad.string() + ": "));
    EXPECT_THAT(e.what(), HasSubstr("not 'up'"));
  }
}

TEST(SchemaLoad, SameTypeTwiceIsAnError) {
  TempDir dir;
  dir.write("a.json", kMinimal);
  dir.write("b.json", kMinimal);
  try {
    (void)SchemaRegistry::load(dir.path());
    FAIL() << "a duplicate schema was accepted";
  } catch (const SchemaError& e) {
    EXPECT_THAT(e.what(), HasSubstr("schema TST defined twice"));
  }
}

TEST(SchemaLoad, SameFileTypeInTwoSchemasIsAnError) {
  TempDir dir;
  dir.write("a.json", kMinimal);
  std::string clash(kOther);
  clash.replace(clash.find("\"OTH\""), 5, "\"TST\"");
  dir.write("b.json", clash);
  try {
    (void)SchemaRegistry::load(dir.path());
    FAIL() << "a file type read by two schemas was accepted";
  } catch (const SchemaError& e) {
    EXPECT_THAT(e.what(), HasSubstr("file type TST already read by schema TST"));
  }
}

}  // namespace
}  // namespace esr::spec
