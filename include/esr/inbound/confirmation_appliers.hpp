#pragma once
// ESR's confirmations of what esrd sent: APC for applicants, DCC for notifications.
#include <memory>
#include <vector>

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
/// DCC: the line's position is the ordinal of the notification in the latest DNC or DNF sent for
/// the office, and the echoed record must be the line esrd wrote; SUCCESS confirms, FAIL fails
/// with the reason.
[[nodiscard]] std::unique_ptr<ConfirmationApplier> make_confirmation_applier(store::Database& db,
                                                                             FileContext context);

}  // namespace esr::inbound
