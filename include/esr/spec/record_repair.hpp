#pragma once
// An outbound record with a broken optional part is sent without that part, not held back.
#include <string>
#include <vector>

#include "esr/spec/record_spec.hpp"

namespace esr::spec {

/// What check_and_repair decided about one outbound record.
struct RecordVerdict {
  /// Problems that make the record unusable: a mandatory or essential field missing or broken,
  /// or a wrong field count. Each is "<field label>: <rule broken>". Empty: the record can go.
  std::vector<std::string> blocking;
  /// What was left out so that the record could go, each "<group or field> left out: <field
  /// label>: <rule broken>" (a 7-digit GMC number without its expiry date, an address without
  /// its country). Messages quote no personal value (record_validator.hpp).
  std::vector<std::string> left_out;

  [[nodiscard]] bool usable() const { return blocking.empty(); }
};

/// Validates `values` (one per field of `spec`) and repairs what can be repaired: a problem in
/// an optional field of a group (`FieldSpec::group`: an address, a professional registration, an
/// emergency contact) empties the whole group; a problem in any other optional field that is not
/// `essential` empties that field. Then validates again: whatever is still wrong blocks the
/// record. Closed-list values are written in their listed spelling. Pure; thread-safe.
RecordVerdict check_and_repair(const RecordSpec& spec, std::vector<std::string>& values);

}  // namespace esr::spec
