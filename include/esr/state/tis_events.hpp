#pragma once
// tis_events: what changed in the TIS snapshot (state/tis_snapshot.hpp) and which positions went
// live (state/positions.hpp), for the notification engine, which reads those not processed
// (unprocessed_tis_events) and marks each one processed (TisEventMarks).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "esr/db/statement.hpp"
#include "esr/db/transaction.hpp"
#include "esr/spec/business_date.hpp"
#include "esr/state/records.hpp"
#include "esr/state/tis_columns.hpp"

namespace esr::state {

/// The row before a change or a deletion, kept as the event's previous_* columns: a post's npn and
/// status, or a placement's npn and own columns (never a personal value).
struct PreviousRow {
  std::string npn;
  std::optional<std::string> status;          // a post's
  std::optional<PlacementColumns> placement;  // a placement's
};

/// One difference between two snapshots of an office.
struct TisEvent {
  std::string_view local_office;
  std::string_view kind;     // post_created, post_removed, post_inactive, placement_created...
  std::string_view subject;  // npn or placement id
  std::string_view changes;  // the changed columns, comma-separated; empty: none (NULL)
  const PreviousRow* previous = nullptr;  // none: every previous_* column NULL
};

/// Appends the events of one file (its ledger row `file_id`, dated `business_date`,
/// YYYY-MM-DD) inside the open transaction; the statement is prepared once, for snapshots of
/// 100,000 rows.
class TisEventLog {
 public:
  TisEventLog(db::Transaction& transaction, std::int64_t file_id, std::string business_date);

  void add(const TisEvent& event);

 private:
  std::int64_t file_id_;
  std::string business_date_;
  db::Statement insert_;
};

/// One position_live event from ledger file `file_id` dated `date` for each position flagged
/// went_live that is live and matched, in position id order, when its office's TIS baseline is
/// older than `date`: the engine ignores an event dated on or before the baseline, so a day-one
/// file raises none. Leaves the flags (record_live_positions in state/positions.hpp clears them).
/// Returns how many events.
std::int64_t add_position_live_events(db::Transaction& transaction, std::int64_t file_id,
                                      const spec::BusinessDate& date);

/// An event not yet processed, as the notification engine reads it.
struct PendingTisEvent {
  std::int64_t id = 0;
  std::string local_office, business_date, kind, subject;
  std::string changes;                       // comma-separated; empty: none
  std::optional<std::string> baseline_date;  // its office's TIS baseline, if it has one
  std::string previous_status;               // a post's, before it was removed or made INACTIVE
  std::optional<Placement> previous;         // a placement before it changed or was deleted
};

/// The events not processed dated on or before `through`, in the order they were recorded.
[[nodiscard]] std::vector<PendingTisEvent> unprocessed_tis_events(
    db::Database& db, const spec::BusinessDate& through);

/// Marks events processed one by one, with one statement prepared for all.
class TisEventMarks {
 public:
  explicit TisEventMarks(db::Transaction& transaction);

  void processed(std::int64_t event_id);

 private:
  db::Statement mark_;
};

}  // namespace esr::state
