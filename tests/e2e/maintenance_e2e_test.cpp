// esrd check and esrd backup (DESIGN §5) on a real data directory: a sound state says so, a
// tampered or unknown archive file is named, and a backup is a complete, separate database.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "e2e_support.hpp"
#include "esr/db/database.hpp"

namespace esr::e2e {
namespace {

using ::testing::HasSubstr;

class Maintenance : public TempDataDir {
 protected:
  void SetUp() override {
    TempDataDir::SetUp();
    copy_sample_to_inbox(std::string("day1/inbox/") + emd_rmf);
    fs::create_directories(data() / "tis");
    for (const auto& name : list_names(samples_dir() / "day1" / "tis"))
      fs::copy_file(samples_dir() / "day1" / "tis" / name, data() / "tis" / name);
    for (const char* job : {"collect", "export"}) {
      auto result = run_esrd({"run-job", job, "--date", "2026-11-23"});
      ASSERT_EQ(result.exit_code, 0) << result.describe();
    }
  }
  [[nodiscard]] fs::path archived(const std::string& prefix) const {
    for (const auto& name : archive_files()) {
      if (fs::path(name).filename().string().starts_with(prefix)) return archive() / name;
    }
    ADD_FAILURE() << "nothing archived as " << prefix;
    return {};
  }
};

TEST_F(Maintenance, CheckSaysASoundStateIsSound) {
  auto check = run_esrd({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();
  EXPECT_THAT(check.out, HasSubstr("database integrity ok, 2 sent file(s) against the archive"));
  EXPECT_THAT(check.out, HasSubstr(": sound"));
}

TEST_F(Maintenance, CheckNamesAnArchiveCopyThatDiffersAndAFileTheLedgerDoesNotKnow) {
  auto app = archived("DE_EMD_APP_20261123_");
  write_file(app, read_file(app) + "extra\r\n");
  write_file(archive() / "2026" / "11" / "23" / "stray.DAT", "who put this here\r\n");
  auto check = run_esrd({"check"});
  EXPECT_EQ(check.exit_code, 1) << check.describe();
  EXPECT_THAT(check.out, HasSubstr("archive: " + app.string() +
                                   " differs from the file the ledger says was sent (SHA-256)"));
  EXPECT_THAT(check.out, HasSubstr("stray.DAT is not in the ledger"));
  EXPECT_THAT(check.out, HasSubstr("3 problem(s)"));
}

TEST_F(Maintenance, BackupWritesACompleteSeparateDatabaseAndNeverOverwrites) {
  fs::create_directories(work());
  auto backup = run_esrd({"backup", work().string()});
  ASSERT_EQ(backup.exit_code, 0) << backup.describe();
  auto names = list_names(work());
  ASSERT_EQ(names.size(), 1U);
  EXPECT_THAT(names[0], ::testing::MatchesRegex("esrd-[0-9]{8}T[0-9]{6}Z\\.sqlite"));
  EXPECT_EQ(file_mode(work() / names[0]), 0600U);
  {
    auto copy = db::Database::open(work() / names[0]);
    auto positions = copy.prepare("SELECT count(*) FROM positions");
    ASSERT_TRUE(positions.step());
    EXPECT_EQ(positions.column_int64(0), 9);
  }
  auto again = run_esrd({"backup", (work() / names[0]).string()});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.err, HasSubstr("already exists"));
}

TEST_F(Maintenance, BackupOfADataDirectoryWithoutStateIsAnError) {
  RunOptions empty;
  empty.data_dir = root() / "nothing-here";
  auto backup = run_esrd({"backup", work().string()}, empty);
  EXPECT_EQ(backup.exit_code, 2);
  EXPECT_THAT(backup.err, HasSubstr("no state at"));
}

}  // namespace
}  // namespace esr::e2e
