#pragma once
// Schema migrations, numbered by PRAGMA user_version.
#include <span>
#include <string_view>

#include "esr/db/database.hpp"

namespace esr::spec {
class SchemaRegistry;
}

namespace esr::db {

/// What the running esrd lends a migration that SQL alone cannot do faithfully (formatting a
/// stored record with the schema engine, say). Everything is optional: a migration whose step
/// needs something missing throws StoreError saying so, and only when it has rows that need it.
struct MigrationContext {
  /// The schemas loaded from schemas/, when the caller has them.
  const spec::SchemaRegistry* schemas = nullptr;
};

/// One step of the schema. `version` counts from 1 and is what PRAGMA user_version reads once the
/// step is applied; `sql` may hold several statements but no BEGIN/COMMIT (and PRAGMAs that do
/// nothing inside a transaction, such as foreign_keys, do nothing here).
/// `prepare`, when set, runs first, in the same transaction as `sql` (so a failure of either
/// leaves the database at the previous version): C++ for what SQL cannot do faithfully, such as
/// filling a column the SQL then requires. It throws StoreError to refuse the migration.
///
/// `rebuilds_tables` is for a migration that changes a table in a way ALTER TABLE cannot (adding
/// a CHECK, say) by rebuilding it the way SQLite documents (lang_altertable.html, "Making Other
/// Kinds Of Table Schema Changes"): create the new table, copy every row with its ids, drop the
/// old one, rename the new one, create the old one's indexes and triggers again. Dropping a table
/// that other tables reference is refused while foreign keys are enforced, and the foreign_keys
/// pragma does nothing inside a transaction; so for such a migration apply_migrations turns
/// foreign keys off before BEGIN, runs PRAGMA foreign_key_check before the COMMIT (refusing the
/// migration, rolled back, if it reports any row), and turns them back on afterwards (when they
/// were on, as Database::open leaves them), whether the migration was applied, skipped or
/// refused.
struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
  void (*prepare)(Database& db, const MigrationContext& context) = nullptr;
  bool rebuilds_tables = false;
};

/// Brings the database up to the newest of `migrations`, which must be in strictly increasing
/// order of version, all above 0. Each migration runs in its own IMMEDIATE transaction together
/// with the user_version bump, so a crash or an error leaves the database at the previous
/// version, never half-way. Migrations at or below the current user_version are skipped (the
/// version is re-read inside each transaction, so two processes racing do not apply one twice).
///
/// Throws StoreError: when a migration fails (naming its version and description, and its SQL);
/// when the database's user_version is newer than the newest migration known ("database schema
/// version N is newer than this esrd (M)"), touching nothing; when `migrations` is out of order.
/// With `backup_first`, a database that holds a schema already (user_version 1 or more) and needs
/// a migration is first copied whole (backup.hpp) to `<file>.before-v<newest>-<UTC time>` beside
/// it, so an upgrade that goes wrong can be undone by hand; the copy's path is logged.
/// `context` is passed to each migration's `prepare`. A migration that `rebuilds_tables` runs
/// with foreign keys off and checked before its COMMIT (see Migration); it cannot run while the
/// caller holds a transaction open on `db` (StoreError, touching nothing).
/// Thread-safety: as Database.
void apply_migrations(Database& db, std::span<const Migration> migrations,
                      bool backup_first = false, const MigrationContext& context = {});

/// PRAGMA user_version: 0 for a new database.
[[nodiscard]] int schema_version(Database& db);

}  // namespace esr::db
