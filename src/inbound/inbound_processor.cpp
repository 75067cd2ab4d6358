#include "esr/inbound/inbound_processor.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "esr/dialect/file_name.hpp"
#include "esr_files.hpp"
#include "intake.hpp"

namespace esr::inbound {

const char* to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::applied:
      return "applied";
    case Outcome::already_applied:
      return "already_applied";
    case Outcome::rejected:
      return "rejected";
    case Outcome::checked:
      return "checked";
  }
  return "unknown";
}

InboundProcessor::InboundProcessor(db::Database& db, const spec::SchemaRegistry& schemas,
                                   ops::DataDir dir, InboundSettings settings)
    : db_(db), schemas_(schemas), dir_(std::move(dir)), settings_(std::move(settings)) {}

ProcessResult InboundProcessor::process(const std::filesystem::path& file,
                                        const ProcessOptions& options) {
  EsrFiles family(db_, schemas_, settings_.local_offices);
  return Intake(db_, dir_).take(file, family, options);
}

std::vector<ProcessResult> InboundProcessor::collect(const ProcessOptions& options) {
  struct Candidate {
    std::filesystem::path path;
    std::optional<dialect::FileName> name;
  };
  std::vector<Candidate> candidates;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.inbox(), ec)) {
    auto filename = entry.path().filename().string();
    if (filename.starts_with(".")) continue;  // temporaries of a transfer in progress
    std::error_code link_ec;
    if (entry.is_symlink(link_ec)) {
      // Never followed: a link could hand esrd any file it can read (its own database, say)
      // to parse, echo back to ESR in an RTC, archive and chmod. Left where it is.
      spdlog::warn(
          "inbox_entry={} skipped=\"a symbolic link: esrd reads only files placed in the "
          "inbox itself\"",
          filename);
      continue;
    }
    if (!entry.is_regular_file()) {
      // Left where it is (it may be a transfer agent's folder), but never silently.
      spdlog::warn("inbox_entry={} skipped=\"not a regular file\"", filename);
      continue;
    }
    candidates.push_back({entry.path(), dialect::FileName::parse(filename, nullptr)});
  }
  if (ec) throw std::filesystem::filesystem_error("cannot list inbox", dir_.inbox(), ec);
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.name.has_value() != b.name.has_value()) return a.name.has_value();
    if (a.name && b.name) {
      auto key = [](const dialect::FileName& n) { return std::tie(n.date, n.sequence); };
      if (key(*a.name) != key(*b.name)) return key(*a.name) < key(*b.name);
    }
    return a.path.filename() < b.path.filename();
  });
  std::vector<ProcessResult> results;
  auto per_file = options;
  per_file.from_inbox = true;
  for (const auto& candidate : candidates) results.push_back(process(candidate.path, per_file));
  return results;
}

}  // namespace esr::inbound
