#pragma once
// esrd's own database schema: the migrations that build state/esrd.sqlite.
#include <filesystem>
#include <span>

#include "esr/db/database.hpp"
#include "esr/db/migrations.hpp"

namespace esr::state {

/// Every migration of esrd's state, oldest first.
[[nodiscard]] std::span<const db::Migration> state_migrations();

/// Opens (creating if needed) the state database with owner-only permissions and brings its
/// schema up to date (apply_migrations, a backup first). `schemas` (the registry loaded from
/// schemas/) is what a migration may need beyond SQL: migration 7 formats the notifications not
/// yet exported with the NOT record. Without it such an upgrade throws StoreError, changing
/// nothing (no row is lost); a new or current database never needs it. Throws StoreError.
[[nodiscard]] db::Database open_state(const std::filesystem::path& file,
                                      const spec::SchemaRegistry* schemas = nullptr);

}  // namespace esr::state
