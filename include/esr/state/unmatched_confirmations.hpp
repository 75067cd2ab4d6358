#pragma once
// unmatched_confirmations: the APC/DCC lines that confirmed nothing esrd could find, kept for
// `esrd status` and `esrd trace`. The only place that writes them; a write takes the open
// transaction.
#include <cstdint>

#include "esr/db/statement.hpp"
#include "esr/db/transaction.hpp"
#include "esr/spec/problem.hpp"

namespace esr::state {

/// Keeps the unmatched lines of one confirmation file, with one prepared statement. Must not
/// outlive the transaction it was made in.
class UnmatchedConfirmationWriter {
 public:
  /// For the lines of ledger file `file_id`.
  UnmatchedConfirmationWriter(db::Transaction& transaction, std::int64_t file_id);
  /// Keeps `problem`'s line, field and message (never a personal value: the applier's report).
  void add(const spec::Problem& problem);

 private:
  std::int64_t file_id_;
  db::Statement insert_;
};

}  // namespace esr::state
