// db::integrity_problems (SQLite's integrity check, read as lines) and Database::refuse_writes.
#include "esr/db/integrity.hpp"

#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

namespace esr::db {
namespace {

TEST(Integrity, ASoundDatabaseHasNoProblem) {
  test_support::TempDir dir;
  auto db = Database::open(dir.path() / "t.sqlite");
  db.exec("CREATE TABLE t(x INTEGER); CREATE INDEX t_x ON t(x); INSERT INTO t VALUES (1), (2)");
  EXPECT_TRUE(integrity_problems(db).empty());
}

TEST(Integrity, AnIndexThatDisagreesWithItsTableIsNamed) {
  test_support::TempDir dir;
  auto db = Database::open(dir.path() / "t.sqlite");
  db.exec("CREATE TABLE t(x INTEGER); CREATE INDEX t_x ON t(x); INSERT INTO t VALUES (1), (2)");
  // writable_schema lets the index claim another column than it holds: SQLite's own example of
  // damage that integrity_check reports.
  db.exec("PRAGMA writable_schema = ON");
  db.exec("UPDATE sqlite_schema SET sql = 'CREATE INDEX t_x ON t(x DESC)' WHERE name = 't_x'");
  db.exec("PRAGMA writable_schema = OFF");
  auto reopened = Database::open(dir.path() / "t.sqlite");
  auto problems = integrity_problems(reopened);
  EXPECT_FALSE(problems.empty());
}

}  // namespace
}  // namespace esr::db

namespace esr::db {
namespace {

TEST(RefuseWrites, AConnectionThatRefusesWritesStillReads) {
  test_support::TempDir dir;
  auto db = Database::open(dir.path() / "t.sqlite");
  db.exec("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1)");
  db.refuse_writes();
  auto count = db.prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.column_int64(0), 1);
  EXPECT_THROW(db.exec("INSERT INTO t VALUES (2)"), StoreError);
}

}  // namespace
}  // namespace esr::db
