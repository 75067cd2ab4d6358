#pragma once
// One owner-only SQLite connection in WAL mode, on SQLiteCpp.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include "esr/db/statement.hpp"
#include "esr/db/store_error.hpp"

namespace SQLite {
class Database;
}

namespace esr::db {

/// An open connection to one SQLite database file: a SQLite::Database (SQLiteCpp) with the
/// guarantees esrd relies on, and errors as StoreError.
///
/// Guarantees, from open() on: the file exists with mode 0600 whatever the umask (it is created
/// 0600 before SQLite opens it, and the database, -wal and -shm files are chmod-ed to 0600 again
/// after opening), journal_mode=WAL, synchronous=FULL (a committed transaction survives a power
/// cut), foreign_keys=ON, a busy timeout of 5 s, extended result codes, and symbolic links refused
/// for the database path. The connection is closed when the Database and every Statement prepared
/// from it are gone (SQLite then checkpoints and removes -wal and -shm when it is the last
/// connection): the Statements share its ownership, because SQLiteCpp's connection refuses to
/// close under a live statement.
///
/// On failure every member throws StoreError naming the SQL. A moved-from Database may only be
/// destroyed or assigned to.
///
/// Thread-safety: none. Use a Database (and the Statements prepared from it) from one thread at a
/// time; give each thread its own Database for concurrency (WAL lets readers run beside a writer).
class Database {
 public:
  /// Opens `file`, creating it (and nothing else: the folder must exist) when missing.
  [[nodiscard]] static Database open(const std::filesystem::path& file);

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  ~Database();

  /// Runs one or more SQL statements separated by semicolons, discarding any rows. For schema
  /// work and fixed statements; anything with values goes through prepare() and bind().
  void exec(std::string_view sql);

  /// Compiles exactly one statement (a trailing semicolon, spaces and comments are allowed;
  /// a second statement is refused, so that nothing is silently ignored).
  [[nodiscard]] Statement prepare(std::string_view sql);

  /// The rowid of the most recent successful INSERT on this connection.
  [[nodiscard]] std::int64_t last_insert_rowid() const;
  /// Rows changed by the most recent INSERT, UPDATE or DELETE on this connection.
  [[nodiscard]] int changes() const;

  /// The SQLiteCpp connection, for what this class does not wrap (transactions, backup). The
  /// Database keeps ownership.
  [[nodiscard]] SQLite::Database& connection() noexcept { return *connection_; }

  /// Makes this connection refuse every write from now on (SQLite's query_only): for readers
  /// that must not change the state, such as the HTTP endpoint's status.
  void refuse_writes();

  /// Re-applies mode 0600 to the database file and to its -wal and -shm files when they exist.
  void secure_files();

  /// The path given to open().
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  Database(std::shared_ptr<SQLite::Database> connection, std::filesystem::path path) noexcept;

  std::shared_ptr<SQLite::Database> connection_;
  std::filesystem::path path_;
};

}  // namespace esr::db
