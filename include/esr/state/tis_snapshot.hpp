#pragma once
// The TIS snapshot as the state keeps it: tis_posts, and tis_placements with their people
// (state/tis_columns.hpp), as of each office's latest extract; tis_baselines, each office's first
// snapshot date; and what changed between snapshots, as tis_events (state/tis_events.hpp). The
// only place that writes these tables.
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "esr/db/transaction.hpp"
#include "esr/state/tis_columns.hpp"

namespace esr::state {

/// A post as stored.
struct TisPost {
  std::string npn;
  std::string local_office;
  std::string status;  // CURRENT, INACTIVE...
};

/// A placement as stored, with the person it names (columns.person_id).
struct TisPlacement {
  std::string placement_id;
  std::string npn;
  std::string local_office;
  PlacementColumns columns;
  PersonColumns person;
};

/// What applying a snapshot did: the events recorded, by kind, and `baseline_offices`, the
/// offices whose baseline it is.
using SnapshotCounts = std::map<std::string, std::int64_t>;

/// One posts snapshot (ledger row `file_id`, its business date YYYY-MM-DD), applied inside the
/// open transaction: add() each row in file order, then finish() once. The snapshot is full for
/// each office it mentions. Events: post_created for a post not present before; post_inactive
/// (with the row before) for one that turns from CURRENT to INACTIVE; post_removed (with the row
/// before) for a post of a mentioned office that the snapshot lacks, which is kept as not
/// present. An office's first snapshot date (its baseline, posts and placements alike) raises
/// none. The per-row statements are prepared once: a snapshot has 100,000 rows or more.
class TisPostsSnapshot {
 public:
  TisPostsSnapshot(db::Transaction& transaction, std::int64_t file_id, std::string business_date);
  TisPostsSnapshot(TisPostsSnapshot&&) noexcept;
  TisPostsSnapshot& operator=(TisPostsSnapshot&&) noexcept;
  ~TisPostsSnapshot();

  void add(const TisPost& post);
  /// Marks what the snapshot's offices held and it lacks as gone, records the new baselines, and
  /// returns the counts.
  SnapshotCounts finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// One placements snapshot, as TisPostsSnapshot. A person's row in people is written on the
/// first placement of the person in the file, when new or changed. Events: placement_created;
/// placement_changed with the changed columns (the placement's, npn, and the person's, in name
/// order) and the row before; placement_deleted (with the row before) for a placement of a
/// mentioned office that the snapshot lacks.
class TisPlacementsSnapshot {
 public:
  TisPlacementsSnapshot(db::Transaction& transaction, std::int64_t file_id,
                        std::string business_date);
  TisPlacementsSnapshot(TisPlacementsSnapshot&&) noexcept;
  TisPlacementsSnapshot& operator=(TisPlacementsSnapshot&&) noexcept;
  ~TisPlacementsSnapshot();

  void add(const TisPlacement& placement);
  SnapshotCounts finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace esr::state
