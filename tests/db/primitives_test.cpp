// Database, Statement, Transaction and migrations against real SQLite files in a temporary folder.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "esr/db/database.hpp"
#include "esr/db/migrations.hpp"
#include "esr/db/statement.hpp"
#include "esr/db/store_error.hpp"
#include "esr/db/transaction.hpp"
#include "esr/spec/schema_registry.hpp"
#include "support/temp_dir.hpp"

namespace esr::db {
namespace {

namespace fs = std::filesystem;

using test_support::mode_of;
using test_support::ScopedUmask;
using test_support::TempDir;

std::int64_t count_rows(Database& db, std::string_view table) {
  Statement count = db.prepare("SELECT count(*) FROM " + std::string(table));
  EXPECT_TRUE(count.step());
  return count.column_int64(0);
}

bool table_exists(Database& db, std::string_view table) {
  Statement query = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
  query.bind(1, table);
  return query.step();
}

class StorePrimitives : public ::testing::Test {
 protected:
  TempDir dir_;
  fs::path file_ = dir_.path() / "esrd.sqlite";
};

TEST_F(StorePrimitives, OpensInWalModeWithOwnerOnlyFiles) {
  const ScopedUmask umask_zero(0);
  Database db = Database::open(file_);
  db.exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);");

  Statement mode = db.prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.step());
  EXPECT_EQ(mode.column_text(0), "wal");

  Statement synchronous = db.prepare("PRAGMA synchronous");
  ASSERT_TRUE(synchronous.step());
  EXPECT_EQ(synchronous.column_int(0), 2);  // FULL

  Statement foreign_keys = db.prepare("PRAGMA foreign_keys");
  ASSERT_TRUE(foreign_keys.step());
  EXPECT_EQ(foreign_keys.column_int(0), 1);

  EXPECT_EQ(mode_of(file_), 0600);
  ASSERT_TRUE(fs::exists(file_.string() + "-wal"));
  ASSERT_TRUE(fs::exists(file_.string() + "-shm"));
  EXPECT_EQ(mode_of(file_.string() + "-wal"), 0600);
  EXPECT_EQ(mode_of(file_.string() + "-shm"), 0600);
}

TEST_F(StorePrimitives, SecureFilesRestoresOwnerOnlyMode) {
  Database db = Database::open(file_);
  db.exec("CREATE TABLE t (x INTEGER)");
  fs::permissions(file_, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                             fs::perms::others_read);
  ASSERT_EQ(mode_of(file_), 0644);
  db.secure_files();
  EXPECT_EQ(mode_of(file_), 0600);
}

TEST_F(StorePrimitives, ReopenKeepsDataAndTightensAnExistingFile) {
  {
    Database db = Database::open(file_);
    db.exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (42);");
  }
  fs::permissions(file_, fs::perms::group_read, fs::perm_options::add);
  Database db = Database::open(file_);
  EXPECT_EQ(mode_of(file_), 0600);
  EXPECT_EQ(count_rows(db, "t"), 1);
}

TEST_F(StorePrimitives, OpenFailsInAMissingFolder) {
  EXPECT_THROW((void)Database::open(dir_.path() / "missing" / "esrd.sqlite"), StoreError);
}

TEST_F(StorePrimitives, OpenRefusesAFileThatIsNotADatabase) {
  {
    std::FILE* out = std::fopen(file_.c_str(), "w");
    ASSERT_NE(out, nullptr);
    std::fputs("this is not an SQLite database, just some text that is long enough\n", out);
    std::fclose(out);
  }
  EXPECT_THROW((void)Database::open(file_), StoreError);
}

TEST_F(StorePrimitives, MovedDatabaseKeepsWorking) {
  Database first = Database::open(file_);
  Database second = std::move(first);
  second.exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)");
  Database third = Database::open(dir_.path() / "other.sqlite");
  third = std::move(second);
  EXPECT_EQ(count_rows(third, "t"), 1);
  EXPECT_EQ(third.path(), file_);
}

