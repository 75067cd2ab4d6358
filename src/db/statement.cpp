#include "esr/db/statement.hpp"

#include <sqlite3.h>

#include <string>
#include <utility>

namespace esr::db {

Statement::Statement(Statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::fail(int rc, std::string_view context) const {
  // Name the database file, as Database's own errors do: "readonly" or "locked" alone does not
  // tell an operator which file to look at.
  sqlite3* db = sqlite3_db_handle(stmt_);
  const char* file = sqlite3_db_filename(db, "main");
  std::string message(context);
  if (file != nullptr && *file != '\0') {
    message += " on ";
    message += file;
  }
  detail::throw_sqlite_error(db, rc, message, sql());
}

Statement& Statement::check_bind(int rc, int index) {
  if (rc != SQLITE_OK) {
    fail(rc, "cannot bind parameter " + std::to_string(index));
  }
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  return check_bind(sqlite3_bind_int64(stmt_, index, value), index);
}

Statement& Statement::bind(int index, int value) {
  return check_bind(sqlite3_bind_int(stmt_, index, value), index);
}

Statement& Statement::bind(int index, double value) {
  return check_bind(sqlite3_bind_double(stmt_, index, value), index);
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  const char* data = bytes.data() != nullptr ? bytes.data() : "";
  return check_bind(sqlite3_bind_blob64(stmt_, index, data, bytes.size(), SQLITE_TRANSIENT), index);
}

Statement& Statement::bind(int index, std::string_view value) {
  // A null data pointer would bind NULL; an empty string_view must bind ''.
  const char* data = value.data() != nullptr ? value.data() : "";
  return check_bind(
      sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8), index);
}

Statement& Statement::bind(int index, const std::string& value) {
  return bind(index, std::string_view(value));
}

Statement& Statement::bind(int index, const char* value) {
  if (value == nullptr) {
    return bind_null(index);
  }
  return bind(index, std::string_view(value));
}

Statement& Statement::bind(int index, std::nullopt_t) { return bind_null(index); }

Statement& Statement::bind_null(int index) {
  return check_bind(sqlite3_bind_null(stmt_, index), index);
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  // Build the message first: reset() would not change it, but the exception must carry the
  // connection's message for this failure and leave the statement reusable.
  try {
    fail(rc, "cannot execute statement");
  } catch (...) {
    sqlite3_reset(stmt_);
    throw;
  }
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() noexcept {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::column_int64(int column) const {
  return static_cast<std::int64_t>(sqlite3_column_int64(stmt_, column));
}

std::optional<std::int64_t> Statement::column_optional_int64(int column) const {
  if (column_is_null(column)) {
    return std::nullopt;
  }
  return column_int64(column);
}

int Statement::column_int(int column) const { return sqlite3_column_int(stmt_, column); }

double Statement::column_double(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Statement::column_text(int column) const {
  // Text first, then bytes: the documented order that avoids a conversion invalidating the
  // pointer.
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);
  if (text == nullptr) {
    return {};
  }
  return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)};
}

std::optional<std::string> Statement::column_optional_text(int column) const {
  if (column_is_null(column)) {
    return std::nullopt;
  }
  return column_text(column);
}

bool Statement::column_is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int Statement::column_count() const { return sqlite3_column_count(stmt_); }

std::string_view Statement::sql() const {
  const char* text = sqlite3_sql(stmt_);
  return text != nullptr ? std::string_view(text) : std::string_view();
}

std::string Statement::column_blob(int column) const {
  const void* blob = sqlite3_column_blob(stmt_, column);
  const int bytes = sqlite3_column_bytes(stmt_, column);
  if (blob == nullptr || bytes <= 0) return {};
  return {static_cast<const char*>(blob), static_cast<std::size_t>(bytes)};
}

}  // namespace esr::db
