#pragma once
// Whether a placement gets an applicant record on a position (DESIGN §7), and why not. The
// generator (outbound/applicants.cpp) asks gets_applicant(); `trace` asks applicant_rule() and
// prints the reasons. Both go through the one decision, applicant_blockers().
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "esr/rules/applicant_window.hpp"
#include "esr/spec/business_date.hpp"

namespace esr::rules {

/// What the rule needs to know of a TIS placement.
struct PlacementFacts {
  std::string id;
  bool known = true;    // a TIS extract loaded so far holds it
  bool present = true;  // the latest extract still holds it (false: deleted in TIS)
  std::string lifecycle;
  std::string type;                         // placement_type
  std::optional<spec::BusinessDate> start;  // nullopt: its start or end date is missing or bad
};

/// What the rule needs to know of the ESR position the placement's post maps to.
struct PositionFacts {
  std::string deanery_number;      // the post (NPN) looked up
  std::optional<std::int64_t> id;  // nullopt: no ESR position has this deanery number
  bool deleted = false;
  bool matched = true;      // a TIS post with this deanery number exists
  std::string how_deleted;  // in words, for the reason only: "'D' in FILE line 3"
};

/// Whether the placement is on the day-one exclusion list (sent by the previous interface).
struct ExclusionFacts {
  bool listed = false;
  std::string source;  // the list it was loaded from, for the reason only; may be empty
};

/// One thing that stands between a placement and an applicant, in the order they are checked.
enum class Blocker {
  placement_unknown,     // no TIS extract holds it (nothing else about the placement is known)
  placement_gone,        // deleted in TIS
  excluded,              // on the day-one exclusion list
  dates_invalid,         // start or end date missing or not a date (nothing more is judged)
  not_approved,          // lifecycle other than APPROVED
  type_not_eligible,     // not one of kEligiblePlacementTypes
  starts_before_window,  // start < D + min_days
  starts_after_window,   // start >= D + max_days: it enters the window later by itself
  position_absent,       // no ESR position has the post's deanery number
  position_deleted,
  position_unmatched,
};

/// A blocker explained for a person.
struct ApplicantReason {
  Blocker blocker;
  std::string why;        // "lifecycle DRAFT (only APPROVED placements are sent)"
  std::string to_change;  // "the placement would have to be APPROVED in TIS"
  bool wait = false;      // to_change comes by itself with time: nobody has to change anything
};

struct ApplicantVerdict {
  bool gets_applicant = false;
  std::vector<ApplicantReason> reasons;  // empty when it gets one
};

/// Everything that stands between the placement and an applicant on the position; empty when
/// it gets one. `position` nullopt judges the placement's side only (a placement that names no
/// post). Pure; thread-safe.
[[nodiscard]] std::vector<Blocker> applicant_blockers(const PlacementFacts& placement,
                                                      const std::optional<PositionFacts>& position,
                                                      const ApplicantWindow& window,
                                                      const ExclusionFacts& exclusion);

/// applicant_blockers(...) is empty: what the generator asks.
[[nodiscard]] bool gets_applicant(const PlacementFacts& placement,
                                  const std::optional<PositionFacts>& position,
                                  const ApplicantWindow& window, const ExclusionFacts& exclusion);

/// For a record already made and waiting to go (TO_EXPORT: held back by ESR's per-position limit,
/// or left by a failed export): whether it still goes. The window decides when a record is made,
/// not whether a record made is sent, so a start now before D + min_days does not withdraw it;
/// anything else that blocks a new record (placement gone, DRAFT, position deleted...) does.
[[nodiscard]] bool waiting_applicant_still_goes(const std::vector<Blocker>& blockers);

/// The same decision with each blocker explained: what `trace` prints.
[[nodiscard]] ApplicantVerdict applicant_rule(const PlacementFacts& placement,
                                              const std::optional<PositionFacts>& position,
                                              const ApplicantWindow& window,
                                              const ExclusionFacts& exclusion);

}  // namespace esr::rules
