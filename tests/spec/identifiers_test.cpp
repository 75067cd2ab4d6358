// GMC, GDC and National Insurance numbers as ESR takes them.
#include "esr/spec/identifiers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace esr::spec {
namespace {

TEST(NormaliseGmc, AcceptsExactlySevenDigits) {
  EXPECT_EQ(normalise_gmc("9900102"), "9900102");
  EXPECT_EQ(normalise_gmc("0000001"), "0000001");
  EXPECT_EQ(normalise_gmc(" 9900102 "), "9900102");
}

TEST(NormaliseGmc, DropsTheCPrefix) {
  EXPECT_EQ(normalise_gmc("C9900102"), "9900102");
  EXPECT_EQ(normalise_gmc("c9900102"), "9900102");
}

TEST(NormaliseGmc, RejectsEverythingElse) {
  for (std::string_view value : {"", "UNKNOWN", "N/A", "990010", "99001020", "CC9900102",
                                 "C 9900102", "99O0102", "G9900102", "-990010", "9900 102"}) {
    EXPECT_EQ(normalise_gmc(value), std::nullopt) << value;
  }
}

TEST(NormaliseGdc, AcceptsOneToSixDigits) {
  EXPECT_EQ(normalise_gdc("1"), "1");
  EXPECT_EQ(normalise_gdc("123456"), "123456");
  EXPECT_EQ(normalise_gdc(" 012345 "), "012345");
}

TEST(NormaliseGdc, RejectsEverythingElse) {
  for (std::string_view value : {"", " ", "1234567", "12a456", "UNKNOWN", "D12345", "12 34"}) {
    EXPECT_EQ(normalise_gdc(value), std::nullopt) << value;
  }
}

TEST(NormaliseNiNumber, AcceptsTheStandardForm) {
  EXPECT_EQ(normalise_ni_number("AB123456C"), "AB123456C");
  EXPECT_EQ(normalise_ni_number("JZ100102B"), "JZ100102B");  // the samples' made-up prefix
  for (char suffix : {'A', 'B', 'C', 'D'}) {
    std::string value = "AB123456";
    value += suffix;
    EXPECT_EQ(normalise_ni_number(value), value);
  }
}

TEST(NormaliseNiNumber, IgnoresSpacesAndUpperCases) {
  EXPECT_EQ(normalise_ni_number("ab 12 34 56 c"), "AB123456C");
  EXPECT_EQ(normalise_ni_number(" Ab123456c "), "AB123456C");
}

TEST(NormaliseNiNumber, RejectsTheWrongShape) {
  for (std::string_view value :
       {"", "AB12345", "AB12345C", "AB1234567C", "AB123456", "A1123456C", "1B123456C", "AB12345XC",
        "AB123456E", "AB1234567", "AB-123456C"}) {
    EXPECT_EQ(normalise_ni_number(value), std::nullopt) << value;
  }
}

TEST(NormaliseNiNumber, RejectsLettersNeverUsedInThePrefix) {
  for (char letter : {'D', 'F', 'I', 'Q', 'U', 'V'}) {
    std::string first = std::string(1, letter) + "A123456A";
    std::string second = std::string("A") + letter + "123456A";
    EXPECT_EQ(normalise_ni_number(first), std::nullopt) << first;
    EXPECT_EQ(normalise_ni_number(second), std::nullopt) << second;
  }
  EXPECT_EQ(normalise_ni_number("AO123456A"), std::nullopt);  // O never second
  EXPECT_EQ(normalise_ni_number("OA123456A"), "OA123456A");   // but allowed first
  EXPECT_EQ(normalise_ni_number("QQ123456C"), std::nullopt);  // the never-issued test prefix
}

TEST(NormaliseNiNumber, RejectsBarredPrefixes) {
  for (std::string_view prefix : {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}) {
    std::string value = std::string(prefix) + "123456A";
    EXPECT_EQ(normalise_ni_number(value), std::nullopt) << value;
  }
}

}  // namespace
}  // namespace esr::spec
