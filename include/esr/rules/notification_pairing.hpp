#pragma once
// Who the current and next incumbents of a post are on a day, and which of them pair up
// (docs/notifications.md): the trainees a NOT record names. The engine
// (outbound/notification_engine.cpp) gives the facts of a post's placements and maps the pairs,
// indexes into those facts, back to its placements.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "esr/spec/business_date.hpp"

namespace esr::rules {

/// What the incumbent rules need to know of a placement.
struct IncumbentFacts {
  std::string id;  // the placement id
  spec::BusinessDate start, end;
  std::string site_code;  // where it pairs (site_key)
  bool eligible = true;   // APPROVED and of an eligible type (is_eligible_placement)
};

/// Current on `as_of`: start <= as_of <= end.
[[nodiscard]] bool is_current(const IncumbentFacts& placement, const spec::BusinessDate& as_of);

/// Next on `as_of`: as_of < start < as_of + window_days (the upper bound of the applicant
/// window), so a placement enters the window on start - (window_days - 1).
[[nodiscard]] bool is_next(const IncumbentFacts& placement, const spec::BusinessDate& as_of,
                           int window_days);

/// How site codes are compared when pairing incumbents: trimmed, lower case ('' pairs with
/// nothing, so callers check for it).
[[nodiscard]] std::string site_key(std::string_view site);

/// Orders placement ids: numerically when both are all digits, else as text.
[[nodiscard]] bool placement_id_before(std::string_view a, std::string_view b);

/// Orders placements (anything with a `start` date and an `id`) by start date, then by
/// placement id (placement_id_before).
template <typename PlacementLike>
[[nodiscard]] bool starts_before(const PlacementLike& a, const PlacementLike& b) {
  return a.start != b.start ? a.start < b.start : placement_id_before(a.id, b.id);
}

/// A current incumbent, a next incumbent, or both, as indexes into the facts the rule was given
/// (neither only for a withdrawal that leaves nobody at the site).
struct IncumbentSlots {
  std::optional<std::size_t> current;
  std::optional<std::size_t> next;

  bool operator==(const IncumbentSlots&) const = default;
};

/// Pairs the current and next incumbents of one post by site code (site_key; an empty site code
/// pairs with nothing); `currents` and `nexts` are indexes into `placements`. Currents in
/// starts_before order each take the earliest unused next of their site (in the same order). The
/// result is every current in that order (paired or alone), then the nexts left over, in order.
[[nodiscard]] std::vector<IncumbentSlots> pair_incumbents(
    const std::vector<IncumbentFacts>& placements, std::vector<std::size_t> currents,
    std::vector<std::size_t> nexts);

/// Which placement of `placements` is put on its side whatever the window says, and which is
/// left out, each by index (none: no such placement).
struct PairingAdjustment {
  /// A placement being notified: current when it has started on `as_of`, else next, eligible or
  /// not; any other placement with its id is left out.
  std::optional<std::size_t> force;
  /// A placement withdrawn: no placement with its id is paired.
  std::optional<std::size_t> exclude;
};

/// The pairs of one post on `as_of` (pair_incumbents): its eligible placements current on
/// `as_of` or next within `window_days`, with `adjustment` applied.
[[nodiscard]] std::vector<IncumbentSlots> pairing(const std::vector<IncumbentFacts>& placements,
                                                  const spec::BusinessDate& as_of, int window_days,
                                                  const PairingAdjustment& adjustment = {});

/// The pair of `pairs` that holds a placement with `id` (of `placements`), else null.
[[nodiscard]] const IncumbentSlots* pair_with(const std::vector<IncumbentSlots>& pairs,
                                              const std::vector<IncumbentFacts>& placements,
                                              std::string_view id);

/// The pair a type 1 names after placement `withdrawn` (an index into `placements`, which holds
/// the rest of its post) is deleted: the partner it had on `as_of` paired afresh, or, when it
/// was alone, the first pair at its site; else nobody (the post is vacant at that site).
[[nodiscard]] IncumbentSlots pair_after_withdrawal(const std::vector<IncumbentFacts>& placements,
                                                   std::size_t withdrawn,
                                                   const spec::BusinessDate& as_of,
                                                   int window_days);

/// What rotation day `day` does on one post: its eligible placements ending the day before
/// (leavers) hand over to those starting on it (arrivals) at the same site; a post that no
/// eligible placement holds on or after `day` falls vacant from it.
struct RotationDay {
  /// Each arrival with the leaver of its site it takes over from, if any (pair_incumbents of
  /// the leavers and the arrivals; leavers with no arrival are not here).
  std::vector<IncumbentSlots> handovers;
  /// When the post falls vacant: its leavers, in starts_before order; else empty.
  std::vector<std::size_t> vacated;
};

/// The handovers and vacancy of one post on rotation day `day`; indexes into `placements`.
[[nodiscard]] RotationDay rotation_day(const std::vector<IncumbentFacts>& placements,
                                       const spec::BusinessDate& day);

}  // namespace esr::rules
