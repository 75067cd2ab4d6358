#include "esr/store/migrations.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <string>

#include "esr/store/backup.hpp"
#include "esr/store/state_schema.hpp"
#include "esr/store/transaction.hpp"

namespace esr::store {

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
    copy += fmt::format(".before-v{}-{}", newest, utc_now_compact());
    backup_into(db, copy);
    spdlog::warn("database={} schema_version={} upgrading_to={} backup={}", db.path().string(),
                 current, newest, copy.string());
  }
  for (const Migration& migration : migrations) {
    if (migration.version <= current) {
      continue;
    }
    Transaction transaction(db);
    // Another process may have migrated between the check above and taking the write lock.
    if (schema_version(db) >= migration.version) {
      continue;
    }
    try {
      if (migration.prepare != nullptr) migration.prepare(db, context);
      db.exec(migration.sql);
      db.exec("PRAGMA user_version = " + std::to_string(migration.version));
      transaction.commit();
    } catch (const StoreError& error) {
      throw StoreError("schema migration " + std::to_string(migration.version) + " (" +
                           std::string(migration.description) + ") failed: " + error.what(),
                       error.sql(), error.code());
    }
  }
}

}  // namespace esr::store
