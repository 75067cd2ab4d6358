#include "esr/inbound/tis_import.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <unordered_set>

#include "esr/dialect/file_identity.hpp"
#include "esr/dialect/single_line.hpp"
#include "esr/inbound/rmt_applier.hpp"
#include "esr/ops/file_moves.hpp"
#include "esr/ops/ledger.hpp"
#include "esr/ops/sha256.hpp"
#include "esr/spec/identifiers.hpp"
#include "esr/store/transaction.hpp"
#include "tis_snapshot.hpp"

namespace esr::inbound {

namespace {

// Values whose line breaks were replaced are logged one by one up to this many per file.
constexpr std::int64_t kNormalisedLogged = 20;

}  // namespace

TisImporter::TisImporter(store::Database& db, const spec::SchemaRegistry& schemas, ops::DataDir dir)
    : db_(db), schemas_(schemas), dir_(std::move(dir)) {}

ProcessResult TisImporter::import_file(const std::filesystem::path& file,
                                       const ProcessOptions& options) {
  auto started = std::chrono::steady_clock::now();
  ProcessResult result;
  result.file = file.filename().string();
  auto identity = dialect::identify_file(result.file, schemas_);
  ops::Ledger ledger(db_);
  auto finish = [&](Outcome outcome) {
    result.outcome = outcome;
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
  };
  auto reject = [&](const std::string& headline) {
    std::string reason = fmt::format("file: {}\nrejected: {}\n", result.file, headline);
    for (const auto& problem : result.problems) reason += spec::to_string(problem) + "\n";
    if (!options.dry_run) {
      result.moved_to = ops::quarantine_file(dir_, file, reason, options.from_inbox);
      ops::LedgerEntry entry;
      entry.name = result.file;
      entry.direction = "in";
      entry.type = result.type.empty() ? "UNKNOWN" : result.type;
      auto date = options.date ? options.date : identity.date;
      entry.business_date = date ? date->iso() : "";
      entry.sha256 = ops::sha256_hex(result.moved_to);
      entry.size = static_cast<std::int64_t>(std::filesystem::file_size(result.moved_to));
      entry.records = static_cast<std::int64_t>(result.records);
      entry.outcome = "quarantined";
      entry.reason = headline;
      ledger.add(entry);
    }
    spdlog::warn("file={} type={} outcome=rejected records={} problems={} reason=\"{}\"",
                 result.file, result.type, result.records, result.problem_count, headline);
    for (const auto& problem : result.problems)
      spdlog::warn("problem {}", spec::to_string(problem));
    return finish(Outcome::rejected);
  };
  if (identity.spec == nullptr || identity.spec->layout != spec::Layout::csv || !identity.date) {
    result.problems.push_back(
        {result.file, 0, "file name",
         "a TIS extract is named posts_YYYYMMDD.csv or placements_YYYYMMDD.csv"});
    result.problem_count = 1;
    return reject("not a TIS extract name");
  }
  result.type = identity.spec->type;
  auto date = options.date.value_or(*identity.date);
  auto sha = ops::sha256_hex(file);
  if (auto previous = ledger.last_applied(result.file)) {
    if (previous->sha256 != sha) {
      result.problems.push_back(
          {result.file, 0, "file name",
           "a different extract of this name was loaded before; TIS must send a new name"});
      result.problem_count = 1;
      return reject("a different file of this name was loaded before");
    }
    if (!options.force) {
      spdlog::info("file={} type={} outcome=already_applied ledger_id={}", result.file, result.type,
                   previous->id);
      if (options.from_inbox && !options.dry_run)
        result.moved_to = ops::archive_file(dir_, file, date);
      return finish(Outcome::already_applied);
    }
  }
  bool posts = result.type == "TIS_POSTS";
  // The file streams into the state inside one transaction, its ledger entry first so that rows
  // can name it: memory stays flat however large the extract. A problem anywhere rolls it all
  // back, and the file is quarantined, loading nothing.
  std::optional<store::Transaction> transaction(std::in_place, db_);
  ops::LedgerEntry entry;
  entry.name = result.file;
  entry.direction = "in";
  entry.type = result.type;
  entry.business_date = date.iso();
  entry.sha256 = sha;
  entry.size = static_cast<std::int64_t>(std::filesystem::file_size(file));
  entry.outcome = "applied";
  auto file_id = ledger.add(entry);
  const auto& record_spec = identity.spec->records.front();
  tis_detail::SnapshotApplier applier(db_, record_spec, file_id, date.iso(), posts);
  const std::size_t key_column = applier.key_column();
  dialect::ParseCallbacks callbacks;
  callbacks.on_problem = [&](const spec::Problem& problem) {
    ++result.problem_count;
    if (result.problems.size() < 1000) result.problems.push_back(problem);
  };
  std::unordered_set<std::string> keys;
  std::int64_t normalised = 0;
  std::vector<std::string> values;
  callbacks.on_record = [&](const dialect::ParsedRecord& record) {
    if (!record.valid) return;
    values.clear();
    for (std::size_t i = 0; i < record.spec->fields.size(); ++i) {
      // A quoted CSV value may hold a line break (an address line, a name): it is one space in
      // the state, so no outbound record can ever carry it. The column is logged, never the value.
      std::size_t replaced = 0;
      values.push_back(dialect::single_line(record.values[i], &replaced));
      if (replaced > 0 && ++normalised <= kNormalisedLogged) {
        spdlog::warn(
            "file={} line={} column={} line break or control character replaced by a "
            "space",
            result.file, record.line, record.spec->fields[i].name);
      }
    }
    const auto& key = values[key_column];
    if (!keys.insert(key).second) {
      ++result.problem_count;
      result.problems.push_back({result.file, record.line, posts ? "npn" : "placement_id",
                                 fmt::format("{} appears twice in the snapshot", key)});
      return;
    }
    // Once the file is known to be rejected, reading on only collects its problems.
    if (result.problem_count == 0) applier.add(values);
  };
  auto summary = dialect::parse_file(file, result.file, *identity.spec, schemas_, callbacks);
  result.records = summary.records;
  if (normalised > kNormalisedLogged) {
    spdlog::warn("file={} line breaks or control characters replaced in {} more values",
                 result.file, normalised - kNormalisedLogged);
  }
  if (result.problem_count > 0) {
    transaction.reset();  // rolls back: the rejection is recorded on its own
    return reject(fmt::format("{} problem(s); nothing loaded", result.problem_count));
  }
  ledger.finish(file_id, static_cast<std::int64_t>(summary.records));
  auto counts = applier.finish();
  if (normalised > 0) counts["values_normalised"] = normalised;
  if (posts) {
    auto rematch = rematch_positions(db_, file_id, date);
    counts["positions_rematched"] = rematch.changed;
    counts["position_live"] = rematch.position_live;
  }
  std::string effects;
  for (const auto& [kind, count] : counts)
    effects += fmt::format("{}{}={}", effects.empty() ? "" : " ", kind, count);
  result.effects = effects;
  if (options.dry_run) return finish(Outcome::checked);
  transaction->commit();
  if (options.from_inbox) result.moved_to = ops::archive_file(dir_, file, date);
  spdlog::info("file={} type={} outcome=applied records={} {}", result.file, result.type,
               result.records, effects);
  return finish(Outcome::applied);
}

std::vector<ProcessResult> TisImporter::import(const std::filesystem::path& path,
                                               const ProcessOptions& options) {
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(path)) {
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
      auto name = entry.path().filename().string();
      if (entry.is_regular_file() && !name.starts_with(".") && entry.path().extension() == ".csv") {
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
  std::vector<ProcessResult> results;
  for (const auto& file : files) results.push_back(import_file(file, options));
  return results;
}

std::vector<ProcessResult> TisImporter::import_waiting(const ProcessOptions& options) {
  auto per_file = options;
  per_file.from_inbox = true;
  if (!std::filesystem::exists(dir_.tis())) return {};
  return import(dir_.tis(), per_file);
}

}  // namespace esr::inbound
