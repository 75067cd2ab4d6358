#pragma once
// A file that appears complete or not at all.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "esr/util/fsync.hpp"

namespace esr::util {

/// Writes go to a temporary `.<name>.tmp.<pid>` beside the final file (created O_EXCL with mode
/// 0600, whatever the umask). commit() flushes, sets `mode`, fsyncs the file, renames it to the
/// final name without ever replacing an existing file, and fsyncs the folder: after commit()
/// returns the file is there and complete even across a power cut; if the process dies before,
/// there is no final file at all, only the temporary.
/// Without commit() the destructor removes the temporary.
///
/// Failures throw FileError naming the final path (ENOSPC, EEXIST when the final file exists...).
/// After a failed write() or commit() the object is spent: further calls throw, and the
/// destructor removes the temporary. Calling write() or commit() after a successful commit() is
/// a programming error (std::logic_error).
///
/// Thread-safety: none; one AtomicFile per thread. Distinct AtomicFiles are independent (two in
/// one process for the same final path get distinct temporaries; the second commit fails).
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path final_path,
                      std::filesystem::perms mode = std::filesystem::perms::owner_read |
                                                    std::filesystem::perms::owner_write);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&& other) noexcept;
  /// Removes the temporary unless committed. Never throws.
  ~AtomicFile();

  /// Appends `bytes` (buffered in 64 KiB; larger writes go straight through).
  void write(std::string_view bytes);
  /// Flush, chmod, fsync, rename (never over an existing file), fsync of the folder.
  void commit();

  [[nodiscard]] const std::filesystem::path& final_path() const noexcept { return final_path_; }
  [[nodiscard]] const std::filesystem::path& temporary_path() const noexcept {
    return temporary_path_;
  }
  /// Bytes accepted by write() so far.
  [[nodiscard]] std::uint64_t bytes_written() const noexcept { return bytes_written_; }
  [[nodiscard]] bool committed() const noexcept { return state_ == State::committed; }

 private:
  enum class State { writing, failed, committed, moved_from };

  void require_writing(std::string_view operation) const;
  void flush_buffer();
  void write_through(std::string_view bytes);
  [[noreturn]] void fail(std::string_view what, int error_number);
  void discard() noexcept;

  std::filesystem::path final_path_;
  std::filesystem::path temporary_path_;
  std::filesystem::perms mode_;
  int fd_ = -1;
  std::string buffer_;
  std::uint64_t bytes_written_ = 0;
  State state_ = State::writing;
};

}  // namespace esr::util
