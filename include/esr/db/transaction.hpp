#pragma once
// A write transaction that rolls back unless committed.
#include <cstddef>
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
  /// The transaction a caller already holds open on `db`, for code that must show one (state/
  /// writes take a Transaction) but was handed only the Database by a caller that does not pass
  /// its Transaction down. It does not own the transaction: its commit() and rollback() do
  /// nothing, and it ends nothing when it goes. Throws StoreError when no transaction is open on
  /// `db`.
  [[nodiscard]] static Transaction join(Database& db);
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
  Transaction(Database& db, std::nullptr_t) noexcept;

  Database* db_;
  std::unique_ptr<SQLite::Transaction> open_;  // null once committed or rolled back
};

}  // namespace esr::db
