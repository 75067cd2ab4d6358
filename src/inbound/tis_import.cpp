#include "esr/inbound/tis_import.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <tuple>

#include "intake.hpp"
#include "tis_extracts.hpp"

namespace esr::inbound {

TisImporter::TisImporter(db::Database& db, const spec::SchemaRegistry& schemas, ops::DataDir dir)
    : db_(db), schemas_(schemas), dir_(std::move(dir)) {}

std::vector<ProcessResult> TisImporter::import(const std::filesystem::path& path,
                                               const ProcessOptions& options) {
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(path)) {
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
      auto name = entry.path().filename().string();
      if (name.starts_with(".") || entry.path().extension() != ".csv") continue;
      std::error_code ec;
      if (entry.is_symlink(ec)) {
        // Never followed, as in the inbox: the link is left where it is.
        spdlog::warn(
            "tis_entry={} skipped=\"a symbolic link: esrd reads only files placed in "
            "the folder itself\"",
            name);
      } else if (!entry.is_regular_file(ec)) {
        spdlog::warn("tis_entry={} skipped=\"not a regular file\"", name);
      } else {
        files.push_back(entry.path());
      }
    }
  } else {
    files.push_back(path);
  }
  // Date order, posts before placements of the same date (placements refer to posts).
  auto key = [](const std::filesystem::path& file) {
    auto name = file.filename().string();
    bool posts = name.starts_with("posts_");
    auto date = name.substr(name.find('_') + 1);
    return std::make_tuple(date, posts ? 0 : 1, name);
  };
  std::sort(files.begin(), files.end(),
            [&](const auto& a, const auto& b) { return key(a) < key(b); });
  TisExtracts family(schemas_);
  Intake intake(db_, dir_);
  std::vector<ProcessResult> results;
  for (const auto& file : files) results.push_back(intake.take(file, family, options));
  return results;
}

std::optional<spec::Problem> tis_extract_name_problem(const spec::SchemaRegistry& schemas,
                                                      const std::string& name) {
  auto recognition = TisExtracts(schemas).recognise(name);
  if (!recognition.refusal) return std::nullopt;
  return recognition.refusal->cause;
}

std::vector<ProcessResult> TisImporter::import_waiting(const ProcessOptions& options) {
  auto per_file = options;
  per_file.from_inbox = true;
  if (!std::filesystem::exists(dir_.tis())) return {};
  return import(dir_.tis(), per_file);
}

}  // namespace esr::inbound
