#pragma once
// Where a file of the ledger stands: the one mapping between the C++ outcomes and the text in
// files.outcome, whose CHECK lists the same values (migration 9; a test checks they agree).
#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "esr/state/state_text.hpp"

namespace esr::state {

enum class FileOutcome {
  applied,      // in: applied, in the same transaction as its ledger entry
  quarantined,  // in: rejected, moved to quarantine/ (its reason says why)
  pending,      // out: reserved with its exact bytes (content), not yet in outbox/
  publishing,   // out: its .part in outbox/ and its archive copy are written; the rename is next
  sent,         // out: in outbox/ under its final name (content cleared)
};

/// Every outcome with its text: inbound ones first, then outbound ones in the order a file
/// goes through them.
inline constexpr std::array<std::pair<FileOutcome, std::string_view>, 5> kFileOutcomes = {{
    {FileOutcome::applied, "applied"},
    {FileOutcome::quarantined, "quarantined"},
    {FileOutcome::pending, "pending"},
    {FileOutcome::publishing, "publishing"},
    {FileOutcome::sent, "sent"},
}};

[[nodiscard]] constexpr std::string_view to_text(FileOutcome outcome) {
  return state_text(kFileOutcomes, outcome);
}

[[nodiscard]] constexpr std::optional<FileOutcome> file_outcome_from_text(std::string_view text) {
  return state_from_text<FileOutcome>(kFileOutcomes, text);
}

/// Whether a file with this outcome was received (direction 'in') rather than written ('out').
[[nodiscard]] constexpr bool is_inbound(FileOutcome outcome) {
  return outcome == FileOutcome::applied || outcome == FileOutcome::quarantined;
}

}  // namespace esr::state
