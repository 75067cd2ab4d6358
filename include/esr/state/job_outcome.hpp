#pragma once
// How a job run ended, or that it has not: the one mapping between the C++ outcomes and the text
// in job_runs.outcome, whose CHECK lists the same values (migration 9; a test checks they agree).
#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "esr/state/state_text.hpp"

namespace esr::state {

enum class JobOutcome {
  running,    // claimed its slot and started; not finished yet
  succeeded,  // finished, and the job said it went well
  failed,     // finished with an error (detail says which)
  missed,     // a scheduled slot that passed while esrd was not running
  crashed,    // was running when the process ended (found at the next start)
};

/// Every outcome with its text, in the order the metrics list them.
inline constexpr std::array<std::pair<JobOutcome, std::string_view>, 5> kJobOutcomes = {{
    {JobOutcome::running, "running"},
    {JobOutcome::succeeded, "succeeded"},
    {JobOutcome::failed, "failed"},
    {JobOutcome::missed, "missed"},
    {JobOutcome::crashed, "crashed"},
}};

[[nodiscard]] constexpr std::string_view to_text(JobOutcome outcome) {
  return state_text(kJobOutcomes, outcome);
}

[[nodiscard]] constexpr std::optional<JobOutcome> job_outcome_from_text(std::string_view text) {
  return state_from_text<JobOutcome>(kJobOutcomes, text);
}

}  // namespace esr::state
