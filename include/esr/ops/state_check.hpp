#pragma once
// `esrd check`: is the database sound, and do the archive and the ledger tell the same story?
#include <string>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/ops/data_dir.hpp"

namespace esr::ops {

struct StateCheck {
  std::vector<std::string> problems;  // each a sentence naming a file or table; never file content
  std::int64_t sent_files_checked = 0;
  std::int64_t archived_files_checked = 0;

  [[nodiscard]] bool sound() const { return problems.empty(); }
};

/// Reads only: PRAGMA integrity_check (the whole database), then the ledger against archive/:
/// every outbound file the ledger says was sent has its archive copy with the recorded SHA-256,
/// and every file in archive/ is in the ledger under its name with that SHA-256 (a file the
/// ledger does not know, or other bytes under a known name, are problems). An inbound file
/// applied by hand from outside the inbox has no archive copy by design and is not a problem.
/// Throws db::StoreError or util::FileError for the environment (unreadable database or folder).
[[nodiscard]] StateCheck check_state(db::Database& db, const DataDir& dir);

}  // namespace esr::ops