TEST_F(StorePrimitives, TransactionRollsBackWhenNotCommitted) {
  Database db = Database::open(file_);
  db.exec("CREATE TABLE t (x INTEGER)");
  {
    Transaction transaction(db);
    db.exec("INSERT INTO t VALUES (1)");
    EXPECT_EQ(count_rows(db, "t"), 1);
  }
  EXPECT_EQ(count_rows(db, "t"), 0);
  EXPECT_NE(sqlite3_get_autocommit(db.connection().getHandle()), 0) << "transaction left open";
}

TEST_F(StorePrimitives, TransactionRollsBackWhenAnExceptionUnwinds) {
  Database db = Database::open(file_);
  db.exec("CREATE TABLE t (x INTEGER UNIQUE)");
  try {
    Transaction transaction(db);
    db.exec("INSERT INTO t VALUES (1)");
    db.exec("INSERT INTO t VALUES (1)");  // throws: UNIQUE
    transaction.commit();
    FAIL() << "expected a constraint error";
  } catch (const StoreError& error) {
    EXPECT_TRUE(error.is_constraint()) << error.what();
  }
  EXPECT_EQ(count_rows(db, "t"), 0);
}

TEST_F(StorePrimitives, TransactionKeepsDataWhenCommitted) {
  {
    Database db = Database::open(file_);
    db.exec("CREATE TABLE t (x INTEGER)");
    Transaction transaction(db);
    db.exec("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)");
    transaction.commit();
    transaction.commit();  // no-op
  }
  Database reopened = Database::open(file_);
  EXPECT_EQ(count_rows(reopened, "t"), 2);
}

TEST_F(StorePrimitives, TransactionsDoNotNest) {
  Database db = Database::open(file_);
  Transaction outer(db);
  EXPECT_THROW(Transaction inner(db), StoreError);
}

TEST_F(StorePrimitives, MovedTransactionRollsBackOnce) {
  Database db = Database::open(file_);
  db.exec("CREATE TABLE t (x INTEGER)");
  {
    Transaction first(db);
    db.exec("INSERT INTO t VALUES (1)");
    Transaction second(std::move(first));
    second.commit();
  }
  EXPECT_EQ(count_rows(db, "t"), 1);
}

TEST_F(StorePrimitives, SecondWriterTimesOutAsBusy) {
  Database first = Database::open(file_);
  Database second = Database::open(file_);
  sqlite3_busy_timeout(second.connection().getHandle(), 10);  // keep the test quick
  Transaction holding(first);
  try {
    Transaction waiting(second);
    FAIL() << "expected SQLITE_BUSY";
  } catch (const StoreError& error) {
    EXPECT_TRUE(error.is_busy()) << error.what();
  }
}

constexpr std::array migrations_1_2{
    Migration{1, "people", "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"},
    Migration{2, "posts",
              "CREATE TABLE posts (id INTEGER PRIMARY KEY); CREATE INDEX i ON posts(id);"},
};

TEST_F(StorePrimitives, MigrationsAppliedOnceAndSkippedAfterwards) {
  Database db = Database::open(file_);
  EXPECT_EQ(schema_version(db), 0);
  apply_migrations(db, std::span(migrations_1_2).first(1));
  EXPECT_EQ(schema_version(db), 1);
  EXPECT_TRUE(table_exists(db, "people"));
  EXPECT_FALSE(table_exists(db, "posts"));

  // Running them again would fail on CREATE TABLE if they were not skipped.
  apply_migrations(db, migrations_1_2);
  EXPECT_EQ(schema_version(db), 2);
  EXPECT_TRUE(table_exists(db, "posts"));
  EXPECT_NO_THROW(apply_migrations(db, migrations_1_2));
  EXPECT_EQ(schema_version(db), 2);
}

TEST_F(StorePrimitives, FailedMigrationLeavesThePreviousVersion) {
  Database db = Database::open(file_);
  const std::array migrations{
      migrations_1_2[0],
      Migration{2, "broken", "CREATE TABLE half (x INTEGER); CREATE TABLE people (x INTEGER);"},
  };
  try {
    apply_migrations(db, migrations);
    FAIL() << "expected the second migration to fail";
  } catch (const StoreError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("schema migration 2 (broken)"), std::string::npos) << what;
    EXPECT_NE(what.find("already exists"), std::string::npos) << what;
  }
  EXPECT_EQ(schema_version(db), 1);
  EXPECT_TRUE(table_exists(db, "people"));
  EXPECT_FALSE(table_exists(db, "half"));
}

