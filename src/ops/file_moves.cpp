#include "esr/ops/file_moves.hpp"

#include <fmt/format.h>

#include "esr/ops/atomic_file.hpp"
#include "esr/ops/fsync.hpp"

namespace esr::ops {

namespace {

// The first of name, name.1, name.2 ... that does not exist in `folder`.
std::filesystem::path free_name(const std::filesystem::path& folder, const std::string& name) {
  auto candidate = folder / name;
  for (int i = 1; std::filesystem::exists(candidate); ++i) {
    candidate = folder / fmt::format("{}.{}", name, i);
  }
  return candidate;
}

}  // namespace

std::filesystem::path archive_file(const DataDir& dir, const std::filesystem::path& file,
                                   const spec::BusinessDate& date) {
  auto folder = dir.archive_for(date);
  create_private_directories(folder);
  auto target = free_name(folder, file.filename().string());
  durable_rename(file, target);
  // ESR's files carry personal data: owner-only, whatever mode they arrived with.
  std::filesystem::permissions(
      target, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  return target;
}

std::filesystem::path quarantine_file(const DataDir& dir, const std::filesystem::path& file,
                                      std::string_view reason, bool move) {
  create_private_directories(dir.quarantine());
  auto target = free_name(dir.quarantine(), file.filename().string());
  {
    AtomicFile reason_file(target.string() + ".reason.txt");
    reason_file.write(reason);
    if (!reason.empty() && reason.back() != '\n') reason_file.write("\n");
    reason_file.commit();
  }
  if (move) {
    durable_rename(file, target);
  } else {
    durable_copy(file, target);
  }
  std::filesystem::permissions(
      target, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  return target;
}

}  // namespace esr::ops
