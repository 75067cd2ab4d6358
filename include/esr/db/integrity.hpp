#pragma once
// SQLite's own check of a database file: b-trees, indexes, free pages, CHECK constraints.
#include <string>
#include <vector>

#include "esr/db/database.hpp"

namespace esr::db {

/// What `PRAGMA integrity_check` finds wrong with `db`, one line each; empty when it says ok.
/// Reads every page, so it takes about as long as reading the file. Throws StoreError when the
/// check cannot run at all.
[[nodiscard]] std::vector<std::string> integrity_problems(Database& db);

}  // namespace esr::db
