#pragma once
// The notifications table: DNC/DNF records esrd stored, wrote to a file, and ESR confirmed or
// failed in a DCC. The only place that writes it: for the notification engine and the DNC/DNF
// exports (outbound/notification_*.cpp), and for the DCC applier
// (inbound/confirmation_appliers.cpp). What to raise, and which DCC line confirms which
// notification, is decided there.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/db/transaction.hpp"
#include "esr/state/notification_state.hpp"

namespace esr::state {

// ---- raising (the engine, and the DNF snapshot) ----------------------------------------------

/// A notification raised, as it is stored: the NOT record line the DNC or DNF writes, and what it
/// is about.
struct RaisedNotification {
  std::string_view local_office;
  std::string_view title_code;
  std::string_view npn;
  std::optional<std::int64_t> position_id;  // none: about the post (a type 5)
  std::string_view placement_id;            // empty: none (stored NULL)
  std::string_view cause;                   // why it was raised, for trace
  std::string_view line;
};

/// Stores the notifications of one file type raised for one business date, pending, one at a
/// time with a prepared statement, in the caller's transaction.
class NotificationStore {
 public:
  /// `file_type` DNC or DNF; `business_date` YYYY-MM-DD; `created_at` UTC, as
  /// util::utc_now_iso() writes it.
  NotificationStore(db::Transaction& tx, std::string file_type, std::string business_date,
                    std::string created_at);

  /// Stores `notification` pending and returns its id; nullopt when one of the same file type
  /// with the same line is already pending for its office (a duplicate: nothing is stored).
  std::optional<std::int64_t> store(const RaisedNotification& notification);

  /// Whether a DNC type 1 about `placement_id` on the position was stored (in any state).
  [[nodiscard]] bool holds_dnc_type1(std::string_view placement_id, std::int64_t position_id);

 private:
  db::Database& db_;
  std::string file_type_, business_date_, created_at_;
  db::Statement insert_, type1_;
};

// ---- export (DNC, DNF) -----------------------------------------------------------------------

/// The offices a DNC is written for, in order: those with pending DNC notifications and, with
/// `every_office_with_positions`, every office that has positions. With `office`, at most that
/// one (and that one whatever it holds, with `every_office_with_positions`).
[[nodiscard]] std::vector<std::string> dnc_offices(db::Database& db,
                                                   const std::optional<std::string>& office,
                                                   bool every_office_with_positions);

/// The lines of the pending DNC notifications of `office`, in the order a DNC lists them:
/// position id (none, a type 5, last), then the order they were stored.
[[nodiscard]] std::vector<std::string> pending_dnc_lines(db::Database& db, std::string_view office);

/// Marks every pending DNC notification of `office` exported in file `file_id`, each with its
/// 1-based line in pending_dnc_lines' order, in one statement. Returns how many it marked.
std::int64_t mark_dnc_exported(db::Transaction& tx, std::string_view office, std::int64_t file_id);

/// The name of the DNF already written for `office` of `business_date` (YYYY-MM-DD), if any.
[[nodiscard]] std::optional<std::string> sent_dnf(db::Database& db, std::string_view office,
                                                  std::string_view business_date);

/// Marks every pending DNF notification of `office` of `business_date` exported in file
/// `file_id`, each with its 1-based line in the order they were stored, in one statement.
/// Returns how many it marked.
std::int64_t mark_dnf_exported(db::Transaction& tx, std::string_view office,
                               std::string_view business_date, std::int64_t file_id);

// ---- confirmation (DCC) ----------------------------------------------------------------------

/// A notification written to a DNC or DNF of an office, for the DCC line that may confirm it.
struct SentNotification {
  std::int64_t id = 0;
  NotificationState state = NotificationState::exported;
  std::string line;  // the record as esrd wrote it
  std::string file;  // the name of the DNC/DNF it was written to
};

/// The DNC and DNF files sent (or reserved and still pending) for an office.
struct SentNotificationFiles {
  std::int64_t sent = 0;      // how many
  std::int64_t awaiting = 0;  // how many hold a notification awaiting confirmation (exported)
};

/// The DCC's reads and writes, one line at a time with prepared statements, in the caller's
/// transaction.
class NotificationConfirmations {
 public:
  explicit NotificationConfirmations(db::Transaction& tx);

  /// The notifications at 1-based `ordinal` of the DNC and DNF files sent (or pending) for
  /// `office`, in the order of the files' sequence numbers, whatever their state.
  [[nodiscard]] std::vector<SentNotification> at_ordinal(std::string_view office,
                                                         std::int64_t ordinal);
  /// The DNC and DNF files of `office` and how many of them await confirmation.
  [[nodiscard]] SentNotificationFiles files_of(std::string_view office);
  /// Records ESR's answer to notification `id` while it awaits confirmation (exported):
  /// `state` (confirmed or failed), `reason` (empty: none, stored NULL) and the DCC's ledger id.
  void confirm(std::int64_t id, NotificationState state, std::string_view reason,
               std::int64_t confirming_file_id);

 private:
  db::Statement at_ordinal_, files_of_, update_;
};

}  // namespace esr::state
