#pragma once
// How many applicants one APP file may carry against one position (docs/applicants.md): ESR
// quarantines a whole file with more, so the excess waits for a later run.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace esr::rules {

/// Counts the applicants of one APP file against their positions, in the file's order, and says
/// which must wait: the first `limit` of a position go, the rest are held back.
class ApplicantsPerPosition {
 public:
  explicit ApplicantsPerPosition(int limit) : limit_(limit) {}

  /// Counts one more applicant against `position_id`: nullopt when it goes in this file, else
  /// why it is held back for a later one.
  [[nodiscard]] std::optional<std::string> admit(std::int64_t position_id);

  [[nodiscard]] int limit() const { return limit_; }

 private:
  int limit_;
  std::map<std::int64_t, int> counts_;
};

}  // namespace esr::rules