// A migration's C++ step runs first, in its transaction, with the context the caller gave.
void name_everyone(Database& db, const MigrationContext& context) {
  if (context.schemas == nullptr) throw StoreError("no schemas lent");
  db.exec("UPDATE people SET name = upper(name)");
}
constexpr Migration upper_names{3, "names in capitals",
                                "CREATE TABLE shouted AS SELECT name FROM people;", &name_everyone};

TEST_F(StorePrimitives, MigrationPrepareRunsBeforeItsSqlInTheSameTransaction) {
  Database db = Database::open(file_);
  apply_migrations(db, migrations_1_2);
  db.exec("INSERT INTO people(name) VALUES ('ann')");
  const std::array migrations{migrations_1_2[0], migrations_1_2[1], upper_names};
  try {
    apply_migrations(db, migrations);
    FAIL() << "expected the step to refuse without a context";
  } catch (const StoreError& error) {
    EXPECT_NE(std::string(error.what())
                  .find("schema migration 3 (names in capitals) failed: "
                        "no schemas lent"),
              std::string::npos)
        << error.what();
  }
  EXPECT_EQ(schema_version(db), 2);
  EXPECT_FALSE(table_exists(db, "shouted"));

  const auto schemas = spec::SchemaRegistry::load(ESRD_SOURCE_DIR "/schemas");
  apply_migrations(db, migrations, false, MigrationContext{&schemas});
  EXPECT_EQ(schema_version(db), 3);
  auto shouted = db.prepare("SELECT name FROM shouted");
  ASSERT_TRUE(shouted.step());
  EXPECT_EQ(shouted.column_text(0), "ANN") << "the step ran before the SQL";
}

// A step that fails after writing leaves nothing of its writes.
void write_then_fail(Database& db, const MigrationContext&) {
  db.exec("INSERT INTO people(name) VALUES ('half')");
  throw StoreError("refused");
}

TEST_F(StorePrimitives, AFailedPrepareRollsBackItsWrites) {
  Database db = Database::open(file_);
  apply_migrations(db, migrations_1_2);
  const std::array migrations{migrations_1_2[0], migrations_1_2[1],
                              Migration{3, "refused", "SELECT 1;", &write_then_fail}};
  EXPECT_THROW(apply_migrations(db, migrations), StoreError);
  EXPECT_EQ(schema_version(db), 2);
  auto count = db.prepare("SELECT count(*) FROM people");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.column_int64(0), 0);
}

TEST_F(StorePrimitives, NewerSchemaIsRefused) {
  Database db = Database::open(file_);
  db.exec("PRAGMA user_version = 5");
  try {
    apply_migrations(db, migrations_1_2);
    FAIL() << "expected a newer-schema error";
  } catch (const StoreError& error) {
    EXPECT_STREQ(error.what(), "database schema version 5 is newer than this esrd (2)");
  }
  EXPECT_EQ(schema_version(db), 5);
  EXPECT_FALSE(table_exists(db, "people"));
}

TEST_F(StorePrimitives, MigrationsOutOfOrderAreRefused) {
  Database db = Database::open(file_);
  const std::array migrations{migrations_1_2[1], migrations_1_2[0]};
  EXPECT_THROW(apply_migrations(db, migrations), StoreError);
  EXPECT_EQ(schema_version(db), 0);
}

