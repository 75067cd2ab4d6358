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

}  // namespace esr::outbound
