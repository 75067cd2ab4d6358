#include "esr/schedule/duration.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

namespace esr::schedule {
namespace {

using ::testing::HasSubstr;

std::string duration_error(std::string_view text) {
  std::string error;
  EXPECT_FALSE(parse_duration(text, &error).has_value()) << "\"" << text << "\" was accepted";
  return error;
}

TEST(ParseDuration, AcceptsEachUnit) {
  EXPECT_EQ(parse_duration("30s", nullptr), std::chrono::seconds{30});
  EXPECT_EQ(parse_duration("90m", nullptr), std::chrono::minutes{90});
  EXPECT_EQ(parse_duration("6h", nullptr), std::chrono::hours{6});
  EXPECT_EQ(parse_duration("1d", nullptr), std::chrono::hours{24});
}

TEST(ParseDuration, AcceptsZeroAndLeadingZeros) {
  EXPECT_EQ(parse_duration("0s", nullptr), std::chrono::seconds{0});
  EXPECT_EQ(parse_duration("007m", nullptr), std::chrono::minutes{7});
}

TEST(ParseDurationError, EmptyTextIsRejected) {
  EXPECT_THAT(duration_error(""), HasSubstr("duration is empty"));
}

TEST(ParseDurationError, MissingNumberIsRejected) {
  EXPECT_THAT(duration_error("h"), HasSubstr("duration \"h\" does not start with a number"));
  EXPECT_THAT(duration_error("-5m"), HasSubstr("does not start with a number"));
  EXPECT_THAT(duration_error(" 6h"), HasSubstr("does not start with a number"));
}

TEST(ParseDurationError, MissingUnitIsRejected) {
  EXPECT_EQ(duration_error("6"), "duration \"6\" has no unit; add s, m, h or d");
}

TEST(ParseDurationError, UnknownOrCompoundUnitIsRejected) {
  EXPECT_THAT(duration_error("6x"), HasSubstr("unknown unit \"x\""));
  EXPECT_THAT(duration_error("6H"), HasSubstr("unknown unit \"H\""));
  EXPECT_THAT(duration_error("1h30m"), HasSubstr("unknown unit \"h30m\""));
  EXPECT_THAT(duration_error("6 h"), HasSubstr("unknown unit \" h\""));
  EXPECT_THAT(duration_error("1.5h"), HasSubstr("unknown unit \".5h\""));
  EXPECT_THAT(duration_error("6hours"), HasSubstr("unknown unit \"hours\""));
}

TEST(ParseDurationError, TooLargeIsRejectedNotWrapped) {
  EXPECT_THAT(duration_error("99999999999999999999s"), HasSubstr("is too large"));
  EXPECT_THAT(duration_error("999999999999999d"), HasSubstr("is too large"));
}

TEST(ParseDurationError, NullErrorPointerIsAllowed) {
  EXPECT_FALSE(parse_duration("bad", nullptr).has_value());
}

}  // namespace
}  // namespace esr::schedule
