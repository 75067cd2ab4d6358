#pragma once
// A consistent copy of a database, taken with SQLite's online backup API.
#include <filesystem>

#include "esr/db/database.hpp"

namespace esr::db {

/// Copies `source` into a new database file `destination` (which must not exist) as one
/// consistent snapshot: the copy holds a read transaction of `source` for its whole length, so a
/// daemon writing at the same time (WAL) is neither blocked nor seen half-way. The copy is
/// written beside `destination` as `<destination>.part` (mode 0600), synced, in journal mode
/// DELETE (one self-contained file), then renamed into place, so `destination` appears only
/// complete. Throws StoreError (the destination exists, a disk error, the source unreadable);
/// the .part is removed on failure. Thread-safety: as Database.
void backup_into(Database& source, const std::filesystem::path& destination);

}  // namespace esr::db
