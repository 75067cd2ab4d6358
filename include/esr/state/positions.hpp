#pragma once
// ESR positions as the RMT files (RMF full, RMC changes) leave them, matched against the TIS
// posts, and the person records of those files kept raw. The only place that writes positions
// and person_records.
#include <cstdint>
#include <string>
#include <string_view>

#include "esr/db/statement.hpp"
#include "esr/db/transaction.hpp"
#include "esr/spec/business_date.hpp"
#include "esr/state/position_columns.hpp"

namespace esr::state {

/// What a POR or POS says of its position besides its kept fields (PorFields, PosFields).
struct PositionRecord {
  std::int64_t position_id = 0;
  std::string deanery_number;
  std::string position_number;  // empty when the record has none
};

/// The writes of one RMT file (ledger row `file_id`, of `local_office`) to positions, inside the
/// open transaction, each stamped with the time the writer was made. A position is matched when
/// a present TIS post has its deanery number; one that a write makes matched while it was
/// deleted, unmatched or on another post before is flagged went_live until
/// record_live_positions. The statements are prepared once: an RMF has a million records.
class PositionWrites {
 public:
  PositionWrites(db::Transaction& transaction, std::int64_t file_id, std::string local_office);

  /// `C` of a POR or a POS: creates or changes the position (live again if it was deleted), its
  /// deanery number, its position number when the record gives one, and the record's kept
  /// columns with has_por or has_pos.
  void upsert(const PositionRecord& record, const PorFields& por);
  void upsert(const PositionRecord& record, const PosFields& pos);
  /// A POR followed by the POS of the same position (as ESR writes them) in one row write:
  /// exactly what upsert(por_record, por) then upsert(pos_record, pos) would leave when the two
  /// give the same deanery number, as ESR's do. Only the POS's is written and matched on.
  void upsert(const PositionRecord& por_record, const PorFields& por,
              const PositionRecord& pos_record, const PosFields& pos);
  /// `D`: marks the position deleted, creating it deleted and unmatched when it is unknown.
  void mark_deleted(const PositionRecord& record);
  /// An RMF's end: the full file replaces its office's positions, so every live position of the
  /// office that this file did not write is marked deleted. Returns how many.
  std::int64_t mark_unmentioned_deleted();

 private:
  // Binds what every write of this file binds: the position, office, deanery number, position
  // number, file and time (?1 to ?6).
  void bind_record(db::Statement& statement, const PositionRecord& record);

  db::Database& db_;
  std::int64_t file_id_;
  std::string local_office_;
  std::string changed_at_;
  db::Statement upsert_por_, upsert_pos_, upsert_pair_, delete_;
};

/// A record of an RMT kept as received (a person update: esrd has no spec for its type).
struct PersonRecord {
  std::int64_t ordinal = 0;  // among the file's records, from 1
  std::string_view record_type;
  std::string_view raw;
};

/// Keeps the person records of one RMT file (ledger row `file_id`) inside the open transaction.
class PersonRecordWrites {
 public:
  PersonRecordWrites(db::Transaction& transaction, std::int64_t file_id);

  void add(const PersonRecord& record);

 private:
  std::int64_t file_id_;
  db::Statement insert_;
};

/// Turns the positions flagged went_live (by an RMT file, or by rematch_positions) into
/// position_live events from ledger file `file_id` dated `date` (add_position_live_events in
/// state/tis_events.hpp), then clears every flag. Returns how many events.
std::int64_t record_live_positions(db::Transaction& transaction, std::int64_t file_id,
                                   const spec::BusinessDate& date);

struct RematchCounts {
  std::int64_t changed = 0;        // positions whose MATCHED/UNMATCHED status changed
  std::int64_t position_live = 0;  // position_live events recorded
};

/// Re-evaluates MATCHED/UNMATCHED for every position after the TIS posts changed (in the posts
/// file's transaction): only positions whose status flips are written, and one that becomes
/// matched goes live unless ESR deleted it, with its position_live event from ledger file
/// `file_id` dated `date` (record_live_positions).
RematchCounts rematch_positions(db::Transaction& transaction, std::int64_t file_id,
                                const spec::BusinessDate& date);

}  // namespace esr::state
