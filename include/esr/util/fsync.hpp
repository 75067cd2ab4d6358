#pragma once
// Durable file-system steps: fsync of a folder, rename and copy that survive a power cut, and
// FileError, the exception of every step on files.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace esr::util {

/// A file-system operation failed: what() reads `<what> "<path>": <errno text>`, for example
/// `cannot write "/data/outbox/APP_1.DAT": No space left on device`. Thrown only for the
/// environment (missing folder, permissions, full disk, a file already there). Copying never
/// throws in practice; safe to share between threads once thrown.
class FileError : public std::runtime_error {
 public:
  /// `error_number` is the errno of the failure, or 0 when there is none (no ": text" appended).
  FileError(std::string_view what, const std::filesystem::path& path, int error_number)
      : std::runtime_error(compose(what, path, error_number)),
        path_(path),
        error_number_(error_number) {}

  /// The file or folder the operation was about.
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  /// errno at the failure (ENOSPC, EEXIST...), 0 when none.
  [[nodiscard]] int error_number() const noexcept { return error_number_; }
  [[nodiscard]] std::error_code code() const noexcept {
    return {error_number_, std::generic_category()};
  }

 private:
  static std::string compose(std::string_view what, const std::filesystem::path& path,
                             int error_number) {
    std::string text(what);
    text += " \"" + path.string() + "\"";
    if (error_number != 0) {
      text += ": " + std::generic_category().message(error_number);
    }
    return text;
  }

  std::filesystem::path path_;
  int error_number_;
};

/// fsync of a folder, so that names created, renamed or removed in it survive a power cut.
/// A file system that cannot sync folders (EINVAL) is accepted silently. Throws FileError.
void fsync_directory(const std::filesystem::path& folder);

/// Renames `from` to `to` without ever replacing an existing `to` (renameat2 RENAME_NOREPLACE,
/// or link()+unlink() where the file system lacks it). No fsync: see durable_rename. Throws
/// FileError with EEXIST naming `to` when it exists; `from` is then untouched.
void rename_no_replace(const std::filesystem::path& from, const std::filesystem::path& to);

/// Moves a file (inbound file to archive/ or quarantine/): rename_no_replace, then fsync of the
/// destination folder and of the source folder, so that after a crash the file is in exactly one
/// of the two places. Across file systems (EXDEV) it copies with durable_copy, then removes the
/// source and syncs its folder; a crash in between can leave both copies, never none. The
/// destination folder must exist. Throws FileError (EEXIST when `to` exists, which is left alone).
void durable_rename(const std::filesystem::path& from, const std::filesystem::path& to);

/// Copies `from` to a new file `to` through an AtomicFile (mode 0600): `to` appears complete or
/// not at all, and is never overwritten. Throws FileError (EEXIST when `to` exists).
void durable_copy(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace esr::util
