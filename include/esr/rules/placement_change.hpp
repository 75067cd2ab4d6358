#pragma once
// What a change to an eligible placement tells ESR about one live position of its post
// (docs/notifications.md, "placement_changed"): nothing, a type 1 (the incumbents again), or,
// when ESR already holds an applicant for it whose dates no longer hold, a type 4 (the new
// dates) then a type 1. Pure: the engine gathers the facts and sends what this says.
#include <string_view>

namespace esr::rules {

/// A changed placement, eligible now, as seen from one live position of its post.
struct PlacementChangeFacts {
  bool previous_known = false;     // the row before the change was kept
  bool previous_eligible = false;  // and was eligible (false when not kept)
  bool same_post = false;          // and was on the same post (false when not kept)
  bool dates_changed = true;       // start or end differ from the row before (true when not kept)
  bool wte_changed = false;        // the WTE, as a notification formats it, differs
  bool applicant_sent = false;     // an applicant of the placement on this position was sent
  bool sent_dates_differ = false;  // and the dates it carried are not the placement's now
};

enum class ChangeNotice { none, type1, type4_then_type1 };

struct PlacementChangeVerdict {
  ChangeNotice notice = ChangeNotice::none;
  std::string_view why;  // the cause a notification records: "dates", "wte", "became eligible"...
};

/// The notice a placement change calls for on one position, and why. With an applicant sent,
/// ESR holds its dates (updated by any type 4 since): new dates are a type 4 and a type 1, a new
/// WTE a type 1, a re-approval with the dates ESR has nothing. Otherwise a placement that became
/// eligible (or moved post), changed dates or changed WTE is a type 1.
[[nodiscard]] PlacementChangeVerdict placement_change(const PlacementChangeFacts& facts);

}  // namespace esr::rules
