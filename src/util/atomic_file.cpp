#include "esr/util/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <utility>

namespace esr::util {

namespace {

constexpr std::size_t buffer_size = std::size_t{64} * 1024;
constexpr mode_t owner_only = S_IRUSR | S_IWUSR;  // 0600
constexpr int max_name_attempts = 100;

// `.<name>.tmp.<pid>`, then `.<name>.tmp.<pid>-<n>` when that is taken: by a crashed process that
// had the same pid (containers reuse small pids) or by another AtomicFile for the same final file.
std::filesystem::path temporary_name(const std::filesystem::path& final_path, int attempt) {
  // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict, a known false positive) on
  // `"." + std::string`.
  std::string name(1, '.');
  name += final_path.filename().string();
  name += ".tmp.";
  name += std::to_string(::getpid());
  if (attempt > 0) {
    name += '-';
    name += std::to_string(attempt);
  }
  return final_path.parent_path() / name;
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path final_path, std::filesystem::perms mode)
    : final_path_(std::move(final_path)), mode_(mode) {
  if (final_path_.filename().empty()) {
    throw FileError("not a file name", final_path_, EINVAL);
  }
  for (int attempt = 0; attempt < max_name_attempts; ++attempt) {
    temporary_path_ = temporary_name(final_path_, attempt);
    fd_ = ::open(temporary_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
                 owner_only);
    if (fd_ >= 0 || errno != EEXIST) {
      break;
    }
  }
  if (fd_ < 0) {
    const int error_number = errno;
    temporary_path_.clear();  // not ours: the destructor must not remove it
    throw FileError("cannot create temporary for", final_path_, error_number);
  }
  // The umask may have taken bits from 0600; the temporary holds personal data meanwhile.
  if (::fchmod(fd_, owner_only) != 0) {
    const int error_number = errno;
    discard();
    throw FileError("cannot set mode 0600 on temporary for", final_path_, error_number);
  }
  buffer_.reserve(buffer_size);
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : final_path_(std::move(other.final_path_)),
      temporary_path_(std::move(other.temporary_path_)),
      mode_(other.mode_),
      fd_(std::exchange(other.fd_, -1)),
      buffer_(std::move(other.buffer_)),
      bytes_written_(other.bytes_written_),
      state_(std::exchange(other.state_, State::moved_from)) {
  other.temporary_path_.clear();
}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
  if (this != &other) {
    discard();
    final_path_ = std::move(other.final_path_);
    temporary_path_ = std::move(other.temporary_path_);
    other.temporary_path_.clear();
    mode_ = other.mode_;
    fd_ = std::exchange(other.fd_, -1);
    buffer_ = std::move(other.buffer_);
    bytes_written_ = other.bytes_written_;
    state_ = std::exchange(other.state_, State::moved_from);
  }
  return *this;
}

AtomicFile::~AtomicFile() { discard(); }

void AtomicFile::discard() noexcept {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (state_ != State::committed && !temporary_path_.empty()) {
    ::unlink(temporary_path_.c_str());
    temporary_path_.clear();
  }
}

void AtomicFile::require_writing(std::string_view operation) const {
  switch (state_) {
    case State::writing:
      return;
    case State::failed:
      throw FileError("cannot " + std::string(operation) + " after an earlier failure of",
                      final_path_, 0);
    case State::committed:
      throw std::logic_error("AtomicFile::" + std::string(operation) +
                             " after commit: " + final_path_.string());
    case State::moved_from:
      throw std::logic_error("AtomicFile::" + std::string(operation) + " on a moved-from object");
  }
}

void AtomicFile::fail(std::string_view what, int error_number) {
  state_ = State::failed;
  throw FileError(what, final_path_, error_number);
}

void AtomicFile::write_through(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t done = ::write(fd_, bytes.data(), bytes.size());
    if (done < 0) {
      if (errno == EINTR) {
        continue;
      }
      fail("cannot write", errno);
    }
    bytes.remove_prefix(static_cast<std::size_t>(done));
  }
}

void AtomicFile::flush_buffer() {
  write_through(buffer_);
  buffer_.clear();
}

void AtomicFile::write(std::string_view bytes) {
  require_writing("write");
  if (buffer_.size() + bytes.size() > buffer_size) {
    flush_buffer();
    if (bytes.size() >= buffer_size) {
      write_through(bytes);
      bytes_written_ += bytes.size();
      return;
    }
  }
  buffer_.append(bytes);
  bytes_written_ += bytes.size();
}

void AtomicFile::commit() {
  require_writing("commit");
  flush_buffer();
  if (::fchmod(fd_, static_cast<mode_t>(mode_)) != 0) {
    fail("cannot set mode on", errno);
  }
  if (::fsync(fd_) != 0) {
    fail("cannot fsync", errno);
  }
  const int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0 && errno != EINTR) {
    fail("cannot close", errno);  // NFS reports write errors here
  }
  try {
    rename_no_replace(temporary_path_, final_path_);
  } catch (const FileError&) {
    state_ = State::failed;
    throw;
  }
  state_ = State::committed;
  temporary_path_.clear();
  const std::filesystem::path folder = final_path_.parent_path();
  fsync_directory(folder.empty() ? std::filesystem::path(".") : folder);
}

}  // namespace esr::util
