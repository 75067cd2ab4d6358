// Migrations that rebuild a table (Migration::rebuilds_tables): foreign keys off around the
// transaction, checked before the COMMIT, and on again afterwards whatever happened.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "esr/db/database.hpp"
#include "esr/db/migrations.hpp"
#include "esr/db/store_error.hpp"
#include "esr/db/transaction.hpp"
#include "support/temp_dir.hpp"

namespace esr::db {
namespace {

using ::testing::HasSubstr;

constexpr Migration parents_and_children{
    1, "parents and children",
    "CREATE TABLE parents (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
    "CREATE INDEX parents_by_name ON parents(name);"
    "CREATE TABLE children (id INTEGER PRIMARY KEY,"
    " parent_id INTEGER NOT NULL REFERENCES parents(id));"};

// The documented rebuild: new table, every row with its id, drop, rename, the index again.
constexpr std::string_view rebuild_parents =
    "CREATE TABLE parents_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL CHECK (name <> ''));"
    "INSERT INTO parents_new(id, name) SELECT id, name FROM parents;"
    "DROP TABLE parents;"
    "ALTER TABLE parents_new RENAME TO parents;"
    "CREATE INDEX parents_by_name ON parents(name);";

int foreign_keys_in_prepare = -1;
void note_foreign_keys(Database& db, const MigrationContext&) {
  auto pragma = db.prepare("PRAGMA foreign_keys");
  foreign_keys_in_prepare = pragma.step() ? pragma.column_int(0) : -1;
}

int foreign_keys(Database& db) {
  auto pragma = db.prepare("PRAGMA foreign_keys");
  return pragma.step() ? pragma.column_int(0) : -1;
}

std::string parents(Database& db) {
  auto select = db.prepare("SELECT group_concat(id || ':' || name, ',') FROM parents");
  return select.step() ? select.column_text(0) : "";
}

class RebuildMigration : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::array first{parents_and_children};
    apply_migrations(db_, first);
    db_.exec(
        "INSERT INTO parents(id, name) VALUES (3, 'ann'), (7, 'bob');"
        "INSERT INTO children(id, parent_id) VALUES (1, 3), (2, 7), (4, 7)");
  }

  // Applies `second` on top of version 1; the StoreError it throws, or an empty text.
  std::string apply(const Migration& second) {
    const std::array both{parents_and_children, second};
    try {
      apply_migrations(db_, both);
    } catch (const StoreError& error) {
      return error.what();
    }
    return {};
  }

  test_support::TempDir dir_;
  Database db_ = Database::open(dir_.path() / "state.sqlite");
};

TEST_F(RebuildMigration, WithoutTheFlagARebuildOfAReferencedTableIsRefusedBySqlite) {
  auto error = apply(Migration{2, "checked parents", rebuild_parents});
  EXPECT_THAT(error, HasSubstr("FOREIGN KEY constraint failed"));
  EXPECT_EQ(schema_version(db_), 1);
}

TEST_F(RebuildMigration, RunsWithForeignKeysOffKeepsEveryRowAndTurnsThemBackOn) {
  foreign_keys_in_prepare = -1;
  EXPECT_EQ(apply(Migration{2, "checked parents", rebuild_parents, &note_foreign_keys, true}), "");
  EXPECT_EQ(schema_version(db_), 2);
  EXPECT_EQ(foreign_keys_in_prepare, 0) << "off inside the migration's transaction";
  EXPECT_EQ(foreign_keys(db_), 1) << "on again afterwards";
  EXPECT_EQ(parents(db_), "3:ann,7:bob");
  // The children refer to the new table, and the keys are enforced again.
  EXPECT_THROW(db_.exec("INSERT INTO children(id, parent_id) VALUES (9, 99)"), StoreError);
  EXPECT_THROW(db_.exec("DELETE FROM parents WHERE id = 7"), StoreError);
  EXPECT_THROW(db_.exec("INSERT INTO parents(id, name) VALUES (8, '')"), StoreError);
  EXPECT_NO_THROW(db_.exec("INSERT INTO children(id, parent_id) VALUES (9, 3)"));
}

TEST_F(RebuildMigration, ARebuildThatLosesAReferencedRowIsRefusedAndRolledBack) {
  auto error = apply(Migration{
      2, "parents but bob",
      "CREATE TABLE parents_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
      "INSERT INTO parents_new(id, name) SELECT id, name FROM parents WHERE name <> 'bob';"
      "DROP TABLE parents; ALTER TABLE parents_new RENAME TO parents;",
      nullptr, true});
  EXPECT_THAT(error, HasSubstr("schema migration 2 (parents but bob) failed: PRAGMA "
                               "foreign_key_check found 2 row(s) referring to rows that do not "
                               "exist: children row 2 refers to a missing parents row; children "
                               "row 4 refers to a missing parents row"));
  EXPECT_EQ(schema_version(db_), 1);
  EXPECT_EQ(parents(db_), "3:ann,7:bob");
  EXPECT_EQ(foreign_keys(db_), 1);
  EXPECT_THROW(db_.exec("DELETE FROM parents WHERE id = 7"), StoreError);
}

TEST_F(RebuildMigration, AFailedRebuildTurnsForeignKeysBackOn) {
  auto error =
      apply(Migration{2, "broken", "DROP TABLE parents; SELECT * FROM nowhere;", nullptr, true});
  EXPECT_THAT(error, HasSubstr("schema migration 2 (broken) failed"));
  EXPECT_THAT(error, HasSubstr("no such table: nowhere"));
  EXPECT_EQ(schema_version(db_), 1);
  EXPECT_EQ(parents(db_), "3:ann,7:bob");
  EXPECT_EQ(foreign_keys(db_), 1);
}

// Inside a transaction the foreign_keys pragma does nothing: the rebuild is refused before it
// starts, rather than run with the keys on (or under the caller's transaction).
TEST_F(RebuildMigration, IsRefusedWhileATransactionIsOpen) {
  Transaction transaction(db_);
  auto error = apply(Migration{2, "checked parents", rebuild_parents, nullptr, true});
  EXPECT_THAT(error, HasSubstr("schema migration 2 (checked parents) rebuilds tables and needs "
                               "foreign keys off, which cannot be changed while a transaction "
                               "is open"));
  transaction.rollback();
  EXPECT_EQ(schema_version(db_), 1);
  EXPECT_EQ(foreign_keys(db_), 1);
}

TEST_F(RebuildMigration, AnAppliedRebuildIsSkippedAfterwards) {
  const Migration second{2, "checked parents", rebuild_parents, &note_foreign_keys, true};
  EXPECT_EQ(apply(second), "");
  foreign_keys_in_prepare = -1;
  EXPECT_EQ(apply(second), "");
  EXPECT_EQ(foreign_keys_in_prepare, -1) << "not run a second time";
  EXPECT_EQ(schema_version(db_), 2);
  EXPECT_EQ(foreign_keys(db_), 1);
}

}  // namespace
}  // namespace esr::db
