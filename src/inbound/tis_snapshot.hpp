#pragma once
// Applies one TIS snapshot (posts or placements) to the state row by row, as the file is read, and
// records what changed as tis_events. Internal to the importer (tis_import.cpp).
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/db/statement.hpp"
#include "esr/spec/record_spec.hpp"
#include "esr/state/tis_columns.hpp"

namespace esr::inbound::tis_detail {

/// Where each column the state keeps is in a record of the extract's schema. Throws
/// spec::SchemaError naming a column the state keeps that the schema lacks, or one the schema has
/// that the state would drop.
struct ExtractColumns {
  std::size_t key = 0;  // placement_id, or the npn of a post
  std::size_t npn = 0;
  std::optional<std::size_t> status, local_office;  // posts
  std::array<std::size_t, state::kPlacementColumns.size()> placement{};
  std::array<std::size_t, state::kPersonColumns.size()> person{};

  static ExtractColumns of(const spec::RecordSpec& record, bool posts);
};

/// The state side of one snapshot file, inside the caller's transaction: add() each valid row in
/// file order, then finish(). A snapshot is full for each office it mentions; an office's first
/// snapshot (its baseline) raises no events.
class SnapshotApplier {
 public:
  SnapshotApplier(db::Database& db, const spec::RecordSpec& record, std::int64_t file_id,
                  std::string date, bool posts);

  /// Where a row's key (placement id, or a post's npn) is among its values.
  [[nodiscard]] std::size_t key_column() const { return columns_.key; }
  /// One row, values in schema order (already made single-line).
  void add(std::span<const std::string> values);
  /// Marks what this snapshot's offices held and it lacks as gone, records the baselines, and
  /// returns the effect counts (events by kind, baseline_offices).
  std::map<std::string, std::int64_t> finish();

 private:
  bool is_baseline(const std::string& office);
  void record_event(const std::string& office, std::string_view kind, const std::string& subject,
                    const std::string& changes);
  void add_post(std::span<const std::string> values);
  void add_placement(std::span<const std::string> values);
  // The person columns whose values this row changes; the people row is updated on the first row
  // of the person in this file, and later rows of the person report the same change.
  const std::vector<std::string>& person_changes(std::span<const std::string> values);
  // Binds previous_* of the event statement from the row `from` read (nothing when empty).
  void bind_previous(const db::Statement* from, int first);

  db::Database& db_;
  ExtractColumns columns_;
  std::int64_t file_id_;
  std::string date_;
  bool posts_;
  db::Statement find_, upsert_, find_person_, upsert_person_, event_;
  std::map<std::string, bool> baseline_;  // office -> first snapshot
  std::set<std::string> offices_;
  std::unordered_set<std::string> persons_seen_;
  std::unordered_map<std::string, std::vector<std::string>> person_changed_;
  std::map<std::string, std::int64_t> counts_;
};

}  // namespace esr::inbound::tis_detail