TEST_F(StorePrimitives, BindsEveryTypeAndNull) {
  Database db = Database::open(file_);
  db.exec("CREATE TABLE v (n INTEGER, value)");
  Statement insert = db.prepare("INSERT INTO v (n, value) VALUES (?, ?)");
  const std::string text = "from std::string";
  const std::optional<std::string> some_text = "from optional";
  const std::optional<std::string> no_text;
  const std::optional<std::int64_t> some_number = -7;
  const std::optional<std::int64_t> no_number;
  const long long long_long = 1234567890123LL;

  insert.bind(1, 1).bind(2, std::numeric_limits<std::int64_t>::max()).run();
  insert.bind(1, 2).bind(2, 42).run();
  insert.bind(1, 3).bind(2, 2.5).run();
  insert.bind(1, 4).bind(2, std::string_view("from view")).run();
  insert.bind(1, 5).bind(2, text).run();
  insert.bind(1, 6).bind(2, "from literal").run();
  insert.bind(1, 7).bind(2, std::nullopt).run();
  insert.bind(1, 8).bind(2, some_text).run();
  insert.bind(1, 9).bind(2, no_text).run();
  insert.bind(1, 10).bind(2, some_number).run();
  insert.bind(1, 11).bind(2, no_number).run();
  insert.bind(1, 12).bind_null(2).run();
  insert.bind(1, 13).bind(2, std::string_view()).run();  // empty, null data(): '' not NULL
  insert.bind(1, 14).bind(2, static_cast<const char*>(nullptr)).run();
  insert.bind(1, 15).bind(2, long_long).run();
  insert.bind(1, 16).bind(2, std::string_view("nul\0inside", 10)).run();
  insert.bind(1, 17).run();  // run() cleared the bindings: NULL

  Statement select = db.prepare("SELECT n, typeof(value), value FROM v ORDER BY n");
  struct Expected {
    std::string_view type;
    std::optional<std::string> text;
  };
  const std::array<Expected, 17> expected{{
      {"integer", "9223372036854775807"},
      {"integer", "42"},
      {"real", "2.5"},
      {"text", "from view"},
      {"text", "from std::string"},
      {"text", "from literal"},
      {"null", std::nullopt},
      {"text", "from optional"},
      {"null", std::nullopt},
      {"integer", "-7"},
      {"null", std::nullopt},
      {"null", std::nullopt},
      {"text", ""},
      {"null", std::nullopt},
      {"integer", "1234567890123"},
      {"text", std::string("nul\0inside", 10)},
      {"null", std::nullopt},
  }};
  for (const Expected& row : expected) {
    ASSERT_TRUE(select.step());
    const int n = select.column_int(0);
    EXPECT_EQ(select.column_text(1), row.type) << "row " << n;
    EXPECT_EQ(select.column_optional_text(2), row.text) << "row " << n;
    EXPECT_EQ(select.column_is_null(2), !row.text.has_value()) << "row " << n;
  }
  EXPECT_FALSE(select.step());

  Statement typed = db.prepare("SELECT value FROM v WHERE n = ?");
  ASSERT_TRUE(typed.bind(1, 1).step());
  EXPECT_EQ(typed.column_int64(0), std::numeric_limits<std::int64_t>::max());
  typed.reset();
  ASSERT_TRUE(typed.bind(1, 3).step());
  EXPECT_DOUBLE_EQ(typed.column_double(0), 2.5);
  typed.reset();
  ASSERT_TRUE(typed.bind(1, 10).step());
  EXPECT_EQ(typed.column_optional_int64(0), std::optional<std::int64_t>(-7));
  typed.reset();
  ASSERT_TRUE(typed.bind(1, 7).step());
  EXPECT_EQ(typed.column_optional_int64(0), std::nullopt);
  EXPECT_EQ(typed.column_text(0), "");
  EXPECT_EQ(typed.column_count(), 1);
}

TEST_F(StorePrimitives, BlobsKeepEveryByteAndNullReadsEmpty) {
  Database db = Database::open(file_);
  db.exec("CREATE TABLE b (n INTEGER, content BLOB)");
  const std::string bytes("line 1\r\n\0\xff end", 15);
  db.prepare("INSERT INTO b VALUES (1, ?1)").bind_blob(1, bytes).run();
  db.prepare("INSERT INTO b VALUES (2, ?1)").bind_blob(1, std::string_view()).run();
  db.prepare("INSERT INTO b VALUES (3, NULL)").run();
  Statement select = db.prepare("SELECT typeof(content), content FROM b ORDER BY n");
  ASSERT_TRUE(select.step());
  EXPECT_EQ(select.column_text(0), "blob");
  EXPECT_EQ(select.column_blob(1), bytes);
  ASSERT_TRUE(select.step());
  EXPECT_EQ(select.column_text(0), "blob");
  EXPECT_EQ(select.column_blob(1), "");
  ASSERT_TRUE(select.step());
  EXPECT_EQ(select.column_text(0), "null");
  EXPECT_EQ(select.column_blob(1), "");
}

