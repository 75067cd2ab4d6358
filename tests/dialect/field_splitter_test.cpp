// Splitting a line of the comma dialect: quotes, doubled quotes, backslashes, malformed lines.
#include "esr/dialect/field_splitter.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace esr::dialect {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> split(std::string_view line, char separator = ',') {
  FieldSplitter splitter;
  auto error = splitter.split(line, separator);
  EXPECT_FALSE(error.has_value()) << line << ": " << error.value_or("");
  return {splitter.fields().begin(), splitter.fields().end()};
}

std::string split_error(std::string_view line) {
  FieldSplitter splitter;
  auto error = splitter.split(line);
  EXPECT_TRUE(error.has_value()) << line << " was accepted";
  return error.value_or("");
}

TEST(FieldSplitter, SplitsOnCommas) {
  EXPECT_THAT(split("a,b,c"), ElementsAre("a", "b", "c"));
  EXPECT_THAT(split("single"), ElementsAre("single"));
}

TEST(FieldSplitter, RemovesTheQuotesAroundAField) {
  FieldSplitter splitter;
  ASSERT_FALSE(splitter.split(R"("POR",8100101,,"C")").has_value());
  EXPECT_THAT(splitter.fields(), ElementsAre("POR", "8100101", "", "C"));
  EXPECT_TRUE(splitter.was_quoted(0));
  EXPECT_FALSE(splitter.was_quoted(1));
  EXPECT_FALSE(splitter.was_quoted(2));
  EXPECT_TRUE(splitter.was_quoted(3));
}

