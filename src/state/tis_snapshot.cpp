#include "esr/state/tis_snapshot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "esr/state/tis_events.hpp"
#include "sql_text.hpp"

namespace esr::state {

namespace {

constexpr std::size_t kPlacementCount = kPlacementFields.size();

// What a posts and a placements snapshot share: the file, the offices it mentions and their
// baselines, its events and their counts.
class SnapshotFile {
 public:
  SnapshotFile(db::Transaction& transaction, std::int64_t file_id, std::string date)
      : db_(transaction.database()),
        file_id_(file_id),
        date_(date),
        events_(transaction, file_id, std::move(date)) {}

  [[nodiscard]] db::Database& db() const { return db_; }
  [[nodiscard]] std::int64_t file_id() const { return file_id_; }
  void mention(const std::string& office) { offices_.insert(office); }

  // Records the event, unless the snapshot is its office's baseline.
  void record(const std::string& office, std::string_view kind, const std::string& subject,
              std::string_view changes = {}, const PreviousRow* previous = nullptr) {
    if (is_baseline(office)) return;
    events_.add({office, kind, subject, changes, previous});
    ++counts_[std::string(kind)];
  }

  // What the mentioned offices held before and this file lacks is gone: the rows of each office
  // that the file did not write, which `gone` selects (the key, then the row before as
  // `previous_of` reads it) for office ?1 and file ?2, each recorded as a `kind` event, then
  // marked not present by `mark` (key ?1, file ?2). Then records the offices at their baseline.
  template <class PreviousOf>
  SnapshotCounts finish(db::Statement& gone, db::Statement& mark, std::string_view kind,
                        PreviousOf previous_of) {
    for (const auto& office : offices_) {
      gone.bind(1, office).bind(2, file_id_);
      std::vector<std::string> removed;
      while (gone.step()) {
        auto key = gone.column_text(0);
        auto previous = previous_of(gone);
        record(office, kind, key, {}, &previous);
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

 private:
  bool is_baseline(const std::string& office) {
    auto found = baseline_.find(office);
    if (found != baseline_.end()) return found->second;
    // The baseline is the office's first snapshot date: its posts and its placements files are
    // both part of it, whichever is loaded first.
    auto known = db_.prepare("SELECT business_date FROM tis_baselines WHERE local_office = ?1");
    known.bind(1, office);
    bool baseline = !known.step() || known.column_text(0) == date_;
    return baseline_.emplace(office, baseline).first->second;
  }

  db::Database& db_;
  std::int64_t file_id_;
  std::string date_;
  TisEventLog events_;
  std::map<std::string, bool> baseline_;  // office -> at its first snapshot
  std::set<std::string> offices_;
  SnapshotCounts counts_;
};

// The statement that marks a row of `table` not present, by its key column.
db::Statement mark_gone(db::Database& db, std::string_view table, std::string_view key) {
  return db.prepare(
      fmt::format("UPDATE {} SET present = 0, last_file_id = ?2 WHERE {} = ?1", table, key));
}

// A placement's row before, from a row that has its npn in `first` and its columns after it.
PreviousRow placement_before(const db::Statement& row, int first) {
  PreviousRow previous;
  previous.npn = row.column_text(first);
  auto& columns = previous.placement.emplace();
  for (const auto& column : kPlacementFields) columns.*column.member = row.column_text(++first);
  return previous;
}

}  // namespace

// ---- posts ------------------------------------------------------------------------------------

struct TisPostsSnapshot::Impl {
  SnapshotFile file;
  db::Statement find, upsert;

  Impl(db::Transaction& transaction, std::int64_t file_id, std::string date)
      : file(transaction, file_id, std::move(date)),
        find(file.db().prepare("SELECT present, status FROM tis_posts WHERE npn = ?1")),
        upsert(file.db().prepare(
            "INSERT INTO tis_posts(npn, local_office, status, present, first_file_id,"
            " last_file_id) VALUES (?1, ?2, ?3, 1, ?4, ?4) ON CONFLICT(npn) DO UPDATE"
            " SET local_office = excluded.local_office, status = excluded.status,"
            " present = 1, last_file_id = excluded.last_file_id")) {}
};

TisPostsSnapshot::TisPostsSnapshot(db::Transaction& transaction, std::int64_t file_id,
                                   std::string business_date)
    : impl_(std::make_unique<Impl>(transaction, file_id, std::move(business_date))) {}
TisPostsSnapshot::TisPostsSnapshot(TisPostsSnapshot&&) noexcept = default;
TisPostsSnapshot& TisPostsSnapshot::operator=(TisPostsSnapshot&&) noexcept = default;
TisPostsSnapshot::~TisPostsSnapshot() = default;

void TisPostsSnapshot::add(const TisPost& post) {
  auto& impl = *impl_;
  impl.file.mention(post.local_office);
  impl.find.bind(1, post.npn);
  bool known = impl.find.step();
  bool was_present = known && impl.find.column_int(0) != 0;
  bool turns_inactive =
      was_present && impl.find.column_text(1) == "CURRENT" && post.status == "INACTIVE";
  impl.find.reset();
  impl.upsert.bind(1, post.npn)
      .bind(2, post.local_office)
      .bind(3, post.status)
      .bind(4, impl.file.file_id());
  impl.upsert.run();
  if (!was_present) {
    impl.file.record(post.local_office, "post_created", post.npn);
  } else if (turns_inactive) {
    const PreviousRow previous{post.npn, "CURRENT", std::nullopt};
    impl.file.record(post.local_office, "post_inactive", post.npn, "status", &previous);
  }
}

SnapshotCounts TisPostsSnapshot::finish() {
  auto& db = impl_->file.db();
  auto gone = db.prepare(
      "SELECT npn, npn, status FROM tis_posts WHERE local_office = ?1"
      " AND present = 1 AND coalesce(last_file_id, 0) != ?2 ORDER BY rowid");
  auto mark = mark_gone(db, "tis_posts", "npn");
  return impl_->file.finish(gone, mark, "post_removed", [](const db::Statement& row) {
    return PreviousRow{row.column_text(1), row.column_text(2), std::nullopt};
  });
}

// ---- placements -------------------------------------------------------------------------------

struct TisPlacementsSnapshot::Impl {
  SnapshotFile file;
  db::Statement find, upsert, find_person, upsert_person;
  std::unordered_set<std::string> persons_seen;
  std::unordered_map<std::string, std::vector<std::string>> person_changed;

  Impl(db::Transaction& transaction, std::int64_t file_id, std::string date)
      : file(transaction, file_id, std::move(date)),
        find(file.db().prepare(fmt::format("SELECT present, npn, {} FROM tis_placements"
                                           " WHERE placement_id = ?1",
                                           sql::column_list(kPlacementColumns)))),
        upsert(file.db().prepare(
            fmt::format("INSERT INTO tis_placements(placement_id, npn, local_office, {0},"
                        " present, first_file_id, last_file_id) VALUES (?1, ?2, ?3, {1}, 1,"
                        " ?{2}, ?{2}) ON CONFLICT(placement_id) DO UPDATE SET"
                        " npn = excluded.npn, local_office = excluded.local_office{3},"
                        " present = 1, last_file_id = excluded.last_file_id",
                        sql::column_list(kPlacementColumns), sql::placeholders(4, kPlacementCount),
                        4 + kPlacementCount, sql::excluded_updates(kPlacementColumns)))),
        find_person(file.db().prepare(fmt::format("SELECT {} FROM people WHERE person_id = ?1",
                                                  sql::column_list(kPersonColumns)))),
        upsert_person(file.db().prepare(fmt::format(
            "INSERT INTO people(person_id, {}) VALUES (?1, {}) ON CONFLICT(person_id) DO UPDATE"
            " SET person_id = excluded.person_id{}",
            sql::column_list(kPersonColumns), sql::placeholders(2, kPersonColumns.size()),
            sql::excluded_updates(kPersonColumns)))) {}

  // The person columns whose values this placement changes; the people row is written on the
  // first placement of the person in this file, and later ones report the same change.
  const std::vector<std::string>& person_changes(const TisPlacement& placement) {
    static const std::vector<std::string> none;
    const auto& person_id = placement.columns.person_id;
    if (persons_seen.insert(person_id).second) {
      find_person.bind(1, person_id);
      bool known = find_person.step();
      std::vector<std::string> changed;
      int column = 0;
      for (const auto& field : kPersonFields) {
        if (known && find_person.column_text(column) != placement.person.*field.member)
          changed.emplace_back(field.name);
        ++column;
      }
      find_person.reset();
      if (!known || !changed.empty()) {
        upsert_person.bind(1, person_id);
        int parameter = 2;
        for (const auto& field : kPersonFields)
          upsert_person.bind(parameter++, placement.person.*field.member);
        upsert_person.run();
      }
      if (!changed.empty()) person_changed.emplace(person_id, std::move(changed));
    }
    auto found = person_changed.find(person_id);
    return found == person_changed.end() ? none : found->second;
  }
};

TisPlacementsSnapshot::TisPlacementsSnapshot(db::Transaction& transaction, std::int64_t file_id,
                                             std::string business_date)
    : impl_(std::make_unique<Impl>(transaction, file_id, std::move(business_date))) {}
TisPlacementsSnapshot::TisPlacementsSnapshot(TisPlacementsSnapshot&&) noexcept = default;
TisPlacementsSnapshot& TisPlacementsSnapshot::operator=(TisPlacementsSnapshot&&) noexcept = default;
TisPlacementsSnapshot::~TisPlacementsSnapshot() = default;

void TisPlacementsSnapshot::add(const TisPlacement& placement) {
  auto& impl = *impl_;
  const auto& office = placement.local_office;
  impl.file.mention(office);
  const auto& person = impl.person_changes(placement);
  auto& find = impl.find;
  find.bind(1, placement.placement_id);
  bool was_present = find.step() && find.column_int(0) != 0;
  // The changed columns in name order, as `changes` has always listed them.
  std::vector<std::string> changed;
  if (was_present) {
    if (find.column_text(1) != placement.npn) changed.emplace_back("npn");
    int column = 2;
    for (const auto& field : kPlacementFields) {
      if (find.column_text(column++) != placement.columns.*field.member)
        changed.emplace_back(field.name);
    }
    changed.insert(changed.end(), person.begin(), person.end());
    std::sort(changed.begin(), changed.end());
  }
  std::optional<PreviousRow> previous;
  if (was_present && !changed.empty()) previous = placement_before(find, 1);
  find.reset();
  impl.upsert.bind(1, placement.placement_id).bind(2, placement.npn).bind(3, office);
  int parameter = 4;
  for (const auto& field : kPlacementFields)
    impl.upsert.bind(parameter++, placement.columns.*field.member);
  impl.upsert.bind(parameter, impl.file.file_id());
  impl.upsert.run();
  if (!was_present) {
    impl.file.record(office, "placement_created", placement.placement_id);
  } else if (!changed.empty()) {
    impl.file.record(office, "placement_changed", placement.placement_id,
                     fmt::format("{}", fmt::join(changed, ",")), &*previous);
  }
}

SnapshotCounts TisPlacementsSnapshot::finish() {
  auto& db = impl_->file.db();
  auto gone = db.prepare(
      fmt::format("SELECT placement_id, npn, {} FROM tis_placements WHERE local_office"
                  " = ?1 AND present = 1 AND coalesce(last_file_id, 0) != ?2 ORDER BY rowid",
                  sql::column_list(kPlacementColumns)));
  auto mark = mark_gone(db, "tis_placements", "placement_id");
  return impl_->file.finish(gone, mark, "placement_deleted",
                            [](const db::Statement& row) { return placement_before(row, 1); });
}

}  // namespace esr::state
