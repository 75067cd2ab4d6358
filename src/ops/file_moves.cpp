#include "esr/ops/file_moves.hpp"

#include <fmt/format.h>

#include "esr/util/atomic_file.hpp"
#include "esr/util/fsync.hpp"
#include "esr/util/sha256.hpp"

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

// `candidate` is `name`, or `name.N` as free_name() makes it.
bool is_free_name_of(std::string_view candidate, std::string_view name) {
  if (!candidate.starts_with(name)) return false;
  auto suffix = candidate.substr(name.size());
  if (suffix.empty()) return true;
  return suffix.size() > 1 && suffix.front() == '.' &&
         suffix.find_first_not_of("0123456789", 1) == std::string_view::npos;
}

}  // namespace

std::filesystem::path archive_file(const DataDir& dir, const std::filesystem::path& file,
                                   const spec::BusinessDate& date) {
  auto folder = dir.archive_for(date);
  create_private_directories(folder);
  auto target = free_name(folder, file.filename().string());
  util::durable_rename(file, target);
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
    util::AtomicFile reason_file(target.string() + ".reason.txt");
    reason_file.write(reason);
    if (!reason.empty() && reason.back() != '\n') reason_file.write("\n");
    reason_file.commit();
  }
  if (move) {
    util::durable_rename(file, target);
  } else {
    util::durable_copy(file, target);
  }
  std::filesystem::permissions(
      target, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  return target;
}

std::size_t count_quarantined_copies(const DataDir& dir, std::string_view name,
                                     std::string_view sha256) {
  std::size_t copies = 0;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir.quarantine(), ec);
  if (ec == std::errc::no_such_file_or_directory) return 0;
  for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && is_free_name_of(it->path().filename().string(), name) &&
        util::sha256_hex(it->path()) == sha256) {
      ++copies;
    }
  }
  if (ec) throw util::FileError("cannot list", dir.quarantine(), ec.value());
  return copies;
}

}  // namespace esr::ops
