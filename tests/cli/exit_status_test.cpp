// Every way a command stops maps to the exit status of DESIGN §5 in one place: input that breaks
// a rule is 1; usage, configuration and the environment (files, database, schemas) are 2.
#include <gtest/gtest.h>

#include "esr/cli/command_error.hpp"
#include "esr/db/store_error.hpp"
#include "esr/spec/schema_registry.hpp"
#include "esr/util/fsync.hpp"

namespace esr::cli {
namespace {

TEST(ExitStatus, InputThatBreaksARuleIsRejectedAndSaysFileLineFieldAndRule) {
  auto error = CommandError::input({"ids.txt", 3, "placement_id", "one placement id per line"});
  EXPECT_EQ(exit_status_of(error), ExitCode::rejected);
  EXPECT_STREQ(error.what(), "ids.txt:3:placement_id: one placement id per line");
}

TEST(ExitStatus, UsageAndEnvironmentAreTwo) {
  EXPECT_EQ(exit_status_of(CommandError::usage("esrd export: --type must be APP")),
            ExitCode::usage);
  EXPECT_EQ(exit_status_of(CommandError::environment("esrd trace: no state at x")),
            ExitCode::usage);
}

TEST(ExitStatus, AFileThatCannotBeReadIsTheEnvironmentsSaidAsAProblem) {
  auto error = CommandError::unreadable({"RMF.DAT", 0, "file", "not a readable regular file"});
  EXPECT_EQ(error.kind(), CommandError::Kind::environment);
  EXPECT_EQ(exit_status_of(error), ExitCode::usage) << "nothing was read, so nothing rejected";
  EXPECT_STREQ(error.what(), "RMF.DAT:0:file: not a readable regular file");
}

TEST(ExitStatus, EveryOtherFailureIsTheEnvironments) {
  EXPECT_EQ(exit_status_of(db::StoreError("database is locked", "SELECT 1", 5)), ExitCode::usage);
  EXPECT_EQ(exit_status_of(util::FileError("cannot write", "/data/outbox/x", 28)), ExitCode::usage);
  EXPECT_EQ(exit_status_of(spec::SchemaError("no schema reads APP files")), ExitCode::usage);
  EXPECT_EQ(exit_status_of(std::runtime_error("unforeseen")), ExitCode::usage);
}

TEST(ExitStatus, ReportFailureReturnsTheSameStatusItMaps) {
  testing::internal::CaptureStderr();
  auto status = report_failure(CommandError::input({"f", 1, "x", "rule"}));
  auto said = testing::internal::GetCapturedStderr();
  EXPECT_EQ(status, ExitCode::rejected);
  EXPECT_EQ(said, "f:1:x: rule\n") << "a CommandError is shown as it is worded";
  testing::internal::CaptureStderr();
  status = report_failure(spec::SchemaError("bad"));
  said = testing::internal::GetCapturedStderr();
  EXPECT_EQ(status, ExitCode::usage);
  EXPECT_EQ(said, "esrd: schema error: bad\n");
}

}  // namespace
}  // namespace esr::cli
