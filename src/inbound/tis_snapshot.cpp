#include "tis_snapshot.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "esr/spec/identifiers.hpp"
#include "esr/spec/schema_registry.hpp"

namespace esr::inbound::tis_detail {

namespace {

constexpr std::size_t kPlacementCount = state::kPlacementColumns.size();
constexpr std::size_t kPersonId = kPlacementCount - 1;
static_assert(state::kPlacementColumns[kPersonId] == "person_id");

std::string column_list(std::span<const std::string_view> columns, std::string_view prefix = {}) {
  std::string out;
  for (auto column : columns) out += fmt::format("{}{}{}", out.empty() ? "" : ", ", prefix, column);
  return out;
}

std::string placeholders(int first, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i)
    out += fmt::format("{}?{}", i == 0 ? "" : ", ", first + static_cast<int>(i));
  return out;
}

std::string updates(std::span<const std::string_view> columns) {
  std::string out;
  for (auto column : columns) out += fmt::format(", {0} = excluded.{0}", column);
  return out;
}

// A post's status as stored: CURRENT when the extract leaves it empty.
std::string stored_status(std::string_view status) {
  return status.empty() ? std::string("CURRENT") : std::string(status);
}

}  // namespace

ExtractColumns ExtractColumns::of(const spec::RecordSpec& record, bool posts) {
  auto index = [&](std::string_view name) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < record.fields.size(); ++i)
      if (record.fields[i].name == name) return i;
    return std::nullopt;
  };
  auto required = [&](std::string_view name) {
    if (auto i = index(name)) return *i;
    throw spec::SchemaError(
        fmt::format("the {} extract schema has no column '{}', which esrd keeps",
                    posts ? "posts" : "placements", name));
  };
  ExtractColumns columns;
  columns.npn = required("npn");
  std::set<std::string_view> kept = {"npn"};
  if (posts) {
    columns.key = columns.npn;
    columns.status = index("status");
    columns.local_office = index("local_office");
    kept.insert({"status", "local_office"});
  } else {
    columns.key = required("placement_id");
    kept.insert("placement_id");
    for (std::size_t i = 0; i < kPlacementCount; ++i) {
      columns.placement[i] = required(state::kPlacementColumns[i]);
      kept.insert(state::kPlacementColumns[i]);
    }
    for (std::size_t i = 0; i < state::kPersonColumns.size(); ++i) {
      columns.person[i] = required(state::kPersonColumns[i]);
      kept.insert(state::kPersonColumns[i]);
    }
  }
  // A column the state has nowhere to keep would be read and silently dropped.
  for (const auto& field : record.fields) {
    if (!kept.count(field.name)) {
      throw spec::SchemaError(
          fmt::format("the {} extract schema has column '{}', which the state does not keep "
                      "(state/tis_columns.hpp)",
                      posts ? "posts" : "placements", field.name));
    }
  }
  return columns;
}

SnapshotApplier::SnapshotApplier(db::Database& db, const spec::RecordSpec& record,
                                 std::int64_t file_id, std::string date, bool posts)
    : db_(db),
      columns_(ExtractColumns::of(record, posts)),
      file_id_(file_id),
      date_(std::move(date)),
      posts_(posts),
      // The per-row statements are prepared once here: a snapshot has 100,000 rows or more.
      find_(db.prepare(posts ? std::string("SELECT present, status FROM tis_posts WHERE npn = ?1")
                             : fmt::format("SELECT present, npn, {} FROM tis_placements"
                                           " WHERE placement_id = ?1",
                                           column_list(state::kPlacementColumns)))),
      upsert_(db.prepare(
          posts
              ? std::string(
                    "INSERT INTO tis_posts(npn, local_office, status, present, first_file_id,"
                    " last_file_id) VALUES (?1, ?2, ?3, 1, ?4, ?4) ON CONFLICT(npn) DO UPDATE"
                    " SET local_office = excluded.local_office, status = excluded.status,"
                    " present = 1, last_file_id = excluded.last_file_id")
              : fmt::format("INSERT INTO tis_placements(placement_id, npn, local_office, {0},"
                            " present, first_file_id, last_file_id) VALUES (?1, ?2, ?3, {1}, 1,"
                            " ?{2}, ?{2}) ON CONFLICT(placement_id) DO UPDATE SET"
                            " npn = excluded.npn, local_office = excluded.local_office{3},"
                            " present = 1, last_file_id = excluded.last_file_id",
                            column_list(state::kPlacementColumns), placeholders(4, kPlacementCount),
                            4 + kPlacementCount, updates(state::kPlacementColumns)))),
      find_person_(db.prepare(fmt::format("SELECT {} FROM people WHERE person_id = ?1",
                                          column_list(state::kPersonColumns)))),
      upsert_person_(db.prepare(fmt::format(
          "INSERT INTO people(person_id, {}) VALUES (?1, {}) ON CONFLICT(person_id) DO UPDATE"
          " SET person_id = excluded.person_id{}",
          column_list(state::kPersonColumns), placeholders(2, state::kPersonColumns.size()),
          updates(state::kPersonColumns)))),
      event_(db.prepare(fmt::format(
          "INSERT INTO tis_events(file_id, business_date, local_office, kind, subject, changes,"
          " previous_npn, previous_status, {}) VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, ''), ?7,"
          " ?8, {})",
          column_list(state::kPlacementColumns, "previous_"), placeholders(9, kPlacementCount)))) {}

