#include "esr/inbound/tis_import.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "esr/dialect/file_identity.hpp"
#include "esr/dialect/single_line.hpp"
#include "esr/inbound/rmt_applier.hpp"
#include "esr/ops/file_moves.hpp"
#include "esr/ops/ledger.hpp"
#include "esr/ops/sha256.hpp"
#include "esr/spec/identifiers.hpp"
#include "esr/store/transaction.hpp"

namespace esr::inbound {

namespace {

using nlohmann::json;

// Values whose line breaks were replaced are logged one by one up to this many per file.
constexpr std::int64_t kNormalisedLogged = 20;

struct Row {
  std::string key;  // npn or placement id
  std::string office;
  json fields;  // column name -> value
};

// What the snapshot of one kind (posts or placements) changes.
class SnapshotDiff {
 public:
  // The per-row statements are prepared once here: a snapshot has 100,000 rows or more.
  SnapshotDiff(store::Database& db, std::int64_t file_id, std::string date, bool posts)
      : db_(db),
        file_id_(file_id),
        date_(std::move(date)),
        posts_(posts),
        find_(db.prepare(
            posts ? "SELECT present, json_object('npn', npn, 'status', status,"
                    " 'local_office', local_office) FROM tis_posts WHERE npn = ?1"
                  : "SELECT present, fields FROM tis_placements WHERE placement_id = ?1")),
        upsert_(db.prepare(
            posts ? "INSERT INTO tis_posts(npn, local_office, status, present, first_file_id,"
                    " last_file_id) VALUES (?1, ?2, ?3, 1, ?4, ?4) ON CONFLICT(npn) DO UPDATE SET"
                    " local_office = excluded.local_office, status = excluded.status, present = 1,"
                    " last_file_id = excluded.last_file_id"
                  : "INSERT INTO tis_placements(placement_id, npn, local_office, fields, present,"
                    " first_file_id, last_file_id) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)"
                    " ON CONFLICT(placement_id) DO UPDATE SET npn = excluded.npn,"
                    " local_office = excluded.local_office, fields = excluded.fields, present = 1,"
                    " last_file_id = excluded.last_file_id")) {}

  void apply(const std::vector<Row>& rows, std::map<std::string, std::int64_t>& counts) {
    std::set<std::string> offices;
    for (const auto& row : rows) offices.insert(row.office);
    std::set<std::string> baseline_offices;
    for (const auto& office : offices) {
      // The baseline is the office's first snapshot date: its posts and its placements files
      // are both part of it, whichever is loaded first.
      auto known = db_.prepare("SELECT business_date FROM tis_baselines WHERE local_office = ?1");
      known.bind(1, office);
      if (!known.step() || known.column_text(0) == date_) baseline_offices.insert(office);
    }
    auto event = db_.prepare(
        "INSERT INTO tis_events(file_id, business_date, local_office, kind, subject, changes, "
        "previous)"
        " VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, ''), nullif(?7, ''))");
    auto record_event = [&](const std::string& office, const char* kind, const std::string& subject,
                            const std::string& changes, const std::string& previous) {
      if (baseline_offices.count(office)) return;
      event.bind(1, file_id_)
          .bind(2, date_)
          .bind(3, office)
          .bind(4, kind)
          .bind(5, subject)
          .bind(6, changes)
          .bind(7, previous);
      event.run();
      ++counts[kind];
    };
    std::set<std::string> seen;
    for (const auto& row : rows) {
      seen.insert(row.key);
      auto previous = find(row.key);
      if (posts_) {
        upsert_post(row);
        if (!previous || !previous->present) {
          record_event(row.office, "post_created", row.key, "", "");
        } else if (previous->fields.value("status", std::string()) == "CURRENT" &&
                   post_status(row) == "INACTIVE") {
          record_event(row.office, "post_inactive", row.key, "status", previous->fields.dump());
        }
        continue;
      }
      upsert_placement(row);
      if (!previous || !previous->present) {
        record_event(row.office, "placement_created", row.key, "", "");
      } else if (previous->fields != row.fields) {
        std::vector<std::string> changed;
        for (const auto& [column, value] : row.fields.items()) {
          if (!previous->fields.contains(column) || previous->fields[column] != value)
            changed.push_back(column);
        }
        record_event(row.office, "placement_changed", row.key,
                     fmt::format("{}", fmt::join(changed, ",")), previous->fields.dump());
      }
    }
    // What the offices of this snapshot held before and this snapshot lacks is gone.
    for (const auto& office : offices) {
      auto gone = db_.prepare(fmt::format(
          "SELECT {0}, {1} FROM {2} WHERE local_office = ?1 AND present = 1",
          posts_ ? "npn" : "placement_id",
          posts_ ? "json_object('local_office', local_office, 'npn', npn, 'status', status)"
                 : "fields",
          posts_ ? "tis_posts" : "tis_placements"));
      gone.bind(1, office);
      std::vector<std::pair<std::string, std::string>> removed;
      while (gone.step()) {
        auto key = gone.column_text(0);
        if (!seen.count(key)) removed.emplace_back(key, gone.column_text(1));
      }
      auto mark = db_.prepare(
          fmt::format("UPDATE {} SET present = 0, last_file_id = ?2 WHERE {} = ?1",
                      posts_ ? "tis_posts" : "tis_placements", posts_ ? "npn" : "placement_id"));
      for (const auto& [key, fields] : removed) {
        mark.bind(1, key).bind(2, file_id_);
        mark.run();
        record_event(office, posts_ ? "post_removed" : "placement_deleted", key, "", fields);
      }
    }
    for (const auto& office : baseline_offices) {
      auto insert = db_.prepare(
          "INSERT OR IGNORE INTO tis_baselines(local_office, file_id, business_date) VALUES (?1, "
          "?2, ?3)");
      insert.bind(1, office).bind(2, file_id_).bind(3, date_);
      insert.run();
      ++counts["baseline_offices"];
    }
  }

