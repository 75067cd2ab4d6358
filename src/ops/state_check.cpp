#include "esr/ops/state_check.hpp"

#include <fmt/format.h>

#include <map>

#include "esr/db/integrity.hpp"
#include "esr/state/ledger.hpp"
#include "esr/state/read_snapshot.hpp"
#include "esr/util/sha256.hpp"

namespace esr::ops {

namespace {

// Every regular file below archive/ with its SHA-256, each file read once for both passes.
std::map<std::filesystem::path, std::string> hash_archive(const DataDir& dir, StateCheck& check) {
  std::map<std::filesystem::path, std::string> hashes;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir.archive(), ec)) return hashes;
  for (auto it = std::filesystem::recursive_directory_iterator(dir.archive(), ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file()) hashes.emplace(it->path(), util::sha256_hex(it->path()));
  }
  if (ec) {
    check.problems.push_back(
        fmt::format("archive: cannot list {}: {}", dir.archive().string(), ec.message()));
  }
  return hashes;
}

void check_sent_files(db::Database& db, const DataDir& dir,
                      const std::map<std::filesystem::path, std::string>& archive,
                      StateCheck& check) {
  for (const auto& sent : state::sent_files(db)) {
    auto date = spec::BusinessDate::from_iso(sent.business_date);
    ++check.sent_files_checked;
    if (!date) {
      check.problems.push_back(fmt::format("ledger: sent file {} has no business date", sent.name));
      continue;
    }
    auto copy = dir.archive_for(*date) / sent.name;
    auto found = archive.find(copy);
    if (found == archive.end()) {
      check.problems.push_back(
          fmt::format("archive: no copy of sent file {} (expected {})", sent.name, copy.string()));
    } else if (found->second != sent.sha256) {
      check.problems.push_back(fmt::format(
          "archive: {} differs from the file the ledger says was sent (SHA-256)", copy.string()));
    }
  }
}

void check_archive_is_known(db::Database& db,
                            const std::map<std::filesystem::path, std::string>& archive,
                            StateCheck& check) {
  state::LedgerChecksums known(db);
  for (const auto& [path, sha] : archive) {
    ++check.archived_files_checked;
    auto hashes = known.of(path.filename().string());
    if (hashes.empty()) {
      check.problems.push_back(fmt::format("archive: {} is not in the ledger", path.string()));
    } else if (!hashes.count(sha)) {
      check.problems.push_back(fmt::format(
          "archive: {} differs from every ledger entry of that name (SHA-256)", path.string()));
    }
  }
}

}  // namespace

StateCheck check_state(db::Database& db, const DataDir& dir) {
  StateCheck check;
  for (auto& problem : db::integrity_problems(db)) {
    check.problems.push_back("database integrity: " + problem);
  }
  const state::ReadSnapshot snapshot(db);  // one state of the ledger for both passes
  auto archive = hash_archive(dir, check);
  check_sent_files(db, dir, archive, check);
  check_archive_is_known(db, archive, check);
  return check;
}

}  // namespace esr::ops
