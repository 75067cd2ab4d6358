#include "esr/db/transaction.hpp"

#include <SQLiteCpp/Transaction.h>

#include <utility>

namespace esr::db {

Transaction::Transaction(Database& db) : db_(&db) {
  try {
    open_ = std::make_unique<SQLite::Transaction>(db.connection(),
                                                  SQLite::TransactionBehavior::IMMEDIATE);
  } catch (const std::exception& error) {
    detail::throw_store_error(error, "cannot execute SQL on " + db.path().string(),
                              "BEGIN IMMEDIATE");
  }
}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(other.db_), open_(std::move(other.open_)) {}

// SQLite::Transaction's destructor rolls back what was not committed and swallows the error of a
// ROLLBACK that SQLite already did by itself (after a full disk or an I/O error).
Transaction::~Transaction() = default;

void Transaction::commit() {
  if (!open_) {
    return;
  }
  try {
    open_->commit();
  } catch (const std::exception& error) {
    detail::throw_store_error(error, "cannot execute SQL on " + db_->path().string(), "COMMIT");
  }
  open_.reset();
}

void Transaction::rollback() noexcept { open_.reset(); }

}  // namespace esr::db
