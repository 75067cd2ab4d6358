#include "esr/ops/data_dir.hpp"

#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "esr/util/fsync.hpp"

namespace esr::ops {

namespace {

constexpr mode_t private_folder = S_IRWXU;  // 0700

// Creates one folder 0700 (chmod because the umask may have removed bits); true when created,
// false when a folder was already there.
bool make_folder(const std::filesystem::path& folder) {
  if (::mkdir(folder.c_str(), private_folder) == 0) {
    if (::chmod(folder.c_str(), private_folder) != 0) {
      throw util::FileError("cannot set mode 0700 on", folder, errno);
    }
    return true;
  }
  const int error_number = errno;
  if (error_number != EEXIST) {
    throw util::FileError("cannot create folder", folder, error_number);
  }
  struct stat status {};
  if (::stat(folder.c_str(), &status) != 0) {
    throw util::FileError("cannot inspect", folder, errno);
  }
  if (!S_ISDIR(status.st_mode)) {
    throw util::FileError("not a folder:", folder, ENOTDIR);
  }
  return false;
}

// A folder only esrd uses: set back to 0700 if someone widened it.
void tighten(const std::filesystem::path& folder) {
  struct stat status {};
  if (::stat(folder.c_str(), &status) != 0) {
    throw util::FileError("cannot inspect", folder, errno);
  }
  if ((status.st_mode & 07777) != private_folder && ::chmod(folder.c_str(), private_folder) != 0) {
    throw util::FileError("cannot set mode 0700 on", folder, errno);
  }
}

}  // namespace

void create_private_directories(const std::filesystem::path& folder) {
  std::filesystem::path so_far;
  for (const std::filesystem::path& part : folder.lexically_normal()) {
    if (part.empty()) {
      continue;  // the empty last element of a path ending in '/'
    }
    so_far /= part;
    if (part == so_far.root_path() || part == "." || part == "..") {
      continue;
    }
    if (make_folder(so_far)) {
      const std::filesystem::path parent = so_far.parent_path();
      util::fsync_directory(parent.empty() ? std::filesystem::path(".") : parent);
    }
  }
}

std::filesystem::path DataDir::archive_for(int year, int month, int day) const {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) {
    throw std::invalid_argument("archive date out of range: " + std::to_string(year) + "-" +
                                std::to_string(month) + "-" + std::to_string(day));
  }
  std::array<char, 16> text{};
  std::snprintf(text.data(), text.size(), "%04d/%02d/%02d", year, month, day);
  return archive() / text.data();
}

void DataDir::create_layout() const {
  create_private_directories(root);
  for (const std::filesystem::path& folder : {inbox(), tis()}) {
    create_private_directories(folder);
  }
  for (const std::filesystem::path& folder : {state(), outbox(), quarantine(), archive(), logs()}) {
    create_private_directories(folder);
    tighten(folder);
  }
}

}  // namespace esr::ops
