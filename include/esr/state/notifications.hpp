#pragma once
// The notifications table: DNC/DNF records esrd stored, wrote to a file, and ESR confirmed or
// failed in a DCC. This module holds, for now, what the DCC applier reads and writes
// (inbound/confirmation_appliers.cpp); which DCC line confirms which notification is decided
// there.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/db/transaction.hpp"
#include "esr/state/notification_state.hpp"

namespace esr::state {

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
