#include "esr/db/migrations.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstddef>
#include <optional>
#include <string>

#include "esr/db/backup.hpp"
#include "esr/db/transaction.hpp"
#include "esr/util/utc_time.hpp"

namespace esr::db {

namespace {

// Rows of PRAGMA foreign_key_check named in a refusal; the count says how many there are.
constexpr std::size_t named_broken_rows = 5;

bool foreign_keys_enforced(Database& db) {
  Statement statement = db.prepare("PRAGMA foreign_keys");
  return statement.step() && statement.column_int(0) != 0;
}

std::string describe(const Migration& migration) {
  return "schema migration " + std::to_string(migration.version) + " (" +
         std::string(migration.description) + ")";
}

// Foreign keys off for one migration that rebuilds tables, and back to what they were when it
// ends, however it ends. The pragma does nothing inside a transaction: construct this before the
// migration's Transaction, so that it is destroyed after the COMMIT or the ROLLBACK.
class ForeignKeysOff {
 public:
  ForeignKeysOff(Database& db, const Migration& migration)
      : db_(db), was_on_(foreign_keys_enforced(db)) {
    if (!was_on_) return;
    db_.exec("PRAGMA foreign_keys = OFF");
    if (foreign_keys_enforced(db_)) {
      // Inside a transaction the pragma is silently ignored: a rebuild would then fail on the
      // DROP of a referenced table, or worse, run half under a caller's transaction.
      throw StoreError(describe(migration) +
                       " rebuilds tables and needs foreign keys off, which cannot be changed "
                       "while a transaction is open on " +
                       db_.path().string());
    }
  }
  ForeignKeysOff(const ForeignKeysOff&) = delete;
  ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;

  ~ForeignKeysOff() {
    try {
      restore();
    } catch (const StoreError& error) {
      spdlog::error("database={} event=foreign_keys_not_restored error=\"{}\"", db_.path().string(),
                    error.what());
    }
  }

  // Turns foreign keys back on (when they were on), checking that they are.
  void restore() {
    if (!was_on_ || restored_) return;
    db_.exec("PRAGMA foreign_keys = ON");
    if (!foreign_keys_enforced(db_)) {
      throw StoreError("cannot turn foreign keys back on for " + db_.path().string() +
                       " after a schema migration (is a transaction still open?)");
    }
    restored_ = true;
  }

 private:
  Database& db_;
  bool was_on_;
  bool restored_ = false;
};

// PRAGMA foreign_key_check over the whole database, for a migration that ran with foreign keys
// off: throws StoreError naming the first rows that refer to a row that does not exist.
void refuse_broken_foreign_keys(Database& db) {
  Statement check = db.prepare("PRAGMA foreign_key_check");
  std::size_t broken = 0;
  std::string named;
  while (check.step()) {
    if (broken < named_broken_rows) {
      auto rowid = check.column_optional_int64(1);  // NULL for a WITHOUT ROWID table
      named += fmt::format(
          "{}{} {} refers to a missing {} row", broken == 0 ? "" : "; ", check.column_text(0),
          rowid ? "row " + std::to_string(*rowid) : std::string("a row"), check.column_text(2));
    }
    ++broken;
  }
  if (broken > 0) {
    throw StoreError(fmt::format(
        "PRAGMA foreign_key_check found {} row(s) referring to rows that do not exist: {}{}",
        broken, named, broken > named_broken_rows ? "; ..." : ""));
  }
}

}  // namespace

int schema_version(Database& db) {
  Statement statement = db.prepare("PRAGMA user_version");
  return statement.step() ? statement.column_int(0) : 0;
}

void apply_migrations(Database& db, std::span<const Migration> migrations, bool backup_first,
                      const MigrationContext& context) {
  int previous = 0;
  for (const Migration& migration : migrations) {
    if (migration.version <= previous) {
      throw StoreError("migration list out of order: version " + std::to_string(migration.version) +
                       " follows version " + std::to_string(previous));
    }
    previous = migration.version;
  }
  const int newest = previous;

  const int current = schema_version(db);
  if (current > newest) {
    throw StoreError("database schema version " + std::to_string(current) +
                     " is newer than this esrd (" + std::to_string(newest) + ")");
  }

  if (backup_first && current >= 1 && current < newest) {
    auto copy = db.path();
    copy += fmt::format(".before-v{}-{}", newest, util::utc_now_compact());
    backup_into(db, copy);
    spdlog::warn("database={} schema_version={} upgrading_to={} backup={}", db.path().string(),
                 current, newest, copy.string());
  }
  for (const Migration& migration : migrations) {
    if (migration.version <= current) {
      continue;
    }
    // Before the transaction, and destroyed after it (declared first): see ForeignKeysOff.
    std::optional<ForeignKeysOff> keys_off;
    if (migration.rebuilds_tables) keys_off.emplace(db, migration);
    {
      Transaction transaction(db);
      // Another process may have migrated between the check above and taking the write lock.
      if (schema_version(db) >= migration.version) {
        continue;
      }
      try {
        if (migration.prepare != nullptr) migration.prepare(db, context);
        db.exec(migration.sql);
        if (migration.rebuilds_tables) refuse_broken_foreign_keys(db);
        db.exec("PRAGMA user_version = " + std::to_string(migration.version));
        transaction.commit();
      } catch (const StoreError& error) {
        throw StoreError(describe(migration) + " failed: " + error.what(), error.sql(),
                         error.code());
      }
    }
    if (keys_off) keys_off->restore();
  }
}

}  // namespace esr::db
