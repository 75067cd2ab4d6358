#include "esr/db/backup.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Exception.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace esr::db {

namespace {

void fsync_path(const std::filesystem::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) {
    throw StoreError("cannot open " + path.string() +
                     " to sync it: " + std::generic_category().message(errno));
  }
  const int rc = ::fsync(fd);
  const int error_number = errno;
  ::close(fd);
  if (rc != 0) {
    throw StoreError("cannot sync " + path.string() + ": " +
                     std::generic_category().message(error_number));
  }
}

void copy_pages(Database& source, Database& target) {
  try {
    SQLite::Backup backup(target.connection(), source.connection());
    // -1: every page in one step, under one read transaction of the source: one snapshot.
    const int step = backup.executeStep(-1);
    if (step != SQLITE_DONE) {
      throw SQLite::Exception(sqlite3_errstr(step), step);
    }
  } catch (const std::exception& error) {
    detail::throw_store_error(error, "cannot back up " + source.path().string(), {});
  }
}

}  // namespace

void backup_into(Database& source, const std::filesystem::path& destination) {
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::symlink_status(destination, ec))) {
    throw StoreError("backup destination " + destination.string() + " already exists");
  }
  auto part = destination;
  part += ".part";
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(part.string() + suffix, ec);  // left by an earlier, broken backup
  }
  try {
    {
      Database target = Database::open(part);
      copy_pages(source, target);
      // One self-contained file: no -wal beside the copy to lose when it is moved.
      target.exec("PRAGMA journal_mode = DELETE");
    }
    fsync_path(part, O_RDONLY);
    std::filesystem::rename(part, destination);
    fsync_path(destination.parent_path().empty() ? "." : destination.parent_path(),
               O_RDONLY | O_DIRECTORY);
  } catch (...) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(part.string() + suffix, ec);
    }
    throw;
  }
}

}  // namespace esr::db
