#pragma once
// The lifecycle of an applicant record (docs/architecture.md, "Applicants"): the one mapping
// between the C++ states and the text in applicants.state, whose CHECK lists the same values
// (migration 8; a test checks they agree).
#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "esr/state/state_text.hpp"

namespace esr::state {

enum class ApplicantState {
  to_export,                       // generated, waiting for the next APP
  exported,                        // written to an APP, not yet confirmed by an APC
  exported_and_processed,          // the APC said SUCCESS
  exported_processed_with_errors,  // the APC said FAILURE
  invalid_data,                    // fails the APP schema: waits for a corrected extract
  deleted_before_export,           // the placement or position went, or stopped qualifying
};

inline constexpr std::array<std::pair<ApplicantState, std::string_view>, 6> kApplicantStates = {{
    {ApplicantState::to_export, "TO_EXPORT"},
    {ApplicantState::exported, "EXPORTED"},
    {ApplicantState::exported_and_processed, "EXPORTED_AND_PROCESSED"},
    {ApplicantState::exported_processed_with_errors, "EXPORTED_PROCESSED_WITH_ERRORS"},
    {ApplicantState::invalid_data, "INVALID_DATA"},
    {ApplicantState::deleted_before_export, "DELETED_BEFORE_EXPORT"},
}};

[[nodiscard]] constexpr std::string_view to_text(ApplicantState state) {
  return state_text(kApplicantStates, state);
}

[[nodiscard]] constexpr std::optional<ApplicantState> applicant_state_from_text(
    std::string_view text) {
  return state_from_text<ApplicantState>(kApplicantStates, text);
}

/// `states` as a list of SQL literals ('TO_EXPORT', 'INVALID_DATA'), for a statement that names
/// states in its text rather than binding them.
[[nodiscard]] inline std::string sql_list(std::initializer_list<ApplicantState> states) {
  std::string out;
  for (auto state : states) {
    if (!out.empty()) out += ", ";
    out += '\'';
    out += to_text(state);
    out += '\'';
  }
  return out;
}

/// Whether an applicant in this state was written to an APP (ESR knows it).
[[nodiscard]] constexpr bool was_sent(ApplicantState state) {
  return state == ApplicantState::exported || state == ApplicantState::exported_and_processed ||
         state == ApplicantState::exported_processed_with_errors;
}

}  // namespace esr::state
