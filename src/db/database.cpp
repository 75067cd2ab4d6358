#include "esr/db/database.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <string>
#include <system_error>
#include <utility>

namespace esr::db {

static_assert(StoreError::busy_code == SQLITE_BUSY);
static_assert(StoreError::constraint_code == SQLITE_CONSTRAINT);

namespace {

constexpr mode_t owner_only = S_IRUSR | S_IWUSR;  // 0600
constexpr int busy_timeout_ms = 5000;
constexpr std::size_t sql_in_message = 300;

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

}  // namespace

namespace detail {

void throw_sqlite_error(sqlite3* db, int rc, std::string_view context, std::string_view sql) {
  std::string message(context);
  message += ": ";
  // sqlite3_errmsg describes the most recent failure on the connection, which is this one when
  // its code matches; otherwise fall back to the generic text for the code.
  if (db != nullptr && sqlite3_extended_errcode(db) == rc) {
    message += sqlite3_errmsg(db);
  } else {
    message += sqlite3_errstr(rc);
  }
  message += " [code " + std::to_string(rc) + "]";
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
  throw StoreError(message, std::string(sql), rc);
}

}  // namespace detail

Database::Database(sqlite3* db, std::filesystem::path path) noexcept
    : db_(db), path_(std::move(path)) {}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

Database::~Database() { close(); }

void Database::close() noexcept {
  if (db_ != nullptr) {
    // close_v2: statements still alive keep the connection as a zombie until they are finalized,
    // instead of the close failing with SQLITE_BUSY and leaking the handle.
    sqlite3_close_v2(db_);
    db_ = nullptr;
  }
}

Database Database::open(const std::filesystem::path& file) {
  create_owner_only(file);

  sqlite3* raw = nullptr;
  // NOMUTEX: a connection is only ever used by the thread that opened it (the HTTP endpoint opens
  // its own per request), so SQLite's per-call locking is pure cost on the hot paths.
  const int rc = sqlite3_open_v2(
      file.c_str(), &raw,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX,
      nullptr);
  Database db(raw, file);  // owns the handle even when the open failed, so it is closed
  if (rc != SQLITE_OK) {
    detail::throw_sqlite_error(raw, rc, "cannot open database " + file.string(), {});
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);

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
  const std::string text(sql);  // sqlite3_exec wants a terminating NUL
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  sqlite3_free(error);  // the same text is still in sqlite3_errmsg
  if (rc != SQLITE_OK) {
    detail::throw_sqlite_error(db_, rc, "cannot execute SQL on " + path_.string(), sql);
  }
}

Statement Database::prepare(std::string_view sql) {
  if (sql.size() > static_cast<std::size_t>(INT_MAX)) {
    throw StoreError("SQL statement too long", std::string(sql.substr(0, sql_in_message)));
  }
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, &tail);
  if (rc != SQLITE_OK) {
    detail::throw_sqlite_error(db_, rc, "cannot prepare SQL on " + path_.string(), sql);
  }
  Statement statement(raw);
  if (raw == nullptr) {
    throw StoreError("cannot prepare SQL on " + path_.string() + ": no statement in the text",
                     std::string(sql));
  }

  // Anything after the first statement must compile to nothing (spaces, comments, semicolons).
  const std::string_view rest = sql.substr(static_cast<std::size_t>(tail - sql.data()));
  if (rest.find_first_not_of(" \t\r\n;") != std::string_view::npos) {
    sqlite3_stmt* extra = nullptr;
    const int extra_rc =
        sqlite3_prepare_v2(db_, rest.data(), static_cast<int>(rest.size()), &extra, nullptr);
    sqlite3_finalize(extra);
    if (extra_rc != SQLITE_OK || extra != nullptr) {
      throw StoreError("cannot prepare SQL on " + path_.string() +
                           ": more than one statement (use exec() for scripts)",
                       std::string(sql));
    }
  }
  return statement;
}

std::int64_t Database::last_insert_rowid() const {
  return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_));
}

int Database::changes() const { return sqlite3_changes(db_); }

sqlite3* Database::handle() { return db_; }

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
