#pragma once
// The layout of the data directory (DESIGN section 4).
#include <filesystem>

#include "esr/spec/business_date.hpp"

namespace esr::ops {

/// Names the folders of one data directory; only create_layout() touches the disk.
///
///   inbox/  tis/  outbox/  archive/YYYY/MM/DD/  quarantine/  state/esrd.sqlite  logs/
///
/// Every folder it creates is mode 0700 (they hold personal data), whatever the umask.
/// Thread-safe (paths are computed; create_layout() is idempotent).
struct DataDir {
  std::filesystem::path root;

  [[nodiscard]] std::filesystem::path inbox() const { return root / "inbox"; }
  [[nodiscard]] std::filesystem::path tis() const { return root / "tis"; }
  [[nodiscard]] std::filesystem::path outbox() const { return root / "outbox"; }
  [[nodiscard]] std::filesystem::path archive() const { return root / "archive"; }
  /// archive/YYYY/MM/DD. Does not create it: see create_private_directories(). Throws
  /// std::invalid_argument for a year outside 1..9999, a month outside 1..12 or a day
  /// outside 1..31.
  [[nodiscard]] std::filesystem::path archive_for(int year, int month, int day) const;
  [[nodiscard]] std::filesystem::path archive_for(const spec::BusinessDate& date) const {
    return archive_for(date.year, date.month, date.day);
  }
  [[nodiscard]] std::filesystem::path quarantine() const { return root / "quarantine"; }
  [[nodiscard]] std::filesystem::path state() const { return root / "state"; }
  /// state/esrd.sqlite
  [[nodiscard]] std::filesystem::path database() const { return state() / "esrd.sqlite"; }
  [[nodiscard]] std::filesystem::path logs() const { return root / "logs"; }

  /// mkdir -p of root and every folder above, each new folder mode 0700. The folders only esrd
  /// uses (state/, outbox/, quarantine/, archive/, logs/) are also set back to 0700 when they
  /// exist with another mode; an existing root, inbox/ or tis/ keeps its mode, since an operator
  /// may have opened them to the transfer agent's group. Throws util::FileError (a name taken by a
  /// file, permissions).
  void create_layout() const;
};

/// mkdir -p: creates `folder` and any missing parent, each with mode 0700 whatever the umask,
/// and fsyncs the parent of each new folder. An existing folder is left as it is. Throws
/// util::FileError (ENOTDIR when a component is not a folder). For archive/YYYY/MM/DD before a
/// util::durable_rename.
void create_private_directories(const std::filesystem::path& folder);

}  // namespace esr::ops
