#include "esr/db/transaction.hpp"

#include <sqlite3.h>

#include <utility>

namespace esr::db {

Transaction::Transaction(Database& db) : db_(&db) { db.exec("BEGIN IMMEDIATE"); }

Transaction Transaction::join(Database& db) {
  if (sqlite3_get_autocommit(db.handle()) != 0) {
    throw StoreError("no transaction is open on " + db.path().string() + " to join");
  }
  return {db, false};
}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(other.db_), open_(std::exchange(other.open_, false)) {}

Transaction::~Transaction() { rollback(); }

void Transaction::commit() {
  if (!open_) {
    return;
  }
  db_->exec("COMMIT");
  open_ = false;
}

void Transaction::rollback() noexcept {
  if (!open_) {
    return;
  }
  open_ = false;
  sqlite3* handle = db_->handle();
  // Some errors (a full disk, an I/O error) make SQLite roll back by itself; a ROLLBACK then
  // would only fail with "no transaction is active".
  if (handle != nullptr && sqlite3_get_autocommit(handle) == 0) {
    sqlite3_exec(handle, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

}  // namespace esr::db
