#pragma once
// The lines of the RTC owed to ESR for each record of an RMF/RMC file, kept from the file's
// transaction until its RTC is written (and after, for trace). A FAIL line is a row of rtc_lines;
// SUCCESS lines, a million for a large RMF, are the records themselves, kept in blobs of about a
// megabyte (rtc_echoes) so that applying a file costs a few hundred row writes for them, not one
// per record. The only place that writes them; a write takes the open transaction, a read the
// database.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/db/statement.hpp"
#include "esr/db/transaction.hpp"

namespace esr::state {

/// Writes the RTC lines of one RMF/RMC file, one per record, in file order. SUCCESS lines are
/// buffered and written a megabyte at a time: call finish() before the transaction commits.
/// Must not outlive the transaction it was made in.
class RtcLineWriter {
 public:
  /// For the lines of ledger file `file_id`.
  RtcLineWriter(db::Transaction& transaction, std::int64_t file_id);
  /// The line of record `ordinal` (1-based, in file order): SUCCESS, or FAIL with `reason`;
  /// `record` is the record as received.
  void add(std::int64_t ordinal, bool success, std::string_view reason, std::string_view record);
  /// Writes the SUCCESS lines still buffered.
  void finish();

  /// How many bytes of records a blob of rtc_echoes holds before it is written (about).
  static constexpr std::size_t kChunkBytes = 1 << 20;

 private:
  void write_chunk();

  std::int64_t file_id_;
  db::Statement insert_fail_, insert_chunk_;
  std::string chunk_;  // the encoded SUCCESS records not yet written
  std::int64_t chunks_written_ = 0;
};

/// One line of an RTC, as kept.
struct RtcLine {
  std::int64_t ordinal = 0;
  bool success = false;
  std::string reason;  // "" for a SUCCESS line
  std::string record;
};

/// Calls `visit` with each RTC line of ledger file `file_id`, in ordinal order, SUCCESS and FAIL
/// merged, reading the blobs one at a time (memory stays that of one blob). `visit` returns false
/// to stop early.
void for_each_rtc_line(db::Database& db, std::int64_t file_id,
                       const std::function<bool(const RtcLine&)>& visit);

/// The RTC lines of ledger file `file_id`, in ordinal order (for tests and small files).
[[nodiscard]] std::vector<RtcLine> rtc_lines_of(db::Database& db, std::int64_t file_id);

/// The first line of ledger file `file_id` whose record is a POR or POS of position
/// `position_id` (the record type quoted or not, in any letter case); nullopt when none is.
[[nodiscard]] std::optional<RtcLine> first_line_of_position(db::Database& db, std::int64_t file_id,
                                                            std::int64_t position_id);

/// How many FAIL lines ledger file `file_id` has.
[[nodiscard]] std::int64_t failed_rtc_lines(db::Database& db, std::int64_t file_id);

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
