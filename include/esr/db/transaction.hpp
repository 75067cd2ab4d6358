#pragma once
// A write transaction that rolls back unless committed.
#include <memory>

#include "esr/db/database.hpp"

namespace SQLite {
class Transaction;
}

namespace esr::db {

/// A SQLite::Transaction of behaviour IMMEDIATE: BEGIN IMMEDIATE on construction: the write lock is
/// taken at once (waiting up to the busy timeout), so a transaction never fails half-way for want
/// of the lock. commit() makes the changes durable (synchronous=FULL); if commit() is not reached,
/// for example because an exception unwinds the scope, the destructor rolls everything back.
///
/// The constructor and commit() throw StoreError (busy, disk full, I/O error...); after a failed
/// commit() the destructor still rolls back. The destructor never throws. Transactions do not
/// nest: starting a second on the same Database throws StoreError.
///
/// Thread-safety: none, like its Database, which must outlive it.
class Transaction {
 public:
  explicit Transaction(Database& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  /// The moved-from Transaction no longer rolls back; the new one owns the open transaction.
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  /// COMMIT. Calling it twice, or after rollback(), is a no-op.
  void commit();
  /// ROLLBACK now instead of at destruction. Never throws.
  void rollback() noexcept;

  /// The connection the transaction is open on: state/ writes take the Transaction, as proof
  /// that they run inside one, and reach the database through it.
  [[nodiscard]] Database& database() const noexcept { return *db_; }

 private:
  Database* db_;
  std::unique_ptr<SQLite::Transaction> open_;  // null once committed or rolled back
};

}  // namespace esr::db
