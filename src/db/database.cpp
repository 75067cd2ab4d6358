#include "esr/db/database.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

namespace esr::db {

namespace {

constexpr mode_t owner_only = S_IRUSR | S_IWUSR;  // 0600
constexpr int busy_timeout_ms = 5000;

std::string errno_text(int error_number) { return std::generic_category().message(error_number); }

// Creates `file` with mode 0600 unless it exists, so that SQLite never creates it with the
// umask's idea of a mode; fchmod because the umask may also have removed bits from 0600.
void create_owner_only(const std::filesystem::path& file) {
  const int fd =
      ::open(file.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, owner_only);
  if (fd < 0) {
    if (errno == EEXIST) {
      return;
    }
    const int error_number = errno;
    throw StoreError("cannot create database " + file.string() + ": " + errno_text(error_number));
  }
  const int chmod_rc = ::fchmod(fd, owner_only);
  const int error_number = errno;
  ::close(fd);
  if (chmod_rc != 0) {
    throw StoreError("cannot set mode 0600 on database " + file.string() + ": " +
                     errno_text(error_number));
  }
}

// How many statements `sql` holds: SQLiteCpp compiles the first and ignores the rest, which would
// hide a mistake, and holds nothing for a text of spaces and comments.
enum class Statements { none, one, several };

Statements count_statements(sqlite3* connection, std::string_view sql) {
  constexpr std::string_view blank = " \t\r\n;";
  // Without a semicolon or a comment, the text is one statement or nothing: no need to compile.
  if (sql.find(';') == std::string_view::npos && sql.find("--") == std::string_view::npos &&
      sql.find("/*") == std::string_view::npos) {
    return sql.find_first_not_of(blank) == std::string_view::npos ? Statements::none
                                                                  : Statements::one;
  }
  auto compile = [connection](std::string_view text, const char** tail) {
    sqlite3_stmt* statement = nullptr;
    const int rc = sqlite3_prepare_v2(connection, text.data(), static_cast<int>(text.size()),
                                      &statement, tail);
    const bool compiled = rc == SQLITE_OK && statement != nullptr;
    sqlite3_finalize(statement);
    return rc != SQLITE_OK ? std::optional<bool>() : std::optional<bool>(compiled);
  };
  const char* tail = nullptr;
  const auto first = compile(sql, &tail);
  if (!first) return Statements::one;  // SQLiteCpp compiled it: cannot fail here
  if (!*first) return Statements::none;
  const std::string_view rest = sql.substr(static_cast<std::size_t>(tail - sql.data()));
  if (rest.find_first_not_of(blank) == std::string_view::npos) return Statements::one;
  const auto second = compile(rest, nullptr);
  return !second || *second ? Statements::several : Statements::one;
}

}  // namespace

Database::Database(std::shared_ptr<SQLite::Database> connection,
                   std::filesystem::path path) noexcept
    : connection_(std::move(connection)), path_(std::move(path)) {}

Database::Database(Database&& other) noexcept = default;
Database& Database::operator=(Database&& other) noexcept = default;
Database::~Database() = default;

Database Database::open(const std::filesystem::path& file) {
  create_owner_only(file);
  // SQLite counts every allocation under a global mutex to serve sqlite3_memory_used(), which
  // esrd never asks; a million-row transaction allocates millions of times. It can only be
  // turned off before SQLite initialises (later, sqlite3_config refuses, harmlessly).
  static const bool memory_statistics_off = [] {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  }();
  (void)memory_statistics_off;

  std::shared_ptr<SQLite::Database> connection;
  try {
    // NOMUTEX: a connection is only ever used by the thread that opened it (the HTTP endpoint
    // opens its own per request), so SQLite's per-call locking is pure cost on the hot paths.
    connection = std::make_shared<SQLite::Database>(
        file.c_str(),
        SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOFOLLOW | SQLite::OPEN_NOMUTEX,
        busy_timeout_ms);
  } catch (const std::exception& error) {
    detail::throw_store_error(error, "cannot open database " + file.string(), {});
  }
  Database db(std::move(connection), file);

  // journal_mode answers with the mode in force, which stays "delete" (without an error) where
  // WAL is impossible; esrd relies on WAL, so say so rather than run without it.
  {
    Statement mode = db.prepare("PRAGMA journal_mode = WAL");
    if (!mode.step() || mode.column_text(0) != "wal") {
      throw StoreError("cannot switch database " + file.string() + " to WAL journal mode",
                       std::string(mode.sql()));
    }
  }
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA foreign_keys = ON");
  db.secure_files();
  return db;
}

void Database::exec(std::string_view sql) {
  try {
    connection_->exec(std::string(sql));
  } catch (const std::exception& error) {
    detail::throw_store_error(error, "cannot execute SQL on " + path_.string(), sql);
  }
}

Statement Database::prepare(std::string_view sql) {
  const std::string text(sql);
  std::unique_ptr<SQLite::Statement> statement;
  try {
    statement = std::make_unique<SQLite::Statement>(*connection_, text);
  } catch (const std::exception& error) {
    detail::throw_store_error(error, "cannot prepare SQL on " + path_.string(), sql);
  }
  switch (count_statements(connection_->getHandle(), text)) {
    case Statements::none:
      throw StoreError("cannot prepare SQL on " + path_.string() + ": no statement in the text",
                       text);
    case Statements::several:
      throw StoreError("cannot prepare SQL on " + path_.string() +
                           ": more than one statement (use exec() for scripts)",
                       text);
    case Statements::one:
      break;
  }
  return Statement(connection_, std::move(statement));
}

std::int64_t Database::last_insert_rowid() const { return connection_->getLastInsertRowid(); }

int Database::changes() const { return connection_->getChanges(); }

void Database::refuse_writes() { exec("PRAGMA query_only = ON"); }

void Database::secure_files() {
  const std::string base = path_.string();
  for (const std::string& file : {base, base + "-wal", base + "-shm"}) {
    if (::chmod(file.c_str(), owner_only) != 0 && errno != ENOENT) {
      const int error_number = errno;
      throw StoreError("cannot set mode 0600 on " + file + ": " + errno_text(error_number));
    }
  }
}

}  // namespace esr::db
