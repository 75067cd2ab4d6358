// No outbound record can be split across lines, whatever the caller passes (issue 14 item 1):
// the rule itself, and a property test over random values through the record writer.
#include "esr/dialect/single_line.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "esr/dialect/confirmation.hpp"
#include "esr/dialect/field_splitter.hpp"
#include "esr/dialect/record_writer.hpp"
#include "esr/spec/schema_registry.hpp"

namespace esr::dialect {
namespace {

TEST(SingleLine, EachRunOfBreakingCharactersIsOneSpace) {
  EXPECT_EQ(single_line("Flat 3\r\n14 Regent Road"), "Flat 3 14 Regent Road");
  EXPECT_EQ(single_line("a\nb\rc\td"), "a b c d");
  EXPECT_EQ(single_line("a\x01\x7f"
                        "b"),
            "a b");
  EXPECT_EQ(single_line("a\xc2\x85"
                        "b"),
            "a b")
      << "NEL";
  EXPECT_EQ(single_line("a\xe2\x80\xa8"
                        "b\xe2\x80\xa9"
                        "c"),
            "a b c")
      << "U+2028, U+2029";
  EXPECT_EQ(single_line("\r\nLeicester\t"), "Leicester") << "trimmed once a run was replaced";
  EXPECT_EQ(single_line("  kept as is  "), "  kept as is  ") << "nothing to replace, no trim";
  EXPECT_EQ(single_line("Zoë Róisín Siân"), "Zoë Róisín Siân") << "other UTF-8 is text";
  std::size_t runs = 0;
  (void)single_line("a\r\nb\nc", &runs);
  EXPECT_EQ(runs, 2U);
}

TEST(SingleLine, RecognisesExactlyTheBreakingCharacters) {
  EXPECT_FALSE(has_line_breaking_characters("Medical and Dental\\"));
  EXPECT_FALSE(has_line_breaking_characters("\xe2\x80\x99"));  // a right quote, not U+2028
  EXPECT_TRUE(has_line_breaking_characters(std::string("a\0b", 3)));
  EXPECT_TRUE(has_line_breaking_characters("\x1e"));
}

// Property: random values drawn from an alphabet heavy in line breaks, quotes and commas, written
// as APP and NOT records and as confirmation lines, always give exactly one line.
TEST(SingleLine, NoRecordTheWritersProduceCanBeSplit) {
  auto schemas = spec::SchemaRegistry::load(ESRD_SOURCE_DIR "/schemas");
  const std::vector<std::string> pieces = {
      "a",  "Z", " ",    ",",    "\"",       "\r",           "\n", "\r\n",
      "\t", "~", "\x01", "\x7f", "\xc2\x85", "\xe2\x80\xa8", "é"};
  std::mt19937 random(20261203);
  auto value = [&]() {
    std::string out;
    for (int n = static_cast<int>(random() % 8); n > 0; --n)
      out += pieces[random() % pieces.size()];
    return out;
  };
  for (const char* type : {"APP", "NOTIFICATION"}) {
    const auto& record = schemas.by_name(type)->records.front();
    for (int round = 0; round < 2000; ++round) {
      std::vector<std::string> values(record.fields.size());
      for (std::size_t i = 0; i < values.size(); ++i) {
        // Text fields get anything; number fields stay numbers, as the record check ensures.
        values[i] = record.fields[i].format.quoted_on_output() ? value() : std::string();
      }
      std::string line;
      append_record(line, record, values);
      ASSERT_FALSE(has_line_breaking_characters(line)) << line;
      FieldSplitter splitter;
      ASSERT_FALSE(splitter.split(line).has_value()) << line;
      ASSERT_EQ(splitter.fields().size(), record.fields.size()) << line;
    }
  }
  for (int round = 0; round < 2000; ++round) {
    auto line = format_confirmation(1, round % 2 == 0, value(), value());
    ASSERT_FALSE(has_line_breaking_characters(line)) << line;
  }
}

}  // namespace
}  // namespace esr::dialect