TEST_F(StorePrimitives, LastInsertRowidAndChanges) {
  Database db = Database::open(file_);
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER)");
  Statement insert = db.prepare("INSERT INTO t (x) VALUES (?)");
  insert.bind(1, 10).run();
  insert.bind(1, 20).run();
  EXPECT_EQ(db.last_insert_rowid(), 2);
  db.prepare("UPDATE t SET x = x + 1").run();
  EXPECT_EQ(db.changes(), 2);
}

TEST_F(StorePrimitives, StoreErrorNamesTheSql) {
  Database db = Database::open(file_);
  constexpr std::string_view bad_sql = "SELECT * FROM no_such_table";
  try {
    (void)db.prepare(bad_sql);
    FAIL() << "expected a prepare error";
  } catch (const StoreError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find(bad_sql), std::string::npos) << what;
    EXPECT_NE(what.find("no such table"), std::string::npos) << what;
    EXPECT_EQ(error.sql(), bad_sql);
  }

  try {
    db.exec("CREATE TABLE");
    FAIL() << "expected a syntax error";
  } catch (const StoreError& error) {
    EXPECT_NE(std::string(error.what()).find("CREATE TABLE"), std::string::npos) << error.what();
  }
}

TEST_F(StorePrimitives, StepErrorNamesTheSqlButNotTheValues) {
  Database db = Database::open(file_);
  db.exec("CREATE TABLE t (name TEXT UNIQUE)");
  Statement insert = db.prepare("INSERT INTO t (name) VALUES (?)");
  insert.bind(1, "Jane Personal").run();
  try {
    insert.bind(1, "Jane Personal").run();
    FAIL() << "expected a constraint error";
  } catch (const StoreError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("INSERT INTO t (name) VALUES (?)"), std::string::npos) << what;
    EXPECT_EQ(what.find("Jane"), std::string::npos) << what;
    EXPECT_TRUE(error.is_constraint());
    EXPECT_EQ(error.code(), SQLITE_CONSTRAINT_UNIQUE);
  }
  // The statement was reset by the failure and is usable again.
  insert.reset();
  insert.bind(1, "Someone Else").run();
  EXPECT_EQ(count_rows(db, "t"), 2);
}

TEST_F(StorePrimitives, BindOutOfRangeThrows) {
  Database db = Database::open(file_);
  Statement statement = db.prepare("SELECT ?");
  EXPECT_THROW(statement.bind(2, 1), StoreError);
  EXPECT_THROW(statement.bind(0, 1), StoreError);
}

TEST_F(StorePrimitives, PrepareRefusesASecondStatementButAllowsTrailingComments) {
  Database db = Database::open(file_);
  db.exec("CREATE TABLE t (x INTEGER)");
  EXPECT_THROW((void)db.prepare("INSERT INTO t VALUES (1); DELETE FROM t"), StoreError);
  EXPECT_THROW((void)db.prepare("   "), StoreError);
  EXPECT_THROW((void)db.prepare("-- only a comment\n;"), StoreError);
  EXPECT_THROW((void)db.prepare("SELECT x FROM t; SELEC nothing"), StoreError);
  EXPECT_NO_THROW((void)db.prepare("SELECT x FROM t; -- trailing comment\n  ;"));
  EXPECT_EQ(count_rows(db, "t"), 0);
}

TEST_F(StorePrimitives, StatementOutlivingItsDatabaseIsSafeToDestroy) {
  std::optional<Statement> statement;
  {
    Database db = Database::open(file_);
    statement.emplace(db.prepare("SELECT 1"));
  }
  // The statement shares the connection (SQLiteCpp would assert, closing it under a live
  // statement): this closes it, and must not crash or leak.
  statement.reset();
  SUCCEED();
}

}  // namespace
}  // namespace esr::db