TEST(FieldSplitter, DoubledQuoteInsideQuotesIsOneQuote) {
  EXPECT_THAT(split(R"("say ""hi""",x,"""","""""")"),
              ElementsAre(R"(say "hi")", "x", R"(")", R"("")"));
  EXPECT_THAT(split(R"("King's ""Mill"" Hospital")"), ElementsAre(R"(King's "Mill" Hospital)"));
}

TEST(FieldSplitter, BackslashIsPlainData) {
  // A real RMF line: the backslash before the closing quote does not escape it.
  const std::string_view line =
      R"x(POS,7607373,,"C","34611829","Medical and Dental\","Specialty Registrar (Cornerways)",)x"
      R"x("800","General Practice","WES/J82150/800/GPST/003","WES","RBD","NHS","MS02",)x"
      R"x("Specialty Registrar ST2/ SpR2","")x";
  auto fields = split(line);
  ASSERT_EQ(fields.size(), 16U);
  EXPECT_EQ(fields[0], "POS");
  EXPECT_EQ(fields[1], "7607373");
  EXPECT_EQ(fields[2], "");
  EXPECT_EQ(fields[4], "34611829");
  EXPECT_EQ(fields[5], R"(Medical and Dental\)");
  EXPECT_EQ(fields[6], "Specialty Registrar (Cornerways)");
  EXPECT_EQ(fields[14], "Specialty Registrar ST2/ SpR2");
  EXPECT_EQ(fields[15], "");
  EXPECT_THAT(split(R"(a\,b)"), ElementsAre(R"(a\)", "b"));
  EXPECT_THAT(split(R"("a\\n")"), ElementsAre(R"(a\\n)"));
}

TEST(FieldSplitter, CommaAndTildeInsideQuotesAreData) {
  EXPECT_THAT(split(R"("Surgery, Theatres and Critical Care","a~b",c~d)"),
              ElementsAre("Surgery, Theatres and Critical Care", "a~b", "c~d"));
}

TEST(FieldSplitter, EmptyFieldsAreKept) {
  EXPECT_THAT(split(",,"), ElementsAre("", "", ""));
  EXPECT_THAT(split("a,,b"), ElementsAre("a", "", "b"));
  EXPECT_THAT(split(R"("",x)"), ElementsAre("", "x"));
}

TEST(FieldSplitter, EmptyLineIsOneEmptyField) { EXPECT_THAT(split(""), ElementsAre("")); }

TEST(FieldSplitter, TrailingCommaEndsWithAnEmptyField) {
  EXPECT_THAT(split("a,b,"), ElementsAre("a", "b", ""));
  FieldSplitter splitter;
  ASSERT_FALSE(splitter.split(R"("a",)").has_value());
  EXPECT_THAT(splitter.fields(), ElementsAre("a", ""));
  EXPECT_FALSE(splitter.was_quoted(1));
}

TEST(FieldSplitter, SpacesAreData) {
  EXPECT_THAT(split(" a , b "), ElementsAre(" a ", " b "));
  EXPECT_THAT(split(R"(" a ")"), ElementsAre(" a "));
}

TEST(FieldSplitter, NonAsciiTextIsKept) {
  EXPECT_THAT(split("\"Si\xC3\xA2n\",Zo\xC3\xAB"), ElementsAre("Si\xC3\xA2n", "Zo\xC3\xAB"));
}

TEST(FieldSplitter, UnbalancedQuoteIsAnError) {
  EXPECT_EQ(split_error(R"("abc,def)"), "a double quote opened at column 1 is never closed");
  EXPECT_EQ(split_error(R"(a,"bc)"), "a double quote opened at column 3 is never closed");
  EXPECT_THAT(split_error(R"(a,"b"")"), HasSubstr("never closed"));
  EXPECT_THAT(split_error(R"(")"), HasSubstr("never closed"));
}

TEST(FieldSplitter, TextAfterTheClosingQuoteIsAnError) {
  EXPECT_THAT(split_error(R"("abc"d,e)"), HasSubstr("unexpected text after the closing quote"));
  EXPECT_THAT(split_error(R"(x,"abc" ,e)"), HasSubstr("unexpected text after the closing quote"));
}

TEST(FieldSplitter, QuoteInsideAnUnquotedFieldIsAnError) {
  EXPECT_EQ(split_error(R"(ab"c,d)"), "a double quote inside an unquoted field at column 3");
  EXPECT_THAT(split_error(R"(x, "a")"), HasSubstr("a double quote inside an unquoted field"));
}

TEST(FieldSplitter, OtherSeparators) {
  EXPECT_THAT(split(R"(1~"a~b"~,c)", '~'), ElementsAre("1", "a~b", ",c"));
}

TEST(FieldSplitter, ReusingTheSplitterForgetsTheLastLine) {
  FieldSplitter splitter;
  ASSERT_FALSE(splitter.split(R"("a""b",c,d,e)").has_value());
  ASSERT_FALSE(splitter.split(R"(x,"y""z")").has_value());
  EXPECT_THAT(splitter.fields(), ElementsAre("x", R"(y"z)"));
  ASSERT_TRUE(splitter.split(R"("open)").has_value());
  ASSERT_FALSE(splitter.split("ok").has_value());
  EXPECT_THAT(splitter.fields(), ElementsAre("ok"));
}

TEST(FieldSplitter, ManyFieldsWithDoubledQuotesStayValid) {
  // Every field is unescaped into the internal buffer: the earlier views must survive the
  // later appends.
  std::string line;
  std::vector<std::string> expected;
  for (int i = 0; i < 500; ++i) {
    if (i > 0) line += ',';
    std::string value =
        "v" + std::to_string(i) + "\"q\"" + std::string(static_cast<std::size_t>(i % 37), 'x');
    expected.push_back(value);
    std::string quoted = "\"";
    for (char c : value) {
      quoted += c;
      if (c == '"') quoted += '"';
    }
    line += quoted + "\"";
  }
  EXPECT_EQ(split(line), expected);
}

TEST(AppendQuoted, EnclosesAndDoublesQuotes) {
  std::string out = "x,";
  append_quoted(out, R"(say "hi")");
  EXPECT_EQ(out, R"(x,"say ""hi""")");
  out.clear();
  append_quoted(out, "");
  EXPECT_EQ(out, R"("")");
  out.clear();
  append_quoted(out, R"("")");
  EXPECT_EQ(out, R"("""""")");
  out.clear();
  append_quoted(out, R"(Medical and Dental\)");
  EXPECT_EQ(out, R"("Medical and Dental\")");
}

TEST(AppendQuoted, SplitGivesBackTheValue) {
  for (std::string_view value : {"", "plain", R"(a"b)", R"(""")", "a,b", "a~b", R"(end\)",
                                 "Si\xC3\xA2n", " lead and trail ", R"(",")"}) {
    std::string line;
    append_quoted(line, value);
    line += ",";
    append_quoted(line, value);
    SCOPED_TRACE(line);
    EXPECT_THAT(split(line), ElementsAre(std::string(value), std::string(value)));
  }
}

}  // namespace
}  // namespace esr::dialect
