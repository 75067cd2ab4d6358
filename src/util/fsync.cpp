#include "esr/util/fsync.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <vector>

#include "esr/util/atomic_file.hpp"

namespace esr::util {

namespace {

std::filesystem::path parent_of(const std::filesystem::path& file) {
  std::filesystem::path parent = file.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}

// Fallback for file systems without RENAME_NOREPLACE: link() refuses an existing name
// atomically, then the old name goes.
void link_then_unlink(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (::link(from.c_str(), to.c_str()) != 0) {
    const int error_number = errno;
    if (error_number == EEXIST) {
      throw FileError("refusing to overwrite existing file", to, EEXIST);
    }
    throw FileError("cannot link \"" + from.string() + "\" to", to, error_number);
  }
  if (::unlink(from.c_str()) != 0) {
    throw FileError("cannot remove old name", from, errno);
  }
}

}  // namespace

void fsync_directory(const std::filesystem::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    throw FileError("cannot open folder", folder, errno);
  }
  const int rc = ::fsync(fd);
  const int error_number = errno;
  ::close(fd);
  if (rc != 0 && error_number != EINVAL) {
    throw FileError("cannot fsync folder", folder, error_number);
  }
}

void rename_no_replace(const std::filesystem::path& from, const std::filesystem::path& to) {
#ifdef RENAME_NOREPLACE
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
    return;
  }
  const int error_number = errno;
  if (error_number == EEXIST) {
    throw FileError("refusing to overwrite existing file", to, EEXIST);
  }
  // EINVAL: this file system does not support the flag; ENOSYS: nor the kernel the call.
  if (error_number != EINVAL && error_number != ENOSYS) {
    throw FileError("cannot rename \"" + from.string() + "\" to", to, error_number);
  }
#endif
  link_then_unlink(from, to);
}

void durable_rename(const std::filesystem::path& from, const std::filesystem::path& to) {
  const std::filesystem::path from_folder = parent_of(from);
  const std::filesystem::path to_folder = parent_of(to);
  try {
    rename_no_replace(from, to);
  } catch (const FileError& error) {
    if (error.error_number() != EXDEV) {
      throw;
    }
    durable_copy(from, to);  // syncs the copy and to_folder
    if (::unlink(from.c_str()) != 0) {
      throw FileError("copied across file systems but cannot remove", from, errno);
    }
    fsync_directory(from_folder);
    return;
  }
  fsync_directory(to_folder);
  if (from_folder.lexically_normal() != to_folder.lexically_normal()) {
    fsync_directory(from_folder);
  }
}

void durable_copy(const std::filesystem::path& from, const std::filesystem::path& to) {
  const int fd = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw FileError("cannot open", from, errno);
  }
  try {
    AtomicFile out(to);
    std::vector<char> chunk(std::size_t{64} * 1024);
    for (;;) {
      const ssize_t got = ::read(fd, chunk.data(), chunk.size());
      if (got < 0) {
        if (errno == EINTR) {
          continue;
        }
        throw FileError("cannot read", from, errno);
      }
      if (got == 0) {
        break;
      }
      out.write(std::string_view(chunk.data(), static_cast<std::size_t>(got)));
    }
    out.commit();
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
}

}  // namespace esr::util
