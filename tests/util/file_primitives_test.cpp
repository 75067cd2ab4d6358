// AtomicFile, durable rename and copy, fsync of a folder and SHA-256 on a temporary folder.
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

#include "esr/util/atomic_file.hpp"
#include "esr/util/fsync.hpp"
#include "esr/util/sha256.hpp"
#include "support/temp_dir.hpp"

namespace esr::util {
namespace {

namespace fs = std::filesystem;

using test_support::mode_of;
using test_support::ScopedUmask;
using test_support::TempDir;

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const fs::path& file, const std::string& content) {
  std::ofstream out(file, std::ios::binary);
  out << content;
}

std::size_t count_entries(const fs::path& folder) {
  return static_cast<std::size_t>(
      std::distance(fs::directory_iterator(folder), fs::directory_iterator()));
}

class FilePrimitives : public ::testing::Test {
 protected:
  TempDir dir_;
};

TEST_F(FilePrimitives, AtomicFileIsInvisibleBeforeCommit) {
  const fs::path target = dir_.path() / "APP_001.DAT";
  AtomicFile file(target);
  file.write("first line\n");
  EXPECT_FALSE(fs::exists(target));
  EXPECT_TRUE(fs::exists(file.temporary_path()));
  EXPECT_EQ(file.temporary_path().parent_path(), dir_.path());
  EXPECT_EQ(file.temporary_path().filename().string(),
            ".APP_001.DAT.tmp." + std::to_string(::getpid()));
  EXPECT_EQ(file.final_path(), target);
  EXPECT_EQ(file.bytes_written(), 11U);
}

TEST_F(FilePrimitives, AtomicFileTemporaryRemovedWithoutCommit) {
  const fs::path target = dir_.path() / "out.DAT";
  fs::path temporary;
  {
    AtomicFile file(target);
    temporary = file.temporary_path();
    file.write(std::string(200'000, 'x'));
    ASSERT_TRUE(fs::exists(temporary));
  }
  EXPECT_FALSE(fs::exists(temporary));
  EXPECT_FALSE(fs::exists(target));
  EXPECT_EQ(count_entries(dir_.path()), 0U);
}

TEST_F(FilePrimitives, AtomicFileCommitPublishesContentWithOwnerOnlyMode) {
  const ScopedUmask umask_zero(0);
  const fs::path target = dir_.path() / "out.DAT";
  std::string expected;
  {
    AtomicFile file(target);
    EXPECT_EQ(mode_of(file.temporary_path()), 0600);
    // Small writes into the buffer, one larger than the buffer, odd sizes across its edge.
    for (int i = 0; i < 5000; ++i) {
      const std::string line = "line " + std::to_string(i) + "\n";
      file.write(line);
      expected += line;
    }
    const std::string big(300'001, 'b');
    file.write(big);
    expected += big;
    file.write("");
    file.write("end");
    expected += "end";
    EXPECT_EQ(file.bytes_written(), expected.size());
    file.commit();
    EXPECT_TRUE(file.committed());
  }
  EXPECT_EQ(read_file(target), expected);
  EXPECT_EQ(mode_of(target), 0600);
  EXPECT_EQ(count_entries(dir_.path()), 1U) << "temporary left behind";
}

TEST_F(FilePrimitives, AtomicFileAppliesTheRequestedMode) {
  const ScopedUmask strict(0077);
  const fs::path target = dir_.path() / "public.txt";
  AtomicFile file(target, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  file.write("x");
  file.commit();
  EXPECT_EQ(mode_of(target), 0640);
}

TEST_F(FilePrimitives, AtomicFileRefusesToOverwriteAnExistingFile) {
  const fs::path target = dir_.path() / "taken.DAT";
  write_file(target, "original");
  fs::path temporary;
  {
    AtomicFile file(target);
    temporary = file.temporary_path();
    file.write("replacement");
    try {
      file.commit();
      FAIL() << "expected EEXIST";
    } catch (const FileError& error) {
      EXPECT_EQ(error.error_number(), EEXIST);
      EXPECT_EQ(error.path(), target);
      EXPECT_NE(std::string(error.what()).find(target.string()), std::string::npos) << error.what();
    }
    EXPECT_FALSE(file.committed());
    EXPECT_THROW(file.write("more"), FileError);  // spent after a failure
  }
  EXPECT_EQ(read_file(target), "original");
  EXPECT_FALSE(fs::exists(temporary));
}

TEST_F(FilePrimitives, AtomicFileTwoWritersForOneNameGetDistinctTemporaries) {
  const fs::path target = dir_.path() / "same.DAT";
  AtomicFile first(target);
  AtomicFile second(target);
  EXPECT_NE(first.temporary_path(), second.temporary_path());
  first.write("first");
  second.write("second");
  first.commit();
  EXPECT_THROW(second.commit(), FileError);
  EXPECT_EQ(read_file(target), "first");
}

TEST_F(FilePrimitives, AtomicFileMoveTransfersOwnership) {
  const fs::path target = dir_.path() / "moved.DAT";
  AtomicFile original(target);
  original.write("abc");
  AtomicFile moved(std::move(original));
  moved.write("def");
  moved.commit();
  EXPECT_EQ(read_file(target), "abcdef");
}

TEST_F(FilePrimitives, AtomicFileInAMissingFolderThrows) {
  EXPECT_THROW(AtomicFile(dir_.path() / "missing" / "x.DAT"), FileError);
}

TEST_F(FilePrimitives, AnAbandonedWriterLeavesOnlyItsTemporary) {
  const fs::path target = dir_.path() / "crash.DAT";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    AtomicFile file(target);
    file.write("half");
    ::_exit(0);  // dies without destructors, as a crash would
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_EQ(count_entries(dir_.path()), 1U);
  EXPECT_FALSE(fs::exists(target));
}

TEST_F(FilePrimitives, DurableRenameMovesAndNeverOverwrites) {
  const fs::path inbox = dir_.path() / "inbox";
  const fs::path archive = dir_.path() / "archive";
  fs::create_directory(inbox);
  fs::create_directory(archive);
  write_file(inbox / "RMF_1.DAT", "content");

  durable_rename(inbox / "RMF_1.DAT", archive / "RMF_1.DAT");
  EXPECT_FALSE(fs::exists(inbox / "RMF_1.DAT"));
  EXPECT_EQ(read_file(archive / "RMF_1.DAT"), "content");

  write_file(inbox / "RMF_1.DAT", "second arrival");
  try {
    durable_rename(inbox / "RMF_1.DAT", archive / "RMF_1.DAT");
    FAIL() << "expected EEXIST";
  } catch (const FileError& error) {
    EXPECT_EQ(error.error_number(), EEXIST);
    EXPECT_EQ(error.path(), archive / "RMF_1.DAT");
  }
  EXPECT_EQ(read_file(inbox / "RMF_1.DAT"), "second arrival");
  EXPECT_EQ(read_file(archive / "RMF_1.DAT"), "content");

  EXPECT_THROW(durable_rename(inbox / "missing.DAT", archive / "missing.DAT"), FileError);
}

TEST_F(FilePrimitives, DurableCopyCopiesOwnerOnlyAndNeverOverwrites) {
  const ScopedUmask umask_zero(0);
  const fs::path source = dir_.path() / "APP_9.DAT";
  std::string content;
  for (int i = 0; i < 20'000; ++i) {
    content += "record " + std::to_string(i) + "\n";
  }
  write_file(source, content);
  const fs::path copy = dir_.path() / "copy.DAT";
  durable_copy(source, copy);
  EXPECT_EQ(read_file(copy), content);
  EXPECT_EQ(mode_of(copy), 0600);
  EXPECT_THROW(durable_copy(source, copy), FileError);
  EXPECT_THROW(durable_copy(dir_.path() / "missing", dir_.path() / "copy2"), FileError);
  EXPECT_FALSE(fs::exists(dir_.path() / "copy2"));
}

TEST_F(FilePrimitives, FsyncDirectoryNamesAMissingFolder) {
  const fs::path missing = dir_.path() / "missing";
  EXPECT_NO_THROW(fsync_directory(dir_.path()));
  try {
    fsync_directory(missing);
    FAIL() << "expected ENOENT";
  } catch (const FileError& error) {
    EXPECT_EQ(error.error_number(), ENOENT);
    const std::string what = error.what();
    EXPECT_NE(what.find(missing.string()), std::string::npos) << what;
    EXPECT_NE(what.find("No such file or directory"), std::string::npos) << what;
  }
}

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(std::string_view("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(std::string_view()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex(std::string_view(std::string(1'000'000, 'a'))),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_F(FilePrimitives, Sha256OfAFileMatchesTheBytes) {
  const fs::path file = dir_.path() / "big.DAT";
  std::string content;
  for (int i = 0; i < 30'000; ++i) {  // several 64 KiB chunks and a partial one
    content += std::to_string(i * 7919) + ",";
  }
  write_file(file, content);
  EXPECT_EQ(sha256_hex(file), sha256_hex(std::string_view(content)));

  write_file(dir_.path() / "abc", "abc");
  EXPECT_EQ(sha256_hex(dir_.path() / "abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  write_file(dir_.path() / "empty", "");
  EXPECT_EQ(sha256_hex(dir_.path() / "empty"),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_THROW((void)sha256_hex(dir_.path() / "missing"), FileError);
}

}  // namespace
}  // namespace esr::util
