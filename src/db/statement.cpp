#include "esr/db/statement.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <climits>
#include <string>
#include <utility>

namespace esr::db {

Statement::Statement(std::shared_ptr<SQLite::Database> connection,
                     std::unique_ptr<SQLite::Statement> statement) noexcept
    : connection_(std::move(connection)), stmt_(std::move(statement)) {}

Statement::Statement(Statement&& other) noexcept = default;
Statement& Statement::operator=(Statement&& other) noexcept = default;
Statement::~Statement() = default;

void Statement::fail(std::string_view context, const std::exception& error) const {
  // Name the database file, as Database's own errors do: "readonly" or "locked" alone does not
  // tell an operator which file to look at.
  std::string message(context);
  if (const std::string& file = connection_->getFilename(); !file.empty()) {
    message += " on ";
    message += file;
  }
  detail::throw_store_error(error, message, sql());
}

// SQLiteCpp copies what it binds (SQLITE_TRANSIENT), so the argument may die after bind().
template <typename Bind>
Statement& Statement::checked_bind(int index, Bind&& bind) {
  try {
    bind(*stmt_);
  } catch (const std::exception& error) {
    fail("cannot bind parameter " + std::to_string(index), error);
  }
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  return checked_bind(index, [&](SQLite::Statement& s) { s.bind(index, value); });
}

Statement& Statement::bind(int index, int value) {
  return checked_bind(index, [&](SQLite::Statement& s) { s.bind(index, value); });
}

Statement& Statement::bind(int index, double value) {
  return checked_bind(index, [&](SQLite::Statement& s) { s.bind(index, value); });
}

Statement& Statement::bind(int index, std::string_view value) {
  // SQLiteCpp takes text with its length only as a std::string: reuse one per statement, so
  // binding the fields of a million records allocates nothing (SQLite copies the text anyway).
  text_.assign(value);
  return bind(index, static_cast<const std::string&>(text_));
}

Statement& Statement::bind(int index, const std::string& value) {
  return checked_bind(index, [&](SQLite::Statement& s) { s.bind(index, value); });
}

Statement& Statement::bind(int index, const char* value) {
  if (value == nullptr) {
    return bind_null(index);
  }
  return bind(index, std::string_view(value));
}

Statement& Statement::bind(int index, std::nullopt_t) { return bind_null(index); }

Statement& Statement::bind_null(int index) {
  return checked_bind(index, [&](SQLite::Statement& s) { s.bind(index); });
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  return checked_bind(index, [&](SQLite::Statement& s) {
    if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
      throw SQLite::Exception("blob larger than 2 GiB", 18);  // SQLITE_TOOBIG
    }
    s.bind(index, bytes.data() != nullptr ? bytes.data() : "", static_cast<int>(bytes.size()));
  });
}

bool Statement::step() {
  // SQLite runs a finished statement again from the start; SQLiteCpp refuses to until reset.
  if (stmt_->isDone()) {
    stmt_->tryReset();
  }
  try {
    return stmt_->executeStep();
  } catch (const std::exception& error) {
    // The exception carries the connection's message for this failure; the reset leaves the
    // statement reusable.
    stmt_->tryReset();
    fail("cannot execute statement", error);
  }
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() noexcept {
  stmt_->tryReset();
  try {
    stmt_->clearBindings();
  } catch (const std::exception&) {
    // sqlite3_clear_bindings cannot fail on a compiled statement.
  }
}

std::optional<SQLite::Column> Statement::column(int index) const {
  // SQLiteCpp throws for a column out of range or with no row; these readers never fail.
  if (!stmt_->hasRow() || index < 0 || index >= stmt_->getColumnCount()) return std::nullopt;
  return stmt_->getColumn(index);
}

std::int64_t Statement::column_int64(int index) const {
  const auto value = column(index);
  return value ? value->getInt64() : 0;
}

std::optional<std::int64_t> Statement::column_optional_int64(int index) const {
  if (column_is_null(index)) {
    return std::nullopt;
  }
  return column_int64(index);
}

int Statement::column_int(int index) const {
  const auto value = column(index);
  return value ? value->getInt() : 0;
}

double Statement::column_double(int index) const {
  const auto value = column(index);
  return value ? value->getDouble() : 0.0;
}

std::string Statement::column_text(int index) const {
  const auto value = column(index);
  return value && !value->isNull() ? value->getString() : std::string();
}

std::optional<std::string> Statement::column_optional_text(int index) const {
  if (column_is_null(index)) {
    return std::nullopt;
  }
  return column_text(index);
}

bool Statement::column_is_null(int index) const {
  const auto value = column(index);
  return !value || value->isNull();
}

std::string Statement::column_blob(int index) const {
  // getString() reads a BLOB's bytes as they are (NUL included), and NULL as empty.
  return column_text(index);
}

int Statement::column_count() const { return stmt_->getColumnCount(); }

std::string_view Statement::sql() const { return stmt_->getQuery(); }

}  // namespace esr::db