bool SnapshotApplier::is_baseline(const std::string& office) {
  auto found = baseline_.find(office);
  if (found != baseline_.end()) return found->second;
  // The baseline is the office's first snapshot date: its posts and its placements files are
  // both part of it, whichever is loaded first.
  auto known = db_.prepare("SELECT business_date FROM tis_baselines WHERE local_office = ?1");
  known.bind(1, office);
  bool baseline = !known.step() || known.column_text(0) == date_;
  return baseline_.emplace(office, baseline).first->second;
}

void SnapshotApplier::bind_previous(const db::Statement* from, int first) {
  // previous_npn, previous_status, then the placement's columns: NULL unless `from` has them.
  for (int i = 7; i <= 8 + static_cast<int>(kPlacementCount); ++i) event_.bind_null(i);
  if (from == nullptr) return;
  if (posts_) {
    event_.bind(7, from->column_text(first)).bind(8, from->column_text(first + 1));
    return;
  }
  event_.bind(7, from->column_text(first));
  for (std::size_t i = 0; i < kPlacementCount; ++i) {
    event_.bind(9 + static_cast<int>(i), from->column_text(first + 1 + static_cast<int>(i)));
  }
}

void SnapshotApplier::record_event(const std::string& office, std::string_view kind,
                                   const std::string& subject, const std::string& changes) {
  if (is_baseline(office)) return;
  event_.bind(1, file_id_)
      .bind(2, date_)
      .bind(3, office)
      .bind(4, kind)
      .bind(5, subject)
      .bind(6, changes);
  event_.run();
  ++counts_[std::string(kind)];
}

void SnapshotApplier::add(std::span<const std::string> values) {
  if (posts_) {
    add_post(values);
  } else {
    add_placement(values);
  }
}

void SnapshotApplier::add_post(std::span<const std::string> values) {
  const auto& npn = values[columns_.npn];
  auto status = stored_status(columns_.status ? values[*columns_.status] : std::string());
  std::string office = columns_.local_office ? values[*columns_.local_office] : std::string();
  if (office.empty()) office = spec::office_of_npn(npn);
  offices_.insert(office);
  find_.bind(1, npn);
  bool known = find_.step();
  bool was_present = known && find_.column_int(0) != 0;
  bool turns_inactive = was_present && find_.column_text(1) == "CURRENT" && status == "INACTIVE";
  if (turns_inactive) {
    bind_previous(nullptr, 0);
    event_.bind(7, npn).bind(8, "CURRENT");
  }
  find_.reset();
  upsert_.bind(1, npn).bind(2, office).bind(3, status).bind(4, file_id_);
  upsert_.run();
  if (!was_present) {
    bind_previous(nullptr, 0);
    record_event(office, "post_created", npn, "");
  } else if (turns_inactive) {
    record_event(office, "post_inactive", npn, "status");
  }
}

