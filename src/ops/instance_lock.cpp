#include "esr/ops/instance_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <string>
#include <utility>

#include "esr/util/fsync.hpp"

namespace esr::ops {

namespace {

constexpr mode_t owner_only = S_IRUSR | S_IWUSR;  // 0600

}  // namespace

std::optional<InstanceLock> InstanceLock::try_acquire(const std::filesystem::path& lock_file) {
  const int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, owner_only);
  if (fd < 0) {
    throw util::FileError("cannot open lock file", lock_file, errno);
  }
  int rc = 0;
  do {
    rc = ::flock(fd, LOCK_EX | LOCK_NB);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    const int error_number = errno;
    ::close(fd);  // not ours: leave the holder's pid in the file
    if (error_number == EWOULDBLOCK) {
      return std::nullopt;
    }
    throw util::FileError("cannot lock", lock_file, error_number);
  }
  InstanceLock lock(fd, lock_file);  // from here on, unlocks and closes on every path

  // A failure here unlocks (the destructor of `lock`): a lock without its pid would leave the
  // next esrd unable to say who holds it.
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 ||
      ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    throw util::FileError("cannot write pid to lock file", lock_file, errno);
  }
  ::fchmod(fd, owner_only);  // best effort: the file may be an operator's, with another mode
  return lock;
}

InstanceLock::InstanceLock(int fd, std::filesystem::path path) noexcept
    : fd_(fd), path_(std::move(path)) {}

InstanceLock::InstanceLock(InstanceLock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

InstanceLock& InstanceLock::operator=(InstanceLock&& other) noexcept {
  if (this != &other) {
    release();
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
  }
  return *this;
}

InstanceLock::~InstanceLock() { release(); }

void InstanceLock::release() noexcept {
  if (fd_ < 0) {
    return;
  }
  // Emptied while still locked, so that no later holder's pid is erased.
  (void)::ftruncate(fd_, 0);
  ::close(fd_);  // releases the flock
  fd_ = -1;
}

std::optional<long> lock_holder_pid(const std::filesystem::path& lock_file) {
  const int fd = ::open(lock_file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    return std::nullopt;
  }
  std::array<char, 32> text{};
  const ssize_t got = ::read(fd, text.data(), text.size());
  ::close(fd);
  if (got <= 0) {
    return std::nullopt;
  }
  long pid = 0;
  const char* end = text.data() + got;
  const auto [next, error] = std::from_chars(text.data(), end, pid);
  if (error != std::errc() || pid <= 0 || (next != end && *next != '\n')) {
    return std::nullopt;
  }
  return pid;
}

}  // namespace esr::ops
