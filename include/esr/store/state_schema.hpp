#pragma once
// esrd's own database schema: the migrations that build state/esrd.sqlite.
#include <filesystem>
#include <span>

#include "esr/store/database.hpp"
#include "esr/store/migrations.hpp"

namespace esr::store {

/// Every migration of esrd's state, oldest first.
[[nodiscard]] std::span<const Migration> state_migrations();

/// Opens (creating if needed) the state database with owner-only permissions and brings its
/// schema up to date (apply_migrations, a backup first). `schemas` (the registry loaded from
/// schemas/) is what a migration may need beyond SQL: migration 7 formats the notifications not
/// yet exported with the NOT record. Without it such an upgrade throws StoreError, changing
/// nothing (no row is lost); a new or current database never needs it. Throws StoreError.
[[nodiscard]] Database open_state(const std::filesystem::path& file,
                                  const spec::SchemaRegistry* schemas = nullptr);

/// The current UTC time as ISO 8601 with seconds, for the *_at columns.
[[nodiscard]] std::string utc_now_iso();
/// The same instant for file names: 20261123T143000Z.
[[nodiscard]] std::string utc_now_compact();

}  // namespace esr::store
