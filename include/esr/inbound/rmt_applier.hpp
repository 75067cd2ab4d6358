#pragma once
// Reconciliation of ESR positions from RMF (full) and RMC (changes) files.
#include <memory>

#include "esr/db/transaction.hpp"
#include "esr/inbound/record_applier.hpp"
#include "esr/spec/record_spec.hpp"
#include "esr/state/rtc_lines.hpp"

namespace esr::inbound {

/// Applies POR and POS records: `C` creates or changes a position, `D` marks it deleted; an RMF
/// also marks deleted every live position of its office that the file did not mention. A
/// position is matched when a TIS post with its deanery number is present. Records of types
/// without a spec (person updates) are kept raw. Each record also gets its RTC line (SUCCESS).
/// A position that the file makes live and matched (new, `D` then `C`, newly matched, or moved
/// to another post) gets one `position_live` tis_events row at finish(), dated the file's
/// business date, when its office's TIS baseline is older (docs/notifications.md).
/// Only ever given a file that validated as a whole.
class RmtApplier : public RecordApplier {
 public:
  /// Writes inside `transaction` (state/positions.hpp), which must outlive the applier.
  RmtApplier(db::Transaction& transaction, const spec::FileSpec& spec, FileContext context);
  ~RmtApplier() override;
  void apply(const dialect::ParsedRecord& record, const std::string& problems) override;
  std::string finish() override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Writes the RTC lines of a rejected RMT file: FAIL for every record, with the record's own
/// problems, or saying the file was rejected for problems on other lines.
class RmtRejectionLines : public RecordApplier {
 public:
  /// `every_line_reason` replaces the default reason of lines without problems of their own.
  RmtRejectionLines(db::Transaction& transaction, FileContext context,
                    std::string every_line_reason = {});
  void apply(const dialect::ParsedRecord& record, const std::string& problems) override;
  std::string finish() override;

 private:
  FileContext context_;
  std::string every_line_reason_;
  state::RtcLineWriter lines_;
};

}  // namespace esr::inbound
