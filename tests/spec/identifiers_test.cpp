// Professional and national identifiers: GMC, GDC and National Insurance numbers as ESR takes
// them, and the NHS Digital PractitionerRole rules of seed 003 (NMC, HCPC, GPhC, DIN, GMP).
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

// ---- seed 003: NHS Digital PractitionerRole identifier rules ---------------------------------

TEST(NormaliseGmc, TakesTheSeedsFhirForm) {
  // role-gmc: "GMC must be of the format CNNNNNNN"; the seed's example practitioner is C9876543.
  EXPECT_EQ(normalise_gmc("C9876543"), "9876543");
  EXPECT_EQ(normalise_gmc("C987654"), std::nullopt);    // CNNNNNN: one digit short
  EXPECT_EQ(normalise_gmc("C98765432"), std::nullopt);  // one digit too many
}

TEST(NormaliseNmc, AcceptsNNANNNNA) {
  // role-nmc: ^[0-9]{2}[A-Z]{1}[0-9]{4}[A-Z]{1}$
  EXPECT_EQ(normalise_nmc("12A3456B"), "12A3456B");
  EXPECT_EQ(normalise_nmc("99Z0000A"), "99Z0000A");
  EXPECT_EQ(normalise_nmc(" 12a3456b "), "12A3456B");
}

TEST(NormaliseNmc, RejectsEverythingElse) {
  for (std::string_view value : {"", "12A3456", "12A34567B", "1AA3456B", "12A3456BB", "A2A3456B",
                                 "12A345BB", "12 A3456B", "123456789", "12A3456B1", "12Ä3456B"}) {
    EXPECT_EQ(normalise_nmc(value), std::nullopt) << value;
  }
}

TEST(NormaliseHcpc, AcceptsAANNNNNN) {
  // role-hcpc: ^[A-Z]{2}[0-9]{6}$
  EXPECT_EQ(normalise_hcpc("PA123456"), "PA123456");
  EXPECT_EQ(normalise_hcpc("ph000001"), "PH000001");
  EXPECT_EQ(normalise_hcpc(" SL654321 "), "SL654321");
}

TEST(NormaliseHcpc, RejectsEverythingElse) {
  for (std::string_view value : {"", "PA12345", "PA1234567", "P1234567", "PAX23456", "12345678",
                                 "PA 123456", "PA-123456", "PA12345X"}) {
    EXPECT_EQ(normalise_hcpc(value), std::nullopt) << value;
  }
}

TEST(NormaliseGphc, AcceptsSevenDigits) {
  // role-gphc: ^[0-9]{7}$
  EXPECT_EQ(normalise_gphc("2045678"), "2045678");
  EXPECT_EQ(normalise_gphc(" 0000001 "), "0000001");
}

TEST(NormaliseGphc, RejectsEverythingElse) {
  // The seed's own search example, gphc-number|97860456, has 8 digits: it fails the seed's rule.
  for (std::string_view value : {"97860456", "", "204567", "C2045678", "20456A8", "2045 678"}) {
    EXPECT_EQ(normalise_gphc(value), std::nullopt) << value;
  }
}

TEST(NormaliseDin, AcceptsSixDigits) {
  // role-din: ^[0-9]{6}$
  EXPECT_EQ(normalise_din("123456"), "123456");
  EXPECT_EQ(normalise_din(" 000999 "), "000999");
}

TEST(NormaliseDin, RejectsEverythingElse) {
  // The seed's spurious-code example 2345213 has 7 digits: not a DIN.
  for (std::string_view value : {"2345213", "", "12345", "12345A", "G12345", "123 456"}) {
    EXPECT_EQ(normalise_din(value), std::nullopt) << value;
  }
}

TEST(NormaliseGmp, AcceptsGAndADigitOtherThanSixOrSeven) {
  // role-gmp: ^[G]{1}[01234589]{1}[0-9]{6}$
  for (std::string_view value : {"G0123456", "G1123456", "G2123456", "G3123456", "G4123456",
                                 "G5123456", "G8123456", "G9123456"}) {
    EXPECT_EQ(normalise_gmp(value), std::string(value)) << value;
  }
  EXPECT_EQ(normalise_gmp(" g8123456 "), "G8123456");
}

TEST(NormaliseGmp, RejectsSpuriousCodesAndOtherShapes) {
  // G6NNNNNN and G7NNNNNN are NHS BSA spurious codes, not GMP codes.
  for (std::string_view value : {"G6123456", "G7123456", "", "G812345", "G81234567", "C8123456",
                                 "8123456", "GG123456", "G8 23456"}) {
    EXPECT_EQ(normalise_gmp(value), std::nullopt) << value;
  }
}

TEST(NormaliseNiNumber, TakesTheInterfaceNotesExample) {
  // tis-business-rules §6: ESR's example format KY825461C.
  EXPECT_EQ(normalise_ni_number("KY825461C"), "KY825461C");
  // samples/README.md: placement 5006's AB12345 fails XX999999Y.
  EXPECT_EQ(normalise_ni_number("AB12345"), std::nullopt);
}

TEST(Identifiers, EachRuleRefusesTheOthersForms) {
  // A value of one register never passes as another's.
  EXPECT_EQ(normalise_nmc("PA123456"), std::nullopt);
  EXPECT_EQ(normalise_hcpc("12A3456B"), std::nullopt);
  EXPECT_EQ(normalise_din("2045678"), std::nullopt);
  EXPECT_EQ(normalise_gphc("123456"), std::nullopt);
  EXPECT_EQ(normalise_gmp("9876543"), std::nullopt);
  EXPECT_EQ(normalise_gmc("G8123456"), std::nullopt);
}

}  // namespace
}  // namespace esr::spec
