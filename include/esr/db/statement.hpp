#pragma once
// A prepared SQL statement: bind by 1-based index, step, read columns.
#include <concepts>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "esr/db/store_error.hpp"

namespace SQLite {
class Column;
class Database;
class Statement;
}  // namespace SQLite

namespace esr::db {

class Database;

/// One compiled statement (a SQLite::Statement), made by Database::prepare(): meant to be kept
/// and reused, for example across the rows of a large file.
///
/// Use: bind(...) each parameter by its 1-based index, then step() while it returns true and
/// read the columns (0-based) of each row, or run() for a statement that returns no rows of
/// interest. reset() (which run() calls) makes it ready for the next set of values.
///
/// Text is bound with SQLITE_TRANSIENT: SQLite copies it, so the argument may die right after
/// bind(). An empty string binds '' (never NULL); NULL is bind_null(), std::nullopt, an empty
/// std::optional or a null const char*.
///
/// On failure bind(), step() and run() throw StoreError naming the SQL (never the bound values);
/// after a failed step() the statement has been reset and may be used again. Column readers
/// never fail: an index out of range reads as NULL.
///
/// A Statement may outlive its Database (it shares the connection, which closes with the last of
/// them), but must not be used after it. Thread-safety: none, like its Database.
class Statement {
 public:
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  ~Statement();

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value);
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::string& value);
  /// A null pointer binds NULL.
  Statement& bind(int index, const char* value);
  Statement& bind(int index, std::nullopt_t);
  /// Any other signed integer (long long, short...) binds as a 64-bit integer. Unsigned integers
  /// do not compile: cast them, knowing SQLite holds at most INT64_MAX.
  template <std::signed_integral T>
  Statement& bind(int index, T value) {
    return bind(index, static_cast<std::int64_t>(value));
  }
  /// NULL when empty, the value otherwise (std::optional<std::string>, <std::int64_t>...).
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    if (!value) {
      return bind_null(index);
    }
    return bind(index, *value);
  }
  Statement& bind_null(int index);
  /// Binds `bytes` as a BLOB (copied, like text).
  Statement& bind_blob(int index, std::string_view bytes);

  /// Advances: true when a row is ready to read, false when the statement has finished.
  [[nodiscard]] bool step();
  /// Steps to completion (ignoring rows), then reset().
  void run();
  /// Rewinds to before the first step and sets every parameter back to NULL. Never throws (an
  /// error of the last step was already reported by step()).
  void reset() noexcept;

  [[nodiscard]] std::int64_t column_int64(int column) const;
  [[nodiscard]] std::optional<std::int64_t> column_optional_int64(int column) const;
  [[nodiscard]] int column_int(int column) const;
  [[nodiscard]] double column_double(int column) const;
  /// NULL reads as "".
  [[nodiscard]] std::string column_text(int column) const;
  [[nodiscard]] std::optional<std::string> column_optional_text(int column) const;
  [[nodiscard]] bool column_is_null(int column) const;
  /// A BLOB's bytes (NULL reads as empty).
  [[nodiscard]] std::string column_blob(int column) const;
  /// Number of columns in a result row.
  [[nodiscard]] int column_count() const;

  /// The SQL text the statement was prepared from.
  [[nodiscard]] std::string_view sql() const;

 private:
  friend class Database;
  Statement(std::shared_ptr<SQLite::Database> connection,
            std::unique_ptr<SQLite::Statement> statement) noexcept;
  [[noreturn]] void fail(std::string_view context, const std::exception& error) const;
  template <typename Bind>
  Statement& checked_bind(int index, Bind&& bind);
  [[nodiscard]] std::optional<SQLite::Column> column(int index) const;

  // Declared first, destroyed last: the connection outlives the statement compiled on it.
  std::shared_ptr<SQLite::Database> connection_;
  std::unique_ptr<SQLite::Statement> stmt_;
  std::string text_;  // the text being bound, reused (bind of a string_view)
};

}  // namespace esr::db