const std::vector<std::string>& SnapshotApplier::person_changes(
    std::span<const std::string> values) {
  static const std::vector<std::string> none;
  const auto& person_id = values[columns_.placement[kPersonId]];
  if (persons_seen_.insert(person_id).second) {
    find_person_.bind(1, person_id);
    bool known = find_person_.step();
    std::vector<std::string> changed;
    for (std::size_t i = 0; known && i < state::kPersonColumns.size(); ++i) {
      if (find_person_.column_text(static_cast<int>(i)) != values[columns_.person[i]])
        changed.emplace_back(state::kPersonColumns[i]);
    }
    find_person_.reset();
    if (!known || !changed.empty()) {
      upsert_person_.bind(1, person_id);
      for (std::size_t i = 0; i < state::kPersonColumns.size(); ++i)
        upsert_person_.bind(2 + static_cast<int>(i), values[columns_.person[i]]);
      upsert_person_.run();
    }
    if (!changed.empty()) person_changed_.emplace(person_id, std::move(changed));
  }
  auto found = person_changed_.find(person_id);
  return found == person_changed_.end() ? none : found->second;
}

void SnapshotApplier::add_placement(std::span<const std::string> values) {
  const auto& id = values[columns_.key];
  const auto& npn = values[columns_.npn];
  auto office = spec::office_of_npn(npn);
  offices_.insert(office);
  const auto& person = person_changes(values);
  find_.bind(1, id);
  bool was_present = find_.step() && find_.column_int(0) != 0;
  // The changed columns in name order, as `changes` has always listed them.
  std::vector<std::string> changed;
  if (was_present) {
    if (find_.column_text(1) != npn) changed.emplace_back("npn");
    for (std::size_t i = 0; i < kPlacementCount; ++i) {
      if (find_.column_text(2 + static_cast<int>(i)) != values[columns_.placement[i]])
        changed.emplace_back(state::kPlacementColumns[i]);
    }
    changed.insert(changed.end(), person.begin(), person.end());
    std::sort(changed.begin(), changed.end());
  }
  bind_previous(was_present && !changed.empty() ? &find_ : nullptr, 1);
  find_.reset();
  upsert_.bind(1, id).bind(2, npn).bind(3, office);
  for (std::size_t i = 0; i < kPlacementCount; ++i)
    upsert_.bind(4 + static_cast<int>(i), values[columns_.placement[i]]);
  upsert_.bind(4 + static_cast<int>(kPlacementCount), file_id_);
  upsert_.run();
  if (!was_present) {
    record_event(office, "placement_created", id, "");
  } else if (!changed.empty()) {
    record_event(office, "placement_changed", id, fmt::format("{}", fmt::join(changed, ",")));
  }
}

std::map<std::string, std::int64_t> SnapshotApplier::finish() {
  // What the offices of this snapshot held before and this snapshot lacks is gone: the rows of
  // the office it did not write.
  auto gone = db_.prepare(
      posts_ ? std::string("SELECT npn, npn, status FROM tis_posts WHERE local_office = ?1"
                           " AND present = 1 AND coalesce(last_file_id, 0) != ?2 ORDER BY rowid")
             : fmt::format("SELECT placement_id, npn, {} FROM tis_placements WHERE local_office"
                           " = ?1 AND present = 1 AND coalesce(last_file_id, 0) != ?2"
                           " ORDER BY rowid",
                           column_list(state::kPlacementColumns)));
  auto mark = db_.prepare(fmt::format("UPDATE {} SET present = 0, last_file_id = ?2 WHERE {} = ?1",
                                      posts_ ? "tis_posts" : "tis_placements",
                                      posts_ ? "npn" : "placement_id"));
  for (const auto& office : offices_) {
    gone.bind(1, office).bind(2, file_id_);
    std::vector<std::string> removed;
    while (gone.step()) {
      auto key = gone.column_text(0);
      bind_previous(&gone, 1);
      record_event(office, posts_ ? "post_removed" : "placement_deleted", key, "");
      removed.push_back(std::move(key));
    }
    gone.reset();
    for (const auto& key : removed) {
      mark.bind(1, key).bind(2, file_id_);
      mark.run();
    }
  }
  for (const auto& office : offices_) {
    if (!is_baseline(office)) continue;
    auto insert = db_.prepare(
        "INSERT OR IGNORE INTO tis_baselines(local_office, file_id, business_date)"
        " VALUES (?1, ?2, ?3)");
    insert.bind(1, office).bind(2, file_id_).bind(3, date_);
    insert.run();
    ++counts_["baseline_offices"];
  }
  return counts_;
}

}  // namespace esr::inbound::tis_detail
