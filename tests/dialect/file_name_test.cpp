// Interface file names DE_<LO>_<TYPE>_<YYYYMMDD>_<SEQ>.DAT: parsing, every error, writing.
#include "esr/dialect/file_name.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace esr::dialect {
namespace {

using ::testing::HasSubstr;

FileName parse(std::string_view name) {
  std::string error;
  auto parsed = FileName::parse(name, &error);
  EXPECT_TRUE(parsed.has_value()) << name << ": " << error;
  return parsed.value_or(FileName{});
}

std::string parse_error(std::string_view name) {
  std::string error;
  auto parsed = FileName::parse(name, &error);
  EXPECT_FALSE(parsed.has_value()) << name << " was accepted";
  return error;
}

TEST(FileName, ParsesAValidName) {
  auto name = parse("DE_EMD_APP_20210727_00003754.DAT");
  EXPECT_EQ(name.local_office, "EMD");
  EXPECT_EQ(name.type, "APP");
  EXPECT_EQ(name.date, (spec::BusinessDate{2021, 7, 27}));
  EXPECT_EQ(name.sequence, 3754U);
}

TEST(FileName, ParsesEveryFileType) {
  for (std::string_view type : {"RMF", "RMC", "APC", "DCC", "APP", "DNF", "DNC", "RTC"}) {
    auto name = parse("DE_KSS_" + std::string(type) + "_20261123_00000001.DAT");
    EXPECT_EQ(name.type, type);
  }
}

TEST(FileName, AcceptsAnyThreeLetterOffice) {
  // Whether the office is configured is the caller's check.
  EXPECT_EQ(parse("DE_ZZZ_RMF_20261123_00004101.DAT").local_office, "ZZZ");
}

TEST(FileName, ReadsTheWholeSequenceRange) {
  EXPECT_EQ(parse("DE_EMD_RMF_20261123_00000000.DAT").sequence, 0U);
  EXPECT_EQ(parse("DE_EMD_RMF_20261123_99999999.DAT").sequence, 99999999U);
}

TEST(FileName, StrWritesTheNameWithAnEightDigitSequence) {
  FileName name{"KSS", "RTC", spec::BusinessDate{2026, 11, 24}, 5};
  EXPECT_EQ(name.str(), "DE_KSS_RTC_20261124_00000005.DAT");
}

TEST(FileName, StrRoundTrips) {
  for (std::string_view text :
       {"DE_EMD_APP_20210727_00003754.DAT", "DE_KSS_RMF_20261123_00004102.DAT",
        "DE_WES_DNC_20240229_00000001.DAT", "DE_NWN_DCC_20261231_99999999.DAT"}) {
    EXPECT_EQ(parse(text).str(), text);
  }
}

TEST(FileName, ErrorSaysWhatTheNameShouldBe) {
  EXPECT_EQ(parse_error("XX_EMD_APP_20210727_00003754.DAT"),
            "file name 'XX_EMD_APP_20210727_00003754.DAT' does not match "
            "DE_<LO>_<TYPE>_<YYYYMMDD>_<SEQ>.DAT: it must start with DE_");
}

TEST(FileName, RejectsAWrongPrefix) {
  for (std::string_view name :
       {"XX_EMD_APP_20210727_00003754.DAT", "de_EMD_APP_20210727_00003754.DAT",
        "EMD_APP_20210727_00003754.DAT", "", "DE", "inbox/DE_EMD_APP_20210727_00003754.DAT"}) {
    EXPECT_THAT(parse_error(name), HasSubstr("it must start with DE_")) << name;
  }
}

TEST(FileName, RejectsAWrongSuffix) {
  for (std::string_view name :
       {"DE_EMD_APP_20210727_00003754.dat", "DE_EMD_APP_20210727_00003754.TXT",
        "DE_EMD_APP_20210727_00003754", "DE_EMD_APP_20210727_00003754.DAT.tmp", "DE_"}) {
    EXPECT_THAT(parse_error(name), HasSubstr("it must end with .DAT")) << name;
  }
}

TEST(FileName, RejectsALowerCaseOffice) {
  EXPECT_THAT(parse_error("DE_emd_APP_20210727_00003754.DAT"),
              HasSubstr("the local office must be three capital letters"));
  EXPECT_THAT(parse_error("DE_Emd_APP_20210727_00003754.DAT"),
              HasSubstr("the local office must be three capital letters"));
}

TEST(FileName, RejectsAnOfficeOfTwoOrFourLetters) {
  EXPECT_THAT(parse_error("DE_EM_APP_20210727_00003754.DAT"),
              HasSubstr("the local office must be three capital letters"));
  EXPECT_THAT(parse_error("DE_EMDX_APP_20210727_00003754.DAT"),
              HasSubstr("the local office must be three capital letters"));
  EXPECT_THAT(parse_error("DE_E1D_APP_20210727_00003754.DAT"),
              HasSubstr("the local office must be three capital letters"));
}

TEST(FileName, RejectsAnUnknownType) {
  for (std::string_view name :
       {"DE_EMD_XYZ_20210727_00003754.DAT", "DE_EMD_app_20210727_00003754.DAT",
        "DE_EMD_RMT_20210727_00003754.DAT", "DE_EMD_APPX_20210727_00003754.DAT"}) {
    EXPECT_THAT(parse_error(name),
                HasSubstr("the type must be one of RMF RMC APC DCC APP DNF DNC RTC"))
        << name;
  }
}

TEST(FileName, RejectsAnImpossibleDate) {
  for (std::string_view name :
       {"DE_EMD_APP_20260230_00003754.DAT", "DE_EMD_APP_20251301_00003754.DAT",
        "DE_EMD_APP_2026023_00003754.DAT", "DE_EMD_APP_2026-02-03_00003754.DAT",
        "DE_EMD_APP_00000101_00003754.DAT"}) {
    EXPECT_THAT(parse_error(name), HasSubstr("the date must be a real date YYYYMMDD")) << name;
  }
}

TEST(FileName, RejectsASequenceThatIsNotEightDigits) {
  for (std::string_view name :
       {"DE_EMD_APP_20210727_0003754.DAT", "DE_EMD_APP_20210727_000037540.DAT",
        "DE_EMD_APP_20210727_0000375a.DAT", "DE_EMD_APP_20210727_.DAT",
        "DE_EMD_APP_20210727_+0003754.DAT"}) {
    EXPECT_THAT(parse_error(name), HasSubstr("the sequence must be 8 digits")) << name;
  }
}

TEST(FileName, RejectsExtraOrMissingParts) {
  EXPECT_THAT(parse_error("DE_EMD_APP_20210727_00003754_X.DAT"),
              HasSubstr("it has too many parts separated by _"));
  EXPECT_THAT(parse_error("DE_EMD_APP_20210727.DAT"),
              HasSubstr("it must have five parts separated by _"));
  EXPECT_THAT(parse_error("DE_.DAT"), HasSubstr("it must have five parts separated by _"));
}

TEST(FileName, NullErrorPointerIsAllowed) {
  EXPECT_FALSE(FileName::parse("nonsense", nullptr).has_value());
  EXPECT_TRUE(FileName::parse("DE_EMD_APP_20210727_00003754.DAT", nullptr).has_value());
}

TEST(FileName, InboundAndOutboundTypes) {
  for (std::string_view type : {"RMF", "RMC", "APC", "DCC"}) {
    EXPECT_TRUE(is_inbound_type(type)) << type;
    EXPECT_FALSE(is_outbound_type(type)) << type;
  }
  for (std::string_view type : {"APP", "DNF", "DNC", "RTC"}) {
    EXPECT_TRUE(is_outbound_type(type)) << type;
    EXPECT_FALSE(is_inbound_type(type)) << type;
  }
  EXPECT_FALSE(is_inbound_type("XYZ"));
  EXPECT_FALSE(is_outbound_type(""));
}

}  // namespace
}  // namespace esr::dialect
