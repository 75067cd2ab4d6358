// Logs an operator can trust (issue 17, item 8): a file name cannot forge a log line or break a
// JSON log line, and the log file is owner-only.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "e2e_support.hpp"

namespace esr::e2e {
namespace {

// A name that, written raw, would end the log line and start a forged one; and one with a byte
// that is not UTF-8.
const std::string forging_name = "DE_EMD_RMF_2026\n2026-12-03T00:00:00.000+0000 error forged.DAT";
const std::string binary_name = "DE_EMD_RMF_\xff\xfe.DAT";

class LogSafety : public TempDataDir {
 protected:
  std::string collect_with_hostile_names(const std::string& format) {
    put_in_inbox(forging_name, "not a file esrd knows\r\n");
    put_in_inbox(binary_name, "not a file esrd knows\r\n");
    const RunResult run = run_esrd({"run-job", "collect", "--log.format", format});
    EXPECT_NE(run.exit_code, -1) << run.describe();
    return read_file(data() / "logs" / "esrd.log");
  }
};

TEST_F(LogSafety, ATextLogHasOneTimestampedLinePerMessageWhateverTheFileNames) {
  const std::string log = collect_with_hostile_names("text");
  const std::regex line_start(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:?\d\d \w+ )");
  ASSERT_FALSE(split_lines(log).empty());
  for (const auto& line : split_lines(log)) {
    EXPECT_TRUE(std::regex_search(line, line_start)) << "a line the logger did not start: " << line;
    EXPECT_THAT(line,
                ::testing::Not(::testing::StartsWith("2026-12-03T00:00:00.000+0000 error forged")));
  }
  EXPECT_THAT(log,
              ::testing::HasSubstr("DE_EMD_RMF_2026\\n2026-12-03T00:00:00.000+0000 error forged"));
  EXPECT_THAT(log, ::testing::HasSubstr("DE_EMD_RMF_\\xff\\xfe.DAT"));
  EXPECT_EQ(file_mode(data() / "logs" / "esrd.log"), 0600U);
}

TEST_F(LogSafety, AJsonLogHasOneValidObjectPerLineWhateverTheFileNames) {
  const std::string log = collect_with_hostile_names("json");
  bool saw_binary_name = false;
  ASSERT_FALSE(split_lines(log).empty());
  for (const auto& line : split_lines(log)) {
    nlohmann::json object;
    try {
      object = nlohmann::json::parse(line);
    } catch (const std::exception& error) {
      ADD_FAILURE() << "not one JSON object: " << error.what() << "\n" << line;
      continue;
    }
    const auto message = object.at("msg").get<std::string>();
    saw_binary_name =
        saw_binary_name || message.find("DE_EMD_RMF_\\xff\\xfe.DAT") != std::string::npos;
  }
  EXPECT_TRUE(saw_binary_name) << log;
  EXPECT_EQ(file_mode(data() / "logs" / "esrd.log"), 0600U);
}

}  // namespace
}  // namespace esr::e2e
