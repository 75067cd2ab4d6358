#pragma once
// The engines work on state's typed records; what the rules need of them is taken here, so
// rules/ stays free of the state and state/ free of the rules.
#include <vector>

#include "esr/rules/applicant_rule.hpp"
#include "esr/rules/notification_pairing.hpp"
#include "esr/state/records.hpp"

namespace esr::outbound {

using state::Person;
using state::Placement;
using state::Position;

/// APPROVED and of an eligible type (rules::is_eligible_placement).
[[nodiscard]] bool is_eligible(const Placement& placement);

/// What the applicant rule needs of a placement loaded from the current extract (known and
/// present, with valid dates).
[[nodiscard]] rules::PlacementFacts placement_facts(const Placement& placement);

/// What the applicant rule needs of a position (how it was deleted is the caller's to add).
[[nodiscard]] rules::PositionFacts position_facts(const Position& position);

/// What the incumbent rules need of a placement (eligible: is_eligible).
[[nodiscard]] rules::IncumbentFacts incumbent_facts(const Placement& placement);

/// incumbent_facts of each placement, in order (the pairing rules' indexes are theirs).
[[nodiscard]] std::vector<rules::IncumbentFacts> incumbent_facts(
    const std::vector<Placement>& placements);

}  // namespace esr::outbound
