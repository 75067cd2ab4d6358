// Writing records in the dialect's output form, and reading them back.
#include "esr/dialect/record_writer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "esr/dialect/field_splitter.hpp"
#include "esr/spec/schema_registry.hpp"

namespace esr::dialect {
namespace {

using ::testing::ElementsAreArray;

// One field of each format.
const spec::RecordSpec& test_record() {
  static const spec::FileSpec file = spec::SchemaRegistry::parse_schema(R"j({
    "type": "W", "direction": "outbound", "layout": "records",
    "records": [{"record_type": "REC", "name": "Writer test", "fields": [
      {"ref": "1", "name": "Record Type", "format": "X(3)+", "constant": "REC"},
      {"ref": "2", "name": "Fixed text", "format": "F(4)"},
      {"ref": "3", "name": "Number", "format": "N(5)"},
      {"ref": "4", "name": "Fixed number", "format": "L(5)"},
      {"ref": "5", "name": "Decimal", "format": "N(4,2)"},
      {"ref": "6", "name": "Fixed decimal", "format": "L(6,2)"},
      {"ref": "7", "name": "Text", "format": "X(40)"}
    ]}]})j",
                                                                        "writer.json");
  return file.records.front();
}

std::string write(const std::vector<std::string>& values) {
  std::string out;
  append_record(out, test_record(), values);
  return out;
}

TEST(RecordWriter, QuotesTextAndLeavesNumbersBare) {
  EXPECT_EQ(write({"REC", "abcd", "42", "00042", "1.5", "0001.50", "text"}),
            R"("REC","abcd",42,00042,1.5,0001.50,"text")");
}

TEST(RecordWriter, PadsFixedTextWithSpacesAndFixedNumbersWithZeros) {
  EXPECT_EQ(write({"REC", "ab", "7", "42", "0.25", "1.5", ""}),
            R"("REC","ab  ",7,00042,0.25,0001.50,)");
}

TEST(RecordWriter, KeepsLeadingZerosOfNumbers) {
  EXPECT_EQ(write({"REC", "", "0234", "", "", "", ""}), R"("REC",,0234,,,,)");
}

TEST(RecordWriter, WritesAnEmptyFieldAsNothing) {
  EXPECT_EQ(write({"REC", "", "", "", "", "", ""}), R"("REC",,,,,,)");
}

TEST(RecordWriter, MissingValuesAreWrittenEmpty) { EXPECT_EQ(write({"REC"}), R"("REC",,,,,,)"); }

TEST(RecordWriter, DoublesQuotesInsideText) {
  EXPECT_EQ(write({"REC", "", "", "", "", "", R"(say "hi")"}), R"("REC",,,,,,"say ""hi""")");
}

TEST(RecordWriter, LeavesBackslashesCommasAndTildesAsData) {
  EXPECT_EQ(write({"REC", "", "", "", "", "", R"(Medical and Dental\)"}),
            R"("REC",,,,,,"Medical and Dental\")");
  EXPECT_EQ(write({"REC", "", "", "", "", "", "a, b~c"}), R"("REC",,,,,,"a, b~c")");
}

TEST(RecordWriter, AppendsWithoutALineEnding) {
  std::string out = "before\r\n";
  append_record(out, test_record(), std::vector<std::string>{"REC"});
  EXPECT_EQ(out, "before\r\n\"REC\",,,,,,");
}

TEST(RecordWriter, SplitGivesBackTheValues) {
  const std::vector<std::vector<std::string>> records = {
      {"REC", "abcd", "1", "00001", "12.34", "1234.56", "plain"},
      {"REC", "", "", "", "", "", ""},
      {"REC", "a\"b ", "99999", "99999", "0", "0000.00", R"(quote " and "" two)"},
      {"REC", "S\xC3\xAE\xC3\xA2n", "0", "00000", "1", "0000.01", "Surgery, Theatres ~ Care"},
      {"REC", ",,,,", "12", "01234", "9.9", "0009.90", R"(trailing backslash\)"},
      {"REC", "\"\"\"\"", "5", "00005", "10", "0010.00", "\"\""},
  };
  FieldSplitter splitter;
  for (const auto& values : records) {
    auto line = write(values);
    SCOPED_TRACE(line);
    ASSERT_FALSE(splitter.split(line).has_value());
    EXPECT_THAT(splitter.fields(), ElementsAreArray(values));
    const auto& fields = test_record().fields;
    for (std::size_t i = 0; i < values.size(); ++i) {
      EXPECT_EQ(splitter.was_quoted(i), !values[i].empty() && fields[i].format.quoted_on_output())
          << i;
    }
  }
}

TEST(RecordWriter, RealRmtRecordsRoundTrip) {
  auto registry = spec::SchemaRegistry::load(ESRD_SOURCE_DIR "/schemas");
  const auto& pos = *registry.by_name("RMT")->find_record("POS");
  const std::vector<std::string> values = {"POS",
                                           "7607373",
                                           "",
                                           "C",
                                           "34611829",
                                           R"(Medical and Dental\)",
                                           "Specialty Registrar (Cornerways)",
                                           "800",
                                           "General Practice",
                                           "WES/J82150/800/GPST/003",
                                           "WES",
                                           "RBD",
                                           "NHS",
                                           "MS02",
                                           "Specialty Registrar ST2/ SpR2",
                                           ""};
  std::string out;
  append_record(out, pos, values);
  EXPECT_EQ(out,
            R"x("POS",7607373,,"C",34611829,"Medical and Dental\","Specialty Registrar )x"
            R"x((Cornerways)","800","General Practice","WES/J82150/800/GPST/003","WES","RBD",)x"
            R"x("NHS","MS02","Specialty Registrar ST2/ SpR2",)x");
  FieldSplitter splitter;
  ASSERT_FALSE(splitter.split(out).has_value());
  EXPECT_THAT(splitter.fields(), ElementsAreArray(values));
}

TEST(LineEnding, CrlfByDefaultOrLf) {
  EXPECT_EQ(to_chars(LineEnding::crlf), "\r\n");
  EXPECT_EQ(to_chars(LineEnding::lf), "\n");
}

}  // namespace
}  // namespace esr::dialect
