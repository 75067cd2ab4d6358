// The interface's field notation: parsing X/F/N/L, checking values, formatting for output.
#include "esr/spec/field_format.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace esr::spec {
namespace {

using ::testing::HasSubstr;

FieldFormat format_of(std::string_view notation) {
  std::string error;
  auto parsed = FieldFormat::parse(notation, &error);
  EXPECT_TRUE(parsed.has_value()) << notation << ": " << error;
  return parsed.value();
}

std::string parse_error(std::string_view notation) {
  std::string error;
  auto parsed = FieldFormat::parse(notation, &error);
  EXPECT_FALSE(parsed.has_value()) << notation << " parsed as " << parsed->notation();
  return error;
}

// ---- parse ------------------------------------------------------------------------------------

TEST(FieldFormatParse, XIsVariableTextUpToWidth) {
  auto format = format_of("X(30)");
  EXPECT_EQ(format.kind(), FormatKind::variable_text);
  EXPECT_EQ(format.width(), 30);
  EXPECT_EQ(format.decimals(), 0);
  EXPECT_FALSE(format.mandatory());
  EXPECT_TRUE(format.quoted_on_output());
  EXPECT_FALSE(format.is_numeric());
}

TEST(FieldFormatParse, FIsFixedText) {
  auto format = format_of("F(2)");
  EXPECT_EQ(format.kind(), FormatKind::fixed_text);
  EXPECT_EQ(format.width(), 2);
  EXPECT_TRUE(format.quoted_on_output());
}

TEST(FieldFormatParse, NIsVariableNumberWithoutDecimals) {
  auto format = format_of("N(10)");
  EXPECT_EQ(format.kind(), FormatKind::variable_number);
  EXPECT_EQ(format.width(), 10);
  EXPECT_EQ(format.decimals(), 0);
  EXPECT_FALSE(format.quoted_on_output());
  EXPECT_TRUE(format.is_numeric());
}

TEST(FieldFormatParse, NTakesDecimals) {
  auto format = format_of("N(2,1)");
  EXPECT_EQ(format.kind(), FormatKind::variable_number);
  EXPECT_EQ(format.width(), 2);
  EXPECT_EQ(format.decimals(), 1);
}

TEST(FieldFormatParse, LIsFixedNumberWithAndWithoutDecimals) {
  auto whole = format_of("L(8)");
  EXPECT_EQ(whole.kind(), FormatKind::fixed_number);
  EXPECT_EQ(whole.width(), 8);
  EXPECT_EQ(whole.decimals(), 0);
  EXPECT_TRUE(whole.is_numeric());
  auto decimal = format_of("L(5,2)");
  EXPECT_EQ(decimal.kind(), FormatKind::fixed_number);
  EXPECT_EQ(decimal.width(), 5);
  EXPECT_EQ(decimal.decimals(), 2);
}

TEST(FieldFormatParse, PlusMarksMandatory) {
  EXPECT_TRUE(format_of("X(30)+").mandatory());
  EXPECT_TRUE(format_of("F(2)+").mandatory());
  EXPECT_TRUE(format_of("N(2,1)+").mandatory());
  EXPECT_TRUE(format_of("L(8)+").mandatory());
  EXPECT_FALSE(format_of("L(8)").mandatory());
}

TEST(FieldFormatParse, AcceptsLowerCaseLetterAndSpacesAsTheSeedWritesThem) {
  // The seed writes 'X (60)' and 'x(100)' in places.
  auto spaced = format_of("X (60)");
  EXPECT_EQ(spaced.kind(), FormatKind::variable_text);
  EXPECT_EQ(spaced.width(), 60);
  auto lower = format_of("x(100)");
  EXPECT_EQ(lower.kind(), FormatKind::variable_text);
  EXPECT_EQ(lower.width(), 100);
  auto mandatory = format_of(" N( 2 , 1 ) + ");
  EXPECT_EQ(mandatory.width(), 2);
  EXPECT_EQ(mandatory.decimals(), 1);
  EXPECT_TRUE(mandatory.mandatory());
}

TEST(FieldFormatParse, NotationGivesTheCanonicalForm) {
  EXPECT_EQ(format_of("X(30)+").notation(), "X(30)+");
  EXPECT_EQ(format_of("F(2)").notation(), "F(2)");
  EXPECT_EQ(format_of("N(2,1)+").notation(), "N(2,1)+");
  EXPECT_EQ(format_of("L(5,2)").notation(), "L(5,2)");
  EXPECT_EQ(format_of("x (60)").notation(), "X(60)");
  EXPECT_EQ(format_of("N(4,0)").notation(), "N(4)");
}

TEST(FieldFormatParse, NotationRoundTrips) {
  for (std::string_view notation :
       {"X(1)", "X(2000)+", "F(3)", "F(3)+", "N(15)+", "N(3,2)", "L(8)", "L(5,2)+"}) {
    EXPECT_EQ(format_of(format_of(notation).notation()).notation(), notation);
  }
}

TEST(FieldFormatParse, RejectsBadNotation) {
  for (std::string_view notation :
       {"", " ", "+", "Q(5)", "5", "X", "X5", "X(5", "X5)", "X()", "X(a)", "X(5)x", "X(5)++",
        "X(5.5)", "X((5))", "N(3,)", "N(,1)", "N(3,1,1)", "X(99999999999)"}) {
    SCOPED_TRACE(std::string(notation));
    auto error = parse_error(notation);
    EXPECT_FALSE(error.empty());
    EXPECT_THAT(error, HasSubstr("format '"));
  }
}

TEST(FieldFormatParse, ErrorNamesTheNotationAndTheReason) {
  EXPECT_EQ(parse_error("Q(5)"), "format 'Q(5)': expected X, F, N or L");
  EXPECT_EQ(parse_error("X5"), "format 'X5': expected a width in parentheses");
  EXPECT_EQ(parse_error("X(a)"), "format 'X(a)': width must be a whole number");
  EXPECT_EQ(parse_error("N(3,a)"), "format 'N(3,a)': width and decimals must be whole numbers");
  EXPECT_EQ(parse_error(""), "format '': empty notation");
}

TEST(FieldFormatParse, RejectsZeroWidth) {
  EXPECT_THAT(parse_error("X(0)"), HasSubstr("width must be positive"));
  EXPECT_THAT(parse_error("N(0)+"), HasSubstr("width must be positive"));
  EXPECT_THAT(parse_error("L(-3)"), HasSubstr("width must be positive"));
}

TEST(FieldFormatParse, RejectsDecimalsNotFewerThanWidth) {
  EXPECT_THAT(parse_error("N(2,2)"), HasSubstr("decimals must be fewer than the width"));
  EXPECT_THAT(parse_error("L(3,4)"), HasSubstr("decimals must be fewer than the width"));
  EXPECT_THAT(parse_error("N(3,-1)"), HasSubstr("decimals must be fewer than the width"));
  EXPECT_EQ(format_of("N(2,1)").decimals(), 1);
}

TEST(FieldFormatParse, RejectsDecimalsOnTextFormats) {
  EXPECT_THAT(parse_error("X(5,1)"), HasSubstr("text formats take no decimals"));
  EXPECT_THAT(parse_error("F(5,1)+"), HasSubstr("text formats take no decimals"));
}

TEST(FieldFormatParse, NullErrorPointerIsAllowed) {
  EXPECT_FALSE(FieldFormat::parse("X(0)", nullptr).has_value());
  EXPECT_TRUE(FieldFormat::parse("X(1)", nullptr).has_value());
}

// ---- utf8_length ------------------------------------------------------------------------------

TEST(Utf8Length, CountsCodePointsNotBytes) {
  EXPECT_EQ(utf8_length(""), 0U);
  EXPECT_EQ(utf8_length("abc"), 3U);
  EXPECT_EQ(utf8_length("Si\xC3\xA2n"), 4U);           // Siân: 5 bytes
  EXPECT_EQ(utf8_length("Zo\xC3\xAB"), 3U);            // Zoë
  EXPECT_EQ(utf8_length("\xE2\x82\xAC"), 1U);          // €
  EXPECT_EQ(utf8_length("\xF0\x9F\x98\x80"), 1U);      // an emoji, 4 bytes
  EXPECT_EQ(utf8_length("R\xC3\xB3is\xC3\xADn"), 6U);  // Róisín
}

// ---- check: text ------------------------------------------------------------------------------

TEST(FieldFormatCheck, XAcceptsUpToWidth) {
  auto format = format_of("X(5)");
  EXPECT_EQ(format.check("a"), std::nullopt);
  EXPECT_EQ(format.check("abcde"), std::nullopt);  // exact length
  EXPECT_EQ(format.check(" a b "), std::nullopt);  // any character, spaces too
}

TEST(FieldFormatCheck, XRejectsOverLongValues) {
  auto format = format_of("X(5)+");
  EXPECT_EQ(format.check("abcdef"), "is 6 characters long; X(5)+ allows at most 5");
}

TEST(FieldFormatCheck, XCountsCharactersNotBytes) {
  EXPECT_EQ(format_of("X(4)").check("Si\xC3\xA2n"), std::nullopt);  // "Siân" is 4, 5 bytes
  EXPECT_EQ(format_of("X(3)").check("Si\xC3\xA2n"), "is 4 characters long; X(3) allows at most 3");
  EXPECT_EQ(format_of("X(1)").check("\xE2\x82\xAC"), std::nullopt);  // € is 3 bytes
}

TEST(FieldFormatCheck, FRequiresExactWidth) {
  auto format = format_of("F(3)");
  EXPECT_EQ(format.check("abc"), std::nullopt);
  EXPECT_EQ(format.check("ab"), "is 2 characters long; F(3) requires exactly 3");
  EXPECT_EQ(format.check("abcd"), "is 4 characters long; F(3) requires exactly 3");
  EXPECT_EQ(format_of("F(4)").check("Si\xC3\xA2n"), std::nullopt);
}

// ---- check: numbers ---------------------------------------------------------------------------

TEST(FieldFormatCheck, NAcceptsUpToWidthDigits) {
  auto format = format_of("N(4)");
  EXPECT_EQ(format.check("1"), std::nullopt);
  EXPECT_EQ(format.check("9999"), std::nullopt);
  EXPECT_EQ(format.check("0234"), std::nullopt);  // leading zeros are digits like any other
}

TEST(FieldFormatCheck, NRejectsTooManyDigits) {
  EXPECT_EQ(format_of("N(4)").check("12345"), "has 5 digits; N(4) allows at most 4");
  EXPECT_EQ(format_of("N(2,1)").check("10.5"), "has 3 digits; N(2,1) allows at most 2");
}

TEST(FieldFormatCheck, NWithDecimalsAcceptsAnOptionalPoint) {
  auto format = format_of("N(2,1)");
  EXPECT_EQ(format.check("1.0"), std::nullopt);
  EXPECT_EQ(format.check("0.6"), std::nullopt);
  EXPECT_EQ(format.check("1"), std::nullopt);
  EXPECT_EQ(format.check("10"), std::nullopt);
  auto wte = format_of("N(3,2)");
  EXPECT_EQ(wte.check("1.00"), std::nullopt);
  EXPECT_EQ(wte.check("0.6"), std::nullopt);
}

TEST(FieldFormatCheck, NRejectsTooManyDecimals) {
  EXPECT_EQ(format_of("N(3,1)").check("1.55"),
            "has 2 digits after the point; N(3,1) allows at most 1");
}

TEST(FieldFormatCheck, NRejectsDecimalPointWhereNoneAllowed) {
  EXPECT_EQ(format_of("N(4)").check("1.5"), "has a decimal point; N(4) allows whole numbers only");
  EXPECT_EQ(format_of("L(4)").check("12.5"), "has a decimal point; L(4) allows whole numbers only");
}

TEST(FieldFormatCheck, NRejectsSigns) {
  auto format = format_of("N(4)");
  const std::string reason =
      "is not a number: N(4) allows digits only (no sign, space or other character)";
  EXPECT_EQ(format.check("+1"), reason);
  EXPECT_EQ(format.check("-1"), reason);
  EXPECT_THAT(*format_of("N(3,1)").check("-1.5"), HasSubstr("and one decimal point"));
}

TEST(FieldFormatCheck, NRejectsSpaces) {
  auto format = format_of("N(4)");
  for (std::string_view value : {" 1", "1 ", "1 2", " "}) {
    SCOPED_TRACE(std::string(value));
    auto reason = format.check(value);
    ASSERT_TRUE(reason.has_value());
    EXPECT_THAT(*reason, HasSubstr("is not a number"));
  }
}

TEST(FieldFormatCheck, NRejectsEmptyFraction) {
  EXPECT_THAT(format_of("N(3,1)").check("1.").value_or(""), HasSubstr("is not a number"));
}

TEST(FieldFormatCheck, NRejectsLeadingPoint) {
  EXPECT_THAT(format_of("N(3,1)").check(".5").value_or(""), HasSubstr("is not a number"));
}

TEST(FieldFormatCheck, NRejectsLettersAndOtherNotations) {
  auto format = format_of("N(5,2)");
  for (std::string_view value : {"a", "1a", "12b", "1e3", "0x1", "1,5", "1.2.3", "\xD9\xA1"}) {
    SCOPED_TRACE(std::string(value));
    EXPECT_THAT(format.check(value).value_or(""), HasSubstr("is not a number"));
  }
}

TEST(FieldFormatCheck, LRequiresExactlyNDigits) {
  auto format = format_of("L(5)");
  EXPECT_EQ(format.check("00042"), std::nullopt);
  EXPECT_EQ(format.check("42"), "has 2 digits; L(5) requires exactly 5 (zero-padded)");
  EXPECT_EQ(format.check("123456"), "has 6 digits; L(5) requires exactly 5 (zero-padded)");
}

TEST(FieldFormatCheck, LWithDecimalsRequiresEveryDecimal) {
  auto format = format_of("L(5,2)");
  EXPECT_EQ(format.check("001.50"), std::nullopt);
  EXPECT_TRUE(format.check("01.50").has_value());   // four digits
  EXPECT_TRUE(format.check("0001.5").has_value());  // one decimal of two
  EXPECT_TRUE(format.check("00150").has_value());   // no point at all
  EXPECT_TRUE(format.check("1.500").has_value());   // three decimals
}

TEST(FieldFormatCheck, LRejectsSignsSpacesAndLetters) {
  auto format = format_of("L(3)");
  for (std::string_view value : {"+12", "-12", " 12", "12 ", "1a2"}) {
    SCOPED_TRACE(std::string(value));
    EXPECT_THAT(format.check(value).value_or(""), HasSubstr("is not a number"));
  }
}

// ---- format -----------------------------------------------------------------------------------

TEST(FieldFormatFormat, KeepsLeadingZerosOfN) {
  EXPECT_EQ(format_of("N(4)").format("0234"), "0234");
  EXPECT_EQ(format_of("N(3)").format("060"), "060");
}

TEST(FieldFormatFormat, LeavesXAndNUnchanged) {
  EXPECT_EQ(format_of("X(10)").format(" a b "), " a b ");
  EXPECT_EQ(format_of("N(3,1)").format("1.5"), "1.5");
  EXPECT_EQ(format_of("N(3,2)").format("1"), "1");
}

TEST(FieldFormatFormat, PadsFWithSpacesToItsWidthInCharacters) {
  EXPECT_EQ(format_of("F(5)").format("ab"), "ab   ");
  EXPECT_EQ(format_of("F(5)").format("abcde"), "abcde");
  EXPECT_EQ(format_of("F(5)").format("Si\xC3\xA2n"), "Si\xC3\xA2n ");  // one space, not zero
}

TEST(FieldFormatFormat, PadsLWithZeros) {
  EXPECT_EQ(format_of("L(5)").format("42"), "00042");
  EXPECT_EQ(format_of("L(5)").format("00042"), "00042");
  EXPECT_EQ(format_of("L(5,2)").format("1.5"), "001.50");
  EXPECT_EQ(format_of("L(5,2)").format("42"), "042.00");
  EXPECT_EQ(format_of("L(5,2)").format("001.50"), "001.50");
}

TEST(FieldFormatFormat, FormattedLPassesCheck) {
  auto format = format_of("L(6,2)");
  for (std::string_view value : {"1", "1.5", "12.25", "0.01", "9999.99"}) {
    SCOPED_TRACE(std::string(value));
    EXPECT_EQ(format.check(format.format(value)), std::nullopt) << format.format(value);
  }
}

TEST(FieldFormatFormat, EmptyStaysEmpty) {
  EXPECT_EQ(format_of("F(3)").format(""), "");
  EXPECT_EQ(format_of("L(5)").format(""), "");
  EXPECT_EQ(format_of("L(5,2)").format(""), "");
  EXPECT_EQ(format_of("X(3)").format(""), "");
}

}  // namespace
}  // namespace esr::spec
