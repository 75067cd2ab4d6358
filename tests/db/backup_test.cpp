// The online backup, alone and as the step taken before a schema migration.
#include "esr/db/backup.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <array>
#include <fstream>
#include <iterator>

#include "esr/db/migrations.hpp"
#include "support/temp_dir.hpp"

namespace esr::db {
namespace {

std::int64_t count_rows(Database& db, const char* table) {
  auto select = db.prepare(std::string("SELECT count(*) FROM ") + table);
  return select.step() ? select.column_int64(0) : -1;
}

TEST(Backup, CopiesEveryRowIntoOneOwnerOnlyFile) {
  esr::test_support::TempDir dir;
  auto db = Database::open(dir.path() / "state.sqlite");
  db.exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3)");
  auto copy = dir.path() / "copy.sqlite";
  backup_into(db, copy);
  struct stat info {};
  ASSERT_EQ(::stat(copy.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600U);
  EXPECT_FALSE(std::filesystem::exists(copy.string() + ".part"));
  EXPECT_FALSE(std::filesystem::exists(copy.string() + "-wal")) << "one self-contained file";
  auto restored = Database::open(copy);
  EXPECT_EQ(count_rows(restored, "t"), 3);
}

TEST(Backup, SeesOneSnapshotWhileAnotherConnectionHoldsAWrite) {
  esr::test_support::TempDir dir;
  auto db = Database::open(dir.path() / "state.sqlite");
  db.exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)");
  auto writer = Database::open(dir.path() / "state.sqlite");
  writer.exec("BEGIN IMMEDIATE; INSERT INTO t VALUES (2)");  // not committed: not in the copy
  backup_into(db, dir.path() / "copy.sqlite");
  writer.exec("COMMIT");
  auto restored = Database::open(dir.path() / "copy.sqlite");
  EXPECT_EQ(count_rows(restored, "t"), 1);
}

TEST(Backup, NeverOverwritesAnExistingFile) {
  esr::test_support::TempDir dir;
  auto db = Database::open(dir.path() / "state.sqlite");
  auto taken = dir.write("copy.sqlite", "keep me");
  EXPECT_THROW(backup_into(db, taken), StoreError);
  std::ifstream in(taken);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "keep me");
}

constexpr std::array two_steps{
    Migration{1, "one", "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7)"},
    Migration{2, "two", "ALTER TABLE t ADD COLUMN y TEXT"},
};

std::vector<std::filesystem::path> backups_in(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> found;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    auto name = entry.path().filename().string();
    // Opening a copy (as below) gives it -wal and -shm companions: not copies of their own.
    if (name.starts_with("state.sqlite.before-v") && !name.ends_with("-wal") &&
        !name.ends_with("-shm"))
      found.push_back(entry.path());
  }
  return found;
}

TEST(Backup, AMigrationOfADatabaseInUseIsPrecededByACopyAtTheOldVersion) {
  esr::test_support::TempDir dir;
  auto db = Database::open(dir.path() / "state.sqlite");
  apply_migrations(db, std::span(two_steps).first(1), true);
  EXPECT_TRUE(backups_in(dir.path()).empty()) << "a new database has nothing to keep";
  apply_migrations(db, two_steps, true);
  auto copies = backups_in(dir.path());
  ASSERT_EQ(copies.size(), 1U);
  EXPECT_TRUE(copies[0].filename().string().starts_with("state.sqlite.before-v2-"));
  auto old = Database::open(copies[0]);
  EXPECT_EQ(schema_version(old), 1);
  EXPECT_EQ(count_rows(old, "t"), 1);
  EXPECT_EQ(schema_version(db), 2);
  apply_migrations(db, two_steps, true);
  EXPECT_EQ(backups_in(dir.path()).size(), 1U) << "nothing to migrate, nothing copied";
}

}  // namespace
}  // namespace esr::db
