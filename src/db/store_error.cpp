#include "esr/db/store_error.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

namespace esr::db {

static_assert(StoreError::busy_code == SQLITE_BUSY);
static_assert(StoreError::constraint_code == SQLITE_CONSTRAINT);

namespace {
constexpr std::size_t sql_in_message = 300;
}

namespace detail {

void throw_store_error(const std::exception& error, std::string_view context,
                       std::string_view sql) {
  // SQLiteCpp's message is sqlite3_errmsg of the failure; its extended code is what an operator
  // (and StoreError::is_busy/is_constraint) needs. -1 is SQLiteCpp's "no SQLite code".
  const auto* sqlite = dynamic_cast<const SQLite::Exception*>(&error);
  int code = sqlite != nullptr ? sqlite->getExtendedErrorCode() : 0;
  if (code < 0) code = sqlite->getErrorCode() < 0 ? 0 : sqlite->getErrorCode();
  std::string message(context);
  message += ": ";
  message += error.what();
  message += " [code " + std::to_string(code) + "]";
  if (!sql.empty()) {
    message += " (SQL: ";
    if (sql.size() > sql_in_message) {
      message.append(sql.substr(0, sql_in_message));
      message += "...";
    } else {
      message.append(sql);
    }
    message += ")";
  }
  throw StoreError(message, std::string(sql), code);
}

}  // namespace detail

}  // namespace esr::db
