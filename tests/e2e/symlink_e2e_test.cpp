// Symbolic links are never followed (issue 17, item 1): a link in inbox/ or tis/ could hand esrd
// any file it can read (its own database, with trainees' names and NI numbers) to parse, echo to
// ESR in an RTC, archive and chmod. Links are left where they are, with one warning line; one
// given by hand is refused with exit 2.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "e2e_support.hpp"

namespace esr::e2e {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class Symlinks : public TempDataDir {
 protected:
  [[nodiscard]] std::string log() const {
    std::ifstream in(data() / "logs" / "esrd.log");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
};

constexpr const char* kRmf = "DE_EMD_RMF_20261123_00004101.DAT";

TEST_F(Symlinks, ALinkInTheInboxIsLeftThereUnreadWithAWarning) {
  // A real RMF beside it is applied as ever: the link does not stop the collect.
  copy_sample_to_inbox(std::string("day1/inbox/") + kRmf);
  // The state exists, so the link has a database to point at.
  expect_ok(
      {"replay", (fs::path(ESRD_SOURCE_DIR) / "samples/day1/inbox/DE_KSS_RMF_20261123_00004102.DAT")
                     .string()});
  const auto secret = work() / "secret.txt";
  fs::create_directories(work());
  { std::ofstream(secret) << "\"POR\",1,,\"C\",41000000,\"a name\"\r\n"; }
  ::chmod(secret.c_str(), 0644);
  fs::create_symlink(database(), inbox() / "DE_EMD_RMC_20261123_00004102.DAT");
  fs::create_symlink(secret, inbox() / "DE_EMD_RMC_20261123_00004103.DAT");

  auto run = run_esrd({"run-job", "collect", "--date", "2026-11-23"});
  ASSERT_EQ(run.exit_code, 0) << run.describe();
  EXPECT_THAT(run.out, HasSubstr("applied=1")) << run.describe();
  EXPECT_THAT(inbox_files(),
              ElementsAre("DE_EMD_RMC_20261123_00004102.DAT", "DE_EMD_RMC_20261123_00004103.DAT"));
  EXPECT_TRUE(fs::is_symlink(inbox() / "DE_EMD_RMC_20261123_00004102.DAT"));
  EXPECT_THAT(quarantine_files(), IsEmpty());
  EXPECT_THAT(log(), HasSubstr("inbox_entry=DE_EMD_RMC_20261123_00004103.DAT skipped=\"a "
                               "symbolic link"));
  struct stat target {};
  ASSERT_EQ(::stat(secret.c_str(), &target), 0);
  EXPECT_EQ(target.st_mode & 0777, 0644U) << "never chmod through a link";

  expect_ok({"run-job", "export", "--date", "2026-11-23"});
  auto rtc = outbox_file("DE_EMD_RTC_");
  ASSERT_FALSE(rtc.empty());
  std::ifstream in(outbox() / rtc);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_THAT(text.str(), ::testing::Not(HasSubstr("a name")));
  EXPECT_THAT(outbox_files(), ::testing::Each(::testing::Not(HasSubstr("00004102"))));
}

TEST_F(Symlinks, ALinkInTheTisFolderIsNotImported) {
  fs::create_directories(data() / "tis");
  fs::copy_file(fs::path(ESRD_SOURCE_DIR) / "samples/day1/tis/posts_20261123.csv",
                data() / "tis" / "posts_20261123.csv");
  fs::create_symlink(fs::path(ESRD_SOURCE_DIR) / "samples/day1/tis/placements_20261123.csv",
                     data() / "tis" / "placements_20261123.csv");
  auto run = run_esrd({"run-job", "export", "--date", "2026-11-23"});
  ASSERT_EQ(run.exit_code, 0) << run.describe();
  EXPECT_TRUE(fs::is_symlink(data() / "tis" / "placements_20261123.csv"));
  EXPECT_THAT(log(), HasSubstr("tis_entry=placements_20261123.csv skipped=\"a symbolic link"));
  EXPECT_THAT(log(), HasSubstr("posts_20261123.csv")) << "the real file beside it is imported";
}

TEST_F(Symlinks, ALinkGivenByHandIsRefusedWithExitTwo) {
  fs::create_directories(work());
  const auto link = work() / kRmf;
  fs::create_symlink(fs::path(ESRD_SOURCE_DIR) / "samples/day1/inbox" / kRmf, link);
  auto replay = run_esrd({"replay", link.string()});
  EXPECT_EQ(replay.exit_code, 2) << replay.describe();
  EXPECT_THAT(replay.err, HasSubstr(":0:file: a symbolic link, which esrd does not follow"))
      << replay.describe();
  const auto tis_link = work() / "placements_20261123.csv";
  fs::create_symlink(fs::path(ESRD_SOURCE_DIR) / "samples/day1/tis/placements_20261123.csv",
                     tis_link);
  auto import = run_esrd({"import-tis", tis_link.string(), "--date", "2026-11-23"});
  EXPECT_EQ(import.exit_code, 2) << import.describe();
  EXPECT_THAT(import.err, HasSubstr("a symbolic link")) << import.describe();
}

TEST_F(Symlinks, AFifoGivenToImportTisIsRefusedInsteadOfHanging) {
  fs::create_directories(work());
  const auto fifo = work() / "placements_20261123.csv";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto import = run_esrd({"import-tis", fifo.string(), "--date", "2026-11-23"});
  EXPECT_EQ(import.exit_code, 2) << import.describe();
  EXPECT_THAT(import.err, HasSubstr(":0:file: not a readable regular file")) << import.describe();
}

}  // namespace
}  // namespace esr::e2e
