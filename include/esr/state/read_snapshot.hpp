#pragma once
// One read transaction, so that the reads of one report (a trace, a status) see one state.
#include "esr/db/database.hpp"

namespace esr::state {

/// BEGIN DEFERRED on construction, ROLLBACK on destruction: the reads made meanwhile on `db` all
/// see the state as it was at the first of them, whatever another process commits. Nothing is
/// written, so nothing is committed. The constructor throws StoreError (a transaction already
/// open on `db`...); the destructor never throws.
///
/// Thread-safety: none, like its Database, which must outlive it.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(db::Database& db) : db_(db) { db_.exec("BEGIN DEFERRED"); }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;
  ~ReadSnapshot() {
    try {
      db_.exec("ROLLBACK");
    } catch (...) {  // nothing was written; the connection closes soon after
    }
  }

 private:
  db::Database& db_;
};

}  // namespace esr::state
