// InstanceLock and DataDir on a temporary folder.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>

#include "esr/ops/data_dir.hpp"
#include "esr/ops/instance_lock.hpp"
#include "esr/util/fsync.hpp"
#include "support/temp_dir.hpp"

namespace esr::ops {
namespace {

namespace fs = std::filesystem;

using test_support::mode_of;
using test_support::ScopedUmask;
using test_support::TempDir;

void write_file(const fs::path& file, const std::string& content) {
  std::ofstream out(file, std::ios::binary);
  out << content;
}

class OpsPrimitives : public ::testing::Test {
 protected:
  TempDir dir_;
};

TEST_F(OpsPrimitives, InstanceLockIsExclusiveWithinTheProcess) {
  const fs::path lock_file = dir_.path() / "esrd.lock";
  std::optional<InstanceLock> first = InstanceLock::try_acquire(lock_file);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(mode_of(lock_file), 0600);
  EXPECT_EQ(lock_holder_pid(lock_file), std::optional<long>(::getpid()));

  // A second open file description, as another process would have.
  EXPECT_FALSE(InstanceLock::try_acquire(lock_file).has_value());
  EXPECT_EQ(lock_holder_pid(lock_file), std::optional<long>(::getpid())) << "pid erased";

  first.reset();
  EXPECT_EQ(lock_holder_pid(lock_file), std::nullopt);
  EXPECT_TRUE(InstanceLock::try_acquire(lock_file).has_value());
}

TEST_F(OpsPrimitives, InstanceLockIsExclusiveAcrossProcesses) {
  const fs::path lock_file = dir_.path() / "esrd.lock";
  std::optional<InstanceLock> held = InstanceLock::try_acquire(lock_file);
  ASSERT_TRUE(held.has_value());

  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // 0: refused and saw the parent's pid; 1: acquired; 2: wrong pid; 3: exception.
    int code = 3;
    try {
      const std::optional<InstanceLock> attempt = InstanceLock::try_acquire(lock_file);
      const std::optional<long> holder = lock_holder_pid(lock_file);
      code = attempt ? 1 : (holder == std::optional<long>(::getppid()) ? 0 : 2);
    } catch (...) {
    }
    ::_exit(code);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);

  // The child's refusal did not disturb the lock or the pid.
  EXPECT_EQ(lock_holder_pid(lock_file), std::optional<long>(::getpid()));
}

TEST_F(OpsPrimitives, InstanceLockFreedWhenTheHolderDies) {
  const fs::path lock_file = dir_.path() / "esrd.lock";
  std::array<int, 2> ready{};
  std::array<int, 2> release{};
  ASSERT_EQ(::pipe(ready.data()), 0);
  ASSERT_EQ(::pipe(release.data()), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::optional<InstanceLock> lock = InstanceLock::try_acquire(lock_file);
    const char answer = lock ? 'y' : 'n';
    (void)!::write(ready[1], &answer, 1);
    char ignored = 0;
    (void)!::read(release[0], &ignored, 1);
    ::_exit(0);  // without the destructor: the kernel must drop the lock
  }
  char answer = 0;
  ASSERT_EQ(::read(ready[0], &answer, 1), 1);
  ASSERT_EQ(answer, 'y');
  EXPECT_FALSE(InstanceLock::try_acquire(lock_file).has_value());
  EXPECT_EQ(lock_holder_pid(lock_file), std::optional<long>(child));
  ASSERT_EQ(::write(release[1], "x", 1), 1);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(InstanceLock::try_acquire(lock_file).has_value());
  for (const int fd : {ready[0], ready[1], release[0], release[1]}) {
    ::close(fd);
  }
}

TEST_F(OpsPrimitives, LockHolderPidOfMissingOrGarbageFile) {
  EXPECT_EQ(lock_holder_pid(dir_.path() / "missing"), std::nullopt);
  write_file(dir_.path() / "garbage", "not a pid\n");
  EXPECT_EQ(lock_holder_pid(dir_.path() / "garbage"), std::nullopt);
  write_file(dir_.path() / "negative", "-5\n");
  EXPECT_EQ(lock_holder_pid(dir_.path() / "negative"), std::nullopt);
  write_file(dir_.path() / "good", "4242\n");
  EXPECT_EQ(lock_holder_pid(dir_.path() / "good"), std::optional<long>(4242));
}

TEST_F(OpsPrimitives, DataDirPaths) {
  const DataDir data{dir_.path() / "esrd-data"};
  EXPECT_EQ(data.inbox(), data.root / "inbox");
  EXPECT_EQ(data.tis(), data.root / "tis");
  EXPECT_EQ(data.outbox(), data.root / "outbox");
  EXPECT_EQ(data.quarantine(), data.root / "quarantine");
  EXPECT_EQ(data.state(), data.root / "state");
  EXPECT_EQ(data.database(), data.root / "state" / "esrd.sqlite");
  EXPECT_EQ(data.logs(), data.root / "logs");
  EXPECT_EQ(data.archive_for(2026, 3, 7), data.root / "archive" / "2026" / "03" / "07");
  EXPECT_EQ(data.archive_for(spec::BusinessDate{2025, 12, 31}),
            data.root / "archive" / "2025" / "12" / "31");
  EXPECT_THROW((void)data.archive_for(2026, 13, 1), std::invalid_argument);
}

TEST_F(OpsPrimitives, DataDirCreatesOwnerOnlyFolders) {
  const ScopedUmask umask_zero(0);
  const DataDir data{dir_.path() / "nested" / "esrd-data"};
  data.create_layout();
  for (const fs::path& folder :
       {data.root.parent_path(), data.root, data.inbox(), data.tis(), data.outbox(), data.archive(),
        data.quarantine(), data.state(), data.logs()}) {
    ASSERT_TRUE(fs::is_directory(folder)) << folder;
    EXPECT_EQ(mode_of(folder), 0700) << folder;
  }
  EXPECT_NO_THROW(data.create_layout());  // idempotent

  create_private_directories(data.archive_for(2026, 1, 2));
  EXPECT_EQ(mode_of(data.archive() / "2026"), 0700);
  EXPECT_EQ(mode_of(data.archive() / "2026" / "01"), 0700);
  EXPECT_EQ(mode_of(data.archive_for(2026, 1, 2)), 0700);
}

TEST_F(OpsPrimitives, DataDirTightensItsOwnFoldersButNotTheDropFolders) {
  const DataDir data{dir_.path() / "esrd-data"};
  data.create_layout();
  fs::permissions(data.state(), fs::perms::group_read | fs::perms::group_exec,
                  fs::perm_options::add);
  fs::permissions(data.inbox(), fs::perms::group_all, fs::perm_options::add);
  data.create_layout();
  EXPECT_EQ(mode_of(data.state()), 0700);
  EXPECT_EQ(mode_of(data.inbox()), 0770);
}

TEST_F(OpsPrimitives, DataDirRefusesAFileWhereAFolderBelongs) {
  const DataDir data{dir_.path() / "esrd-data"};
  fs::create_directory(data.root);
  write_file(data.state(), "not a folder");
  try {
    data.create_layout();
    FAIL() << "expected ENOTDIR";
  } catch (const util::FileError& error) {
    EXPECT_EQ(error.error_number(), ENOTDIR);
    EXPECT_EQ(error.path(), data.state());
  }
}

}  // namespace
}  // namespace esr::ops
