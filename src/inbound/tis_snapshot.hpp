#pragma once
// Reads the rows of one TIS snapshot (posts or placements) into the state's rows, as the file is
// read, and hands them to state/tis_snapshot, which applies them and records what changed.
// Internal to the importer (tis_import.cpp).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "esr/db/transaction.hpp"
#include "esr/spec/record_spec.hpp"
#include "esr/state/tis_columns.hpp"
#include "esr/state/tis_snapshot.hpp"

namespace esr::inbound::tis_detail {

/// Where each column the state keeps is in a record of the extract's schema. Throws
/// spec::SchemaError naming a column the state keeps that the schema lacks, or one the schema has
/// that the state would drop.
struct ExtractColumns {
  template <class Row>
  using Columns = std::vector<std::pair<std::size_t, std::string Row::*>>;

  std::size_t key = 0;  // placement_id, or the npn of a post
  std::size_t npn = 0;
  std::optional<std::size_t> status, local_office;  // posts
  // Placements: where each kept column is among the values, and the member it fills.
  Columns<state::PlacementColumns> placement;
  Columns<state::PersonColumns> person;

  static ExtractColumns of(const spec::RecordSpec& record, bool posts);
};

/// The extract side of one snapshot file, inside the caller's transaction: add() each valid row
/// in file order, then finish() (state::TisPostsSnapshot, TisPlacementsSnapshot).
class SnapshotApplier {
 public:
  SnapshotApplier(db::Transaction& transaction, const spec::RecordSpec& record,
                  std::int64_t file_id, const std::string& date, bool posts);

  /// Where a row's key (placement id, or a post's npn) is among its values.
  [[nodiscard]] std::size_t key_column() const { return columns_.key; }
  /// One row, values in schema order (already made single-line); the values are moved from.
  void add(std::span<std::string> values);
  /// Marks what this snapshot's offices held and it lacks as gone, records the baselines, and
  /// returns the effect counts (events by kind, baseline_offices).
  state::SnapshotCounts finish();

 private:
  ExtractColumns columns_;
  std::optional<state::TisPostsSnapshot> posts_;
  std::optional<state::TisPlacementsSnapshot> placements_;
  // One row of each kind, reused for every row of the file.
  state::TisPost post_;
  state::TisPlacement placement_;
};

}  // namespace esr::inbound::tis_detail
