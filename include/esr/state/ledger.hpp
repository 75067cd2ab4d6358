#pragma once
// The ledger (the files table): every file in and out, by name, checksum and outcome. The only
// place that writes files; a write takes the open transaction, a read the database.
// Thread-safety: none, like the Database.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/db/transaction.hpp"
#include "esr/state/file_outcome.hpp"

namespace esr::state {

// ---- inbound files: the intake ------------------------------------------------------------------

/// An inbound file's entry (direction 'in').
struct LedgerEntry {
  std::int64_t id = 0;
  std::string name;
  std::string type;
  std::string local_office;
  std::string business_date;  // YYYY-MM-DD
  std::optional<std::int64_t> sequence;
  std::string sha256;
  std::int64_t size = 0;
  std::int64_t records = 0;
  FileOutcome outcome = FileOutcome::applied;  // applied or quarantined
  std::string reason;
};

/// The most recent inbound entry of this name that was applied, if any.
[[nodiscard]] std::optional<LedgerEntry> last_applied(db::Database& db, const std::string& name);

/// The inbound rejections (outcome quarantined) recorded for these bytes under this name: how
/// many, and the latest's id (0 when none).
struct Rejections {
  std::size_t count = 0;
  std::int64_t latest_id = 0;
};
[[nodiscard]] Rejections rejections_of(db::Database& db, const std::string& name,
                                       const std::string& sha256);

/// Adds an inbound entry (its id is ignored) and returns its id; started/finished times are now.
std::int64_t add_inbound(db::Transaction& transaction, const LedgerEntry& entry);

/// Sets an entry's record count and finished time (now): for a file streamed into the state,
/// whose entry is added first so that its rows can name it.
void finish_inbound(db::Transaction& transaction, std::int64_t id, std::int64_t records);

/// Records that RTC file `rtc_id` confirms the RMF/RMC file `rmt_id`.
void set_confirmed_by(db::Transaction& transaction, std::int64_t rmt_id, std::int64_t rtc_id);

// ---- outbound files: the publisher --------------------------------------------------------------

/// An outbound file reserved with its exact bytes, before it is written to the outbox.
struct OutboundEntry {
  std::string name;
  std::string type;  // APP, DNF, DNC, RTC
  std::string local_office;
  std::string business_date;  // YYYY-MM-DD
  std::int64_t sequence = 0;
  std::int64_t records = 0;
  std::string_view content;  // the file's bytes (not kept); the entry's sha256 and size are theirs
};

/// Adds an outbound entry `pending`, with its content, started now; returns its id.
std::int64_t add_pending_outbound(db::Transaction& transaction, const OutboundEntry& entry);

/// An outbound file not yet sent, with the bytes to publish.
struct UnsentFile {
  std::int64_t id = 0;
  std::string name;
  FileOutcome outcome = FileOutcome::pending;  // pending or publishing
  std::string business_date;                   // YYYY-MM-DD
  std::string sha256;
  std::string content;
};

/// Every outbound file `pending` or `publishing`, in sequence order.
[[nodiscard]] std::vector<UnsentFile> unsent_files(db::Database& db);

/// Sets an outbound file's outcome and finished time (now); `sent` drops its stored bytes.
void set_outbound_outcome(db::Transaction& transaction, std::int64_t id, FileOutcome outcome);

// ---- esrd check ---------------------------------------------------------------------------------

/// An outbound file the ledger says was sent.
struct SentFile {
  std::string name;
  std::string business_date;  // as stored; may be unreadable
  std::string sha256;         // "" when none was recorded
};

/// Every outbound file `sent`, in ledger order.
[[nodiscard]] std::vector<SentFile> sent_files(db::Database& db);

/// The checksums the ledger records under a name, in or out, asked for many names.
class LedgerChecksums {
 public:
  explicit LedgerChecksums(db::Database& db);
  /// Every distinct checksum of the entries of this name ("" for one recorded without); empty
  /// when the ledger has no entry of this name.
  [[nodiscard]] std::set<std::string> of(const std::string& name);

 private:
  db::Statement select_;
};

}  // namespace esr::state
