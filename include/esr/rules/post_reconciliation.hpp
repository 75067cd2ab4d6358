#pragma once
// Matching (DESIGN §7): an ESR position is matched when the latest TIS posts extract holds a post
// with its deanery number; a post is reconciled when at least one of its positions is live (not
// deleted) and matched, and only such positions receive applicants and notifications. The flag
// itself is set in bulk by state/positions (rematch_positions, the RMT upserts); this is the
// decision read back, with what would have to change, for `esrd trace`.
#include <cstdint>
#include <string>
#include <vector>

namespace esr::rules {

/// One ESR position carrying a post's deanery number, as the state holds it.
struct PositionMatchFacts {
  std::int64_t id = 0;
  bool deleted = false;
  bool matched = false;  // the latest TIS posts extract holds the post
};

enum class Reconciliation {
  no_position,  // ESR has sent no position with this deanery number
  all_deleted,  // every position ESR sent is deleted
  unmatched,    // live positions, but TIS holds no such post
  reconciled,   // at least one live, matched position
};

struct PostReconciliation {
  Reconciliation state = Reconciliation::no_position;
  std::vector<std::int64_t> live, deleted, unmatched;  // position ids, in the order given
  /// What would have to change for the post to be reconciled; empty when it is.
  std::string to_go;
};

/// The reconciliation of post `npn` from its positions (deleted ones included).
[[nodiscard]] PostReconciliation reconcile_post(const std::string& npn,
                                                const std::vector<PositionMatchFacts>& positions);

}  // namespace esr::rules