 private:
  struct Previous {
    bool present;
    json fields;
  };

  std::optional<Previous> find(const std::string& key) {
    find_.bind(1, key);
    std::optional<Previous> previous;
    if (find_.step())
      previous = Previous{find_.column_int(0) != 0, json::parse(find_.column_text(1))};
    find_.reset();
    return previous;
  }

  // A post's status as stored: CURRENT when the extract leaves it empty.
  static std::string post_status(const Row& row) {
    auto status = row.fields.value("status", std::string());
    return status.empty() ? std::string("CURRENT") : status;
  }

  void upsert_post(const Row& row) {
    upsert_.bind(1, row.key).bind(2, row.office).bind(3, post_status(row)).bind(4, file_id_);
    upsert_.run();
  }

  void upsert_placement(const Row& row) {
    upsert_.bind(1, row.key)
        .bind(2, row.fields.value("npn", std::string()))
        .bind(3, row.office)
        .bind(4, row.fields.dump())
        .bind(5, file_id_);
    upsert_.run();
  }

  store::Database& db_;
  std::int64_t file_id_;
  std::string date_;
  bool posts_;
  store::Statement find_;
  store::Statement upsert_;
};

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
  std::vector<Row> rows;
  dialect::ParseCallbacks callbacks;
  callbacks.on_problem = [&](const spec::Problem& problem) {
    ++result.problem_count;
    if (result.problems.size() < 1000) result.problems.push_back(problem);
  };
  std::set<std::string> keys;
  std::int64_t normalised = 0;
  callbacks.on_record = [&](const dialect::ParsedRecord& record) {
    if (!record.valid) return;
    Row row;
    row.fields = json::object();
    for (std::size_t i = 0; i < record.spec->fields.size(); ++i) {
      // A quoted CSV value may hold a line break (an address line, a name): it is one space in
      // the state, so no outbound record can ever carry it. The column is logged, never the value.
      std::size_t replaced = 0;
      auto value = dialect::single_line(record.values[i], &replaced);
      if (replaced > 0 && ++normalised <= kNormalisedLogged) {
        spdlog::warn(
            "file={} line={} column={} line break or control character replaced by a "
            "space",
            result.file, record.line, record.spec->fields[i].name);
      }
      row.fields[record.spec->fields[i].name] = std::move(value);
    }
    row.key = row.fields[posts ? "npn" : "placement_id"].get<std::string>();
    auto npn = row.fields["npn"].get<std::string>();
    auto office = posts ? row.fields.value("local_office", std::string()) : std::string();
    row.office = office.empty() ? spec::office_of_npn(npn) : office;
    if (!keys.insert(row.key).second) {
      ++result.problem_count;
      result.problems.push_back({result.file, record.line, posts ? "npn" : "placement_id",
                                 fmt::format("{} appears twice in the snapshot", row.key)});
      return;
    }
    rows.push_back(std::move(row));
  };
  auto summary = dialect::parse_file(file, result.file, *identity.spec, schemas_, callbacks);
  result.records = summary.records;
  if (normalised > kNormalisedLogged) {
    spdlog::warn("file={} line breaks or control characters replaced in {} more values",
                 result.file, normalised - kNormalisedLogged);
  }
  if (result.problem_count > 0) {
    return reject(fmt::format("{} problem(s); nothing loaded", result.problem_count));
  }
  store::Transaction transaction(db_);
  ops::LedgerEntry entry;
  entry.name = result.file;
  entry.direction = "in";
  entry.type = result.type;
  entry.business_date = date.iso();
  entry.sha256 = sha;
  entry.size = static_cast<std::int64_t>(std::filesystem::file_size(file));
  entry.records = static_cast<std::int64_t>(summary.records);
  entry.outcome = "applied";
  auto file_id = ledger.add(entry);
  std::map<std::string, std::int64_t> counts;
  if (normalised > 0) counts["values_normalised"] = normalised;
  SnapshotDiff(db_, file_id, date.iso(), posts).apply(rows, counts);
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
  transaction.commit();
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
