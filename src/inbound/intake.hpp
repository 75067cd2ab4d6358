#pragma once
// The one intake pipeline that every inbound file goes through: RMF, RMC, APC, DCC and the TIS
// extracts. Internal to inbound/: InboundProcessor and TisImporter are its callers.
#include <filesystem>

#include "esr/db/database.hpp"
#include "esr/inbound/inbound_processor.hpp"
#include "esr/ops/data_dir.hpp"
#include "file_kind.hpp"

namespace esr::inbound {

/// Takes one file in, always in this order:
///   1. identify it by its name (its family says how);
///   2. look its name up in the ledger: the same bytes applied before are reported and, from
///      the inbox, archived; other bytes under an applied name are refused;
///   3. validate it (its kind's pass 1);
///   4. apply it in one transaction together with its ledger row, and commit;
///   5. only then move it to archive/ (from the inbox; a file replayed by hand stays put).
/// A refused file is recorded the same way: its ledger row and whatever else its kind keeps of a
/// rejection (an RMT's RTC lines), read from the file where it still is, in one transaction;
/// only after that commit is it moved (or, replayed by hand, copied) to quarantine/ with its
/// reason. A crash between a commit and the move leaves the file where it was, and taking it in
/// again finishes the move without recording anything twice: an applied file is found in the
/// ledger (step 2); a refused one is recognised by the ledger holding more rejections of its name
/// and bytes than quarantine/ holds copies. A dry run does every step but keeps nothing and
/// moves nothing. One log line per file (and one per problem), never a personal value.
///
/// Bad content is a result, never an exception; the environment (an unreadable file, a locked or
/// full database) throws, and then nothing of the file is kept. Not thread-safe.
class Intake {
 public:
  Intake(db::Database& db, ops::DataDir dir) : db_(db), dir_(std::move(dir)) {}

  [[nodiscard]] ProcessResult take(const std::filesystem::path& file, const FileFamily& family,
                                   const ProcessOptions& options);

 private:
  db::Database& db_;
  ops::DataDir dir_;
};

}  // namespace esr::inbound
