// The confirmation wrapper <position>~<SUCCESS|FAIL>~<reason>~<record> of DCC and RTC lines.
#include "esr/dialect/confirmation.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace esr::dialect {
namespace {

using ::testing::HasSubstr;

ConfirmationLine parse(std::string_view line) {
  ConfirmationLine out;
  auto error = parse_confirmation(line, out);
  EXPECT_FALSE(error.has_value()) << line << ": " << error.value_or("");
  return out;
}

std::string parse_error(std::string_view line) {
  ConfirmationLine out;
  auto error = parse_confirmation(line, out);
  EXPECT_TRUE(error.has_value()) << line << " was accepted";
  return error.value_or("");
}

TEST(Confirmation, ParsesASuccessLine) {
  auto line = parse(R"(1~SUCCESS~~"POR",8100101,,"C",41000101,"Title","EMD/RWEAA/300/STR/001")");
  EXPECT_EQ(line.position, "1");
  EXPECT_EQ(line.outcome, "SUCCESS");
  EXPECT_EQ(line.reason, "");
  EXPECT_EQ(line.record, R"("POR",8100101,,"C",41000101,"Title","EMD/RWEAA/300/STR/001")");
}

TEST(Confirmation, ParsesTheSeedsFailExample) {
  auto line =
      parse("2~FAIL~Error: Field Notification VPD is Mandatory and field value is empty~NOT");
  EXPECT_EQ(line.position, "2");
  EXPECT_EQ(line.outcome, "FAIL");
  EXPECT_EQ(line.reason, "Error: Field Notification VPD is Mandatory and field value is empty");
  EXPECT_EQ(line.record, "NOT");
}

TEST(Confirmation, QuotedReasonMayHoldTildesAndDoubledQuotes) {
  auto line = parse(R"(3~FAIL~"Error: a~b ""quoted"" ~"~"NOT",1)");
  EXPECT_EQ(line.position, "3");
  EXPECT_EQ(line.outcome, "FAIL");
  EXPECT_EQ(line.reason, R"(Error: a~b "quoted" ~)");
  EXPECT_EQ(line.record, R"("NOT",1)");
}

TEST(Confirmation, QuotedEmptyReason) {
  auto line = parse(R"(4~SUCCESS~""~rec)");
  EXPECT_EQ(line.reason, "");
  EXPECT_EQ(line.record, "rec");
}

TEST(Confirmation, RecordKeepsItsTildesAndQuotes) {
  auto line = parse(R"(5~SUCCESS~~"X","a~b",~)");
  EXPECT_EQ(line.reason, "");
  EXPECT_EQ(line.record, R"("X","a~b",~)");
}

TEST(Confirmation, RecordMayBeEmpty) {
  auto line = parse("1~SUCCESS~~");
  EXPECT_EQ(line.record, "");
}

TEST(Confirmation, TooFewPartsIsAnError) {
  EXPECT_EQ(parse_error(""), "not a confirmation line: no '~' separators");
  EXPECT_EQ(parse_error(R"("POR",1,2)"), "not a confirmation line: no '~' separators");
  EXPECT_EQ(parse_error("1~SUCCESS"),
            "not a confirmation line: expected <position>~<outcome>~<reason>~<record>");
  EXPECT_EQ(parse_error("1~FAIL~reason without record"),
            "not a confirmation line: expected <position>~<outcome>~<reason>~<record>");
}

TEST(Confirmation, UnclosedQuotedReasonIsAnError) {
  EXPECT_EQ(parse_error(R"(1~FAIL~"never closed~rec)"), "the quoted reason is never closed");
}

TEST(Confirmation, TextAfterAQuotedReasonIsAnError) {
  EXPECT_EQ(parse_error(R"(1~FAIL~"reason"x~rec)"), "expected '~' after the quoted reason");
  EXPECT_EQ(parse_error(R"(1~FAIL~"reason")"), "expected '~' after the quoted reason");
}

TEST(Confirmation, ParsingOverwritesAnEarlierLine) {
  ConfirmationLine out;
  ASSERT_FALSE(parse_confirmation("1~FAIL~old reason~old", out).has_value());
  ASSERT_FALSE(parse_confirmation("2~SUCCESS~~new", out).has_value());
  EXPECT_EQ(out.position, "2");
  EXPECT_EQ(out.outcome, "SUCCESS");
  EXPECT_EQ(out.reason, "");
  EXPECT_EQ(out.record, "new");
}

TEST(FormatConfirmation, WritesASuccessLineWithAnEmptyReason) {
  EXPECT_EQ(format_confirmation(1, true, "", R"("POR",8100101)"), R"(1~SUCCESS~~"POR",8100101)");
}

TEST(FormatConfirmation, WritesAFailLineWithItsReasonUnquoted) {
  EXPECT_EQ(
      format_confirmation(
          2, false, "Error: Field Notification VPD is Mandatory and field value is empty", "NOT"),
      "2~FAIL~Error: Field Notification VPD is Mandatory and field value is empty~NOT");
  EXPECT_EQ(format_confirmation(7, false, "a, b", "r"), "7~FAIL~a, b~r");
}

TEST(FormatConfirmation, QuotesAReasonHoldingATildeOrAQuote) {
  EXPECT_EQ(format_confirmation(3, false, "a~b", "r"), R"(3~FAIL~"a~b"~r)");
  EXPECT_EQ(format_confirmation(3, false, R"(say "no")", "r"), R"(3~FAIL~"say ""no"""~r)");
}

TEST(FormatConfirmation, ParseGivesBackWhatWasFormatted) {
  for (std::string_view reason :
       {"", "plain", "a~b", R"(q"q)", R"("starts with a quote)", "~", R"(")", "ends~", "a,b\\"}) {
    for (std::string_view record : {"", R"("NOT",256,"1",,)", "x~y", R"("a""b")"}) {
      auto line = format_confirmation(12, reason.empty(), reason, record);
      SCOPED_TRACE(line);
      auto parsed = parse(line);
      EXPECT_EQ(parsed.position, "12");
      EXPECT_EQ(parsed.outcome, reason.empty() ? "SUCCESS" : "FAIL");
      EXPECT_EQ(parsed.reason, reason);
      EXPECT_EQ(parsed.record, record);
    }
  }
}

TEST(FormatConfirmation, UnquotedReasonRoundTripsByteForByte) {
  const std::string line =
      "2~FAIL~Error: Field Notification VPD is Mandatory and field value is empty~\"NOT\",,\"1\"";
  auto parsed = parse(line);
  EXPECT_EQ(format_confirmation(2, false, parsed.reason, parsed.record), line);
}

}  // namespace
}  // namespace esr::dialect
