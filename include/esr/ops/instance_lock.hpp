#pragma once
// One esrd per data directory.
#include <filesystem>
#include <optional>

namespace esr::ops {

/// An exclusive flock() on a lock file, held as long as the object lives (the kernel drops it
/// when the process dies, however it dies, so there is never a stale lock to clean up). The lock
/// file holds the holder's pid and a newline, for the message of the next one to try.
///
/// The lock belongs to the open file description: a second try_acquire() in the same process
/// fails like one from another process. The file is never deleted (deleting a locked file lets
/// two processes lock two different files of the same name); on release it is emptied.
///
/// try_acquire() throws util::FileError when the file cannot be opened or locked for a reason other
/// than another holder. Thread-safety: the object is not shared; the lock is per process.
class InstanceLock {
 public:
  /// The lock, or nullopt when another open file description (another esrd) holds it. Creates
  /// the file with mode 0600 when missing; its folder must exist.
  [[nodiscard]] static std::optional<InstanceLock> try_acquire(
      const std::filesystem::path& lock_file);

  InstanceLock(const InstanceLock&) = delete;
  InstanceLock& operator=(const InstanceLock&) = delete;
  InstanceLock(InstanceLock&& other) noexcept;
  InstanceLock& operator=(InstanceLock&& other) noexcept;
  /// Empties the file and releases the lock. Never throws.
  ~InstanceLock();

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  InstanceLock(int fd, std::filesystem::path path) noexcept;
  void release() noexcept;

  int fd_ = -1;
  std::filesystem::path path_;
};

/// The pid written in a lock file, for "esrd is already running (pid N)"; nullopt when the file
/// is missing, empty or holds no positive number. Never throws.
[[nodiscard]] std::optional<long> lock_holder_pid(const std::filesystem::path& lock_file);

}  // namespace esr::ops
