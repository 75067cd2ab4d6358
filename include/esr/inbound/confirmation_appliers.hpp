#pragma once
// ESR's confirmations of what esrd sent: APC for applicants, DCC for notifications.
#include <memory>
#include <vector>

#include "esr/db/transaction.hpp"
#include "esr/inbound/record_applier.hpp"
#include "esr/spec/problem.hpp"

namespace esr::inbound {

/// Matches each confirmation line to what it confirms. A valid line that matches nothing, or
/// whose echoed identifiers disagree, is reported through unmatched(), never silently dropped.
/// Invalid lines are skipped (the processor has already reported them): one bad line never
/// stops the rest of the file.
class ConfirmationApplier : public RecordApplier {
 public:
  [[nodiscard]] const std::vector<spec::Problem>& unmatched() const { return unmatched_; }

 protected:
  void report(const dialect::ParsedRecord& record, std::string field, std::string message);
  std::vector<spec::Problem> unmatched_;
  std::string file_name_;
};

/// APC: the line's ESR_vacancy_id is the ordinal of the applicant in the latest APP file sent
/// for the office; deanery number and position id must agree. SUCCESS sets
/// EXPORTED_AND_PROCESSED with applicant number and assignment id; FAIL sets
/// EXPORTED_PROCESSED_WITH_ERRORS with the message and its type.
/// DCC: a line confirms the one notification awaiting confirmation (state `exported`, in any
/// DNC or DNF sent for the office) whose ordinal in its file is the line's position and whose
/// written line is the echoed record as a whole: the same fields, compared after unquoting, so
/// an echo with or without esrd's quotes matches but a truncated one does not. SUCCESS confirms,
/// FAIL fails with the reason. No such notification, or more than one (the same record at the
/// same ordinal of two files), is reported and changes nothing. Messages name files and
/// ordinals, never a value of the echoed record.
/// The applier reads and writes in `tx` (the intake's, which holds the file's ledger row), and
/// must not outlive it.
[[nodiscard]] std::unique_ptr<ConfirmationApplier> make_confirmation_applier(db::Transaction& tx,
                                                                             FileContext context);

}  // namespace esr::inbound
