#pragma once
// The one exception type of the store layer: SQLite said no.
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace esr::db {

/// An error from SQLite, or from this layer about the database: a locked, full, corrupt or
/// unreadable database, a constraint violation, SQL that does not compile, a schema that is newer
/// than this program. what() names the operation, SQLite's own message, the result code and the
/// SQL involved (shortened to 300 characters; sql() keeps all of it), so one log line is enough.
///
/// Bound values are never part of the message, so personal data does not reach the logs.
/// Immutable; copying never throws; safe to share between threads.
class StoreError : public std::runtime_error {
 public:
  /// `message` is the whole of what(); `sql` the statement involved (may be empty); `code`
  /// SQLite's extended result code, or 0 when the error is this layer's own.
  explicit StoreError(const std::string& message, std::string sql = {}, int code = 0)
      : std::runtime_error(message),
        sql_(std::make_shared<const std::string>(std::move(sql))),
        code_(code) {}

  /// The SQL involved, complete; empty when none.
  [[nodiscard]] const std::string& sql() const noexcept { return *sql_; }
  /// SQLite's extended result code (for example 2067, SQLITE_CONSTRAINT_UNIQUE); 0 when none.
  [[nodiscard]] int code() const noexcept { return code_; }
  /// The primary result code (the low byte of code()): 5 SQLITE_BUSY, 19 SQLITE_CONSTRAINT...
  [[nodiscard]] int primary_code() const noexcept { return code_ & 0xff; }
  /// A UNIQUE, NOT NULL, CHECK or FOREIGN KEY constraint refused the change.
  [[nodiscard]] bool is_constraint() const noexcept { return primary_code() == constraint_code; }
  /// Another connection held the lock for longer than the busy timeout.
  [[nodiscard]] bool is_busy() const noexcept { return primary_code() == busy_code; }

  static constexpr int busy_code = 5;         // SQLITE_BUSY, checked in store_error.cpp
  static constexpr int constraint_code = 19;  // SQLITE_CONSTRAINT, checked in store_error.cpp

 private:
  std::shared_ptr<const std::string> sql_;  // shared so that copying the exception cannot throw
  int code_;
};

namespace detail {

/// Throws a StoreError for what SQLiteCpp threw (a SQLite::Exception, or any std::exception):
/// "<context>: <SQLite's message> [code N] (SQL: ...)", with SQLite's extended result code.
[[noreturn]] void throw_store_error(const std::exception& error, std::string_view context,
                                    std::string_view sql);

}  // namespace detail

}  // namespace esr::db
