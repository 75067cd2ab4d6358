#pragma once
// rtc_lines: the line of the RTC owed to ESR for each record of an RMF/RMC file, kept from the
// file's transaction until its RTC is written. The only place that writes them; a write takes the
// open transaction, a read the database.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/db/statement.hpp"
#include "esr/db/transaction.hpp"

namespace esr::state {

/// Writes the RTC lines of one RMF/RMC file, one per record, with one prepared statement.
/// Must not outlive the transaction it was made in.
class RtcLineWriter {
 public:
  /// For the lines of ledger file `file_id`.
  RtcLineWriter(db::Transaction& transaction, std::int64_t file_id);
  /// The line of record `ordinal` (1-based, in file order): SUCCESS, or FAIL with `reason`;
  /// `record` is the record as received.
  void add(std::int64_t ordinal, bool success, std::string_view reason, std::string_view record);

 private:
  std::int64_t file_id_;
  db::Statement insert_;
};

/// One line of an RTC, as kept.
struct RtcLine {
  std::int64_t ordinal = 0;
  bool success = false;
  std::string reason;  // "" for a SUCCESS line
  std::string record;
};

/// The RTC lines of ledger file `file_id`, in ordinal order.
[[nodiscard]] std::vector<RtcLine> rtc_lines_of(db::Database& db, std::int64_t file_id);

/// An RMF/RMC file that has RTC lines and no RTC yet.
struct RtcDue {
  std::int64_t file_id = 0;
  std::string name;
  std::string local_office;
};

/// The inbound RMF/RMC files (applied or rejected) of a known office, or only of `local_office`
/// when given, that have RTC lines and are not confirmed by an RTC yet, in ledger order.
[[nodiscard]] std::vector<RtcDue> files_awaiting_rtc(
    db::Database& db, const std::optional<std::string>& local_office);

}  // namespace esr::state
