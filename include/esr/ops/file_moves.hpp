#pragma once
// Where processed inbound files go: archive/ when applied, quarantine/ when rejected.
#include <filesystem>
#include <string_view>

#include "esr/ops/data_dir.hpp"

namespace esr::ops {

/// Moves `file` into archive/YYYY/MM/DD of `date`, durably; a name already there gets a
/// numeric suffix so nothing is ever overwritten. Returns the new path. Throws util::FileError.
std::filesystem::path archive_file(const DataDir& dir, const std::filesystem::path& file,
                                   const spec::BusinessDate& date);

/// Puts a rejected file into quarantine/ with `<name>.reason.txt` beside it, written first so
/// a crash never leaves a quarantined file without its reason. `move` moves the file (inbox);
/// otherwise it is copied (a file replayed by hand stays where the operator put it).
/// Returns the quarantined path. Throws util::FileError.
std::filesystem::path quarantine_file(const DataDir& dir, const std::filesystem::path& file,
                                      std::string_view reason, bool move);

/// How many files in quarantine/ hold these bytes under this name: `name` itself, or the
/// `name.N` that quarantine_file() gives when the name is taken, whose SHA-256 is `sha256`.
/// Reads only the files so named. Throws util::FileError when quarantine/ cannot be listed.
[[nodiscard]] std::size_t count_quarantined_copies(const DataDir& dir, std::string_view name,
                                                   std::string_view sha256);

}  // namespace esr::ops
