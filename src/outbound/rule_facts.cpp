#include "esr/outbound/rule_facts.hpp"

#include "esr/rules/eligibility.hpp"

namespace esr::outbound {

bool is_eligible(const Placement& placement) {
  return rules::is_eligible_placement(placement.lifecycle, placement.type);
}

rules::PlacementFacts placement_facts(const Placement& placement) {
  rules::PlacementFacts facts;
  facts.id = placement.id;
  facts.lifecycle = placement.lifecycle;
  facts.type = placement.type;
  facts.start = placement.start;
  return facts;
}

rules::PositionFacts position_facts(const Position& position) {
  rules::PositionFacts facts;
  facts.deanery_number = position.deanery_number;
  facts.id = position.id;
  facts.deleted = position.deleted;
  facts.matched = position.matched;
  return facts;
}

rules::IncumbentFacts incumbent_facts(const Placement& placement) {
  return {placement.id, placement.start, placement.end, placement.site_code,
          is_eligible(placement)};
}

std::vector<rules::IncumbentFacts> incumbent_facts(const std::vector<Placement>& placements) {
  std::vector<rules::IncumbentFacts> facts;
  facts.reserve(placements.size());
  for (const auto& placement : placements) facts.push_back(incumbent_facts(placement));
  return facts;
}

}  // namespace esr::outbound
