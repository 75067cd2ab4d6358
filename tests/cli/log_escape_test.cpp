// What a log line may hold: append_log_escaped keeps every message on one line, valid UTF-8, and
// in JSON a valid string body.
#include "esr/cli/log_escape.hpp"

#include <gtest/gtest.h>

#include <string>

namespace esr::cli {
namespace {

std::string escaped(std::string_view message, LogFormat format) {
  std::string out;
  append_log_escaped(message, format, out);
  return out;
}

TEST(LogEscape, PlainTextAndWellFormedUtf8PassUnchanged) {
  const std::string message = "file=DE_EMD_RMF_20261123_00004101.DAT name=Brontë’s – ok";
  EXPECT_EQ(escaped(message, LogFormat::text), message);
  EXPECT_EQ(escaped(message, LogFormat::json), message);
}

TEST(LogEscape, ALineBreakCannotForgeALogLine) {
  const std::string forged = "file=A\n2026-12-03T00:00:00.000+0000 error forged\r\tx";
  EXPECT_EQ(escaped(forged, LogFormat::text),
            "file=A\\n2026-12-03T00:00:00.000+0000 error forged\\r\\tx");
  EXPECT_EQ(escaped(forged, LogFormat::json),
            "file=A\\n2026-12-03T00:00:00.000+0000 error forged\\r\\tx");
}

TEST(LogEscape, OtherControlCharactersAreEscaped) {
  const std::string message = std::string("a") + '\x01' + "b" + '\x1b' + "[31mred" + '\x7f';
  EXPECT_EQ(escaped(message, LogFormat::text), "a\\x01b\\x1b[31mred\\x7f");
  EXPECT_EQ(escaped(message, LogFormat::json), "a\\u0001b\\u001b[31mred\\u007f");
}

TEST(LogEscape, BytesThatAreNotUtf8BecomeHexInBothFormats) {
  // A lone 0xff, a truncated sequence, an overlong encoding of '/', a surrogate.
  const std::string message =
      "a\xff"
      "b\xc3"
      "c\xc0\xaf"
      "d\xed\xa0\x80"
      "e";
  EXPECT_EQ(escaped(message, LogFormat::text), "a\\xffb\\xc3c\\xc0\\xafd\\xed\\xa0\\x80e");
  EXPECT_EQ(escaped(message, LogFormat::json),
            "a\\\\xffb\\\\xc3c\\\\xc0\\\\xafd\\\\xed\\\\xa0\\\\x80e");
}

TEST(LogEscape, QuotesAndBackslashesAreEscapedOnlyInJson) {
  const std::string message = R"(value="Medical and Dental\")";
  EXPECT_EQ(escaped(message, LogFormat::text), message);
  EXPECT_EQ(escaped(message, LogFormat::json), R"(value=\"Medical and Dental\\\")");
}

TEST(LogEscape, AppendsToWhatIsThere) {
  std::string out = "prefix ";
  append_log_escaped("x\n", LogFormat::text, out);
  EXPECT_EQ(out, "prefix x\\n");
}

}  // namespace
}  // namespace esr::cli
