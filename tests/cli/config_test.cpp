// The configuration is checked whole before anything touches the disk: every value that makes no
// sense is named, and what people type in either case means the same.
#include "esr/cli/config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esr::cli {
namespace {

using ::testing::HasSubstr;

Config finished(const std::function<void(Config&)>& edit) {
  Config config;
  edit(config);
  finish_config(config);
  return config;
}

std::string problem_of(const std::function<void(Config&)>& edit) {
  return config_problem(finished(edit)).value_or("");
}

TEST(ConfigProblem, TheDefaultsAreSound) {
  EXPECT_EQ(problem_of([](Config&) {}), "");
}

TEST(ConfigProblem, LevelsFormatsAndOfficesAreReadInEitherCase) {
  const auto config = finished([](Config& c) {
    c.log_level = "INFO";
    c.log_format = "JSON";
    c.local_offices = {"emd", "Kss"};
  });
  EXPECT_EQ(config_problem(config), std::nullopt);
  EXPECT_EQ(config.log_level, "info");
  EXPECT_EQ(config.log_format, "json");
  EXPECT_EQ(config.local_offices, (std::vector<std::string>{"EMD", "KSS"}));
}

TEST(ConfigProblem, AnUnknownLogLevelIsRefusedInsteadOfSilencingTheLog) {
  EXPECT_THAT(problem_of([](Config& c) { c.log_level = "verbose"; }),
              HasSubstr("log.level: 'verbose'"));
  EXPECT_THAT(problem_of([](Config& c) { c.log_format = "xml"; }), HasSubstr("log.format: 'xml'"));
}

TEST(ConfigProblem, AMalformedOfficeCodeIsRefused) {
  EXPECT_THAT(problem_of([](Config& c) {
                c.local_offices = {"EMD", "EM1"};
              }),
              HasSubstr("offices.code: 'EM1'"));
  EXPECT_THAT(problem_of([](Config& c) { c.local_offices = {"EMDX"}; }),
              HasSubstr("offices.code: 'EMDX'"));
}

TEST(ConfigProblem, WindowsMustBeNonNegativeAndInOrder) {
  EXPECT_THAT(problem_of([](Config& c) { c.window_min_days = -1; }),
              HasSubstr("window.min_days: -1"));
  EXPECT_THAT(problem_of([](Config& c) {
                c.window_min_days = 10;
                c.window_max_days = 10;
              }),
              HasSubstr("window.max_days: 10"));
}

TEST(ConfigProblem, NoMoreApplicantsPerPositionThanTheInterfaceAllows) {
  EXPECT_THAT(problem_of([](Config& c) { c.max_applicants_per_position = 500; }),
              HasSubstr("export.max_per_position: 500"));
  EXPECT_THAT(problem_of([](Config& c) { c.max_applicants_per_position = 0; }),
              HasSubstr("export.max_per_position: 0"));
  EXPECT_EQ(problem_of([](Config& c) { c.max_applicants_per_position = 40; }), "");
}

TEST(ConfigProblem, LineEndingsAreCrlfOrLf) {
  EXPECT_THAT(problem_of([](Config& c) { c.line_ending = "cr"; }),
              HasSubstr("export.line_ending: 'cr'"));
  EXPECT_EQ(problem_of([](Config& c) { c.line_ending_app = "LF"; }), "");
}

}  // namespace
}  // namespace esr::cli
