#include "esr/rules/placement_change.hpp"

namespace esr::rules {

PlacementChangeVerdict placement_change(const PlacementChangeFacts& facts) {
  if (facts.applicant_sent) {
    // Compare with the row before this change, or, when the placement comes back from being
    // ineligible, with the dates the applicant carried.
    bool differs = facts.previous_eligible ? facts.dates_changed : facts.sent_dates_differ;
    if (differs) return {ChangeNotice::type4_then_type1, "dates (sent applicant)"};
    if (facts.wte_changed) return {ChangeNotice::type1, "wte"};
    return {ChangeNotice::none, {}};
  }
  bool became_eligible = !facts.previous_known || !facts.previous_eligible || !facts.same_post;
  if (became_eligible) return {ChangeNotice::type1, "became eligible"};
  if (facts.dates_changed) return {ChangeNotice::type1, "dates"};
  if (facts.wte_changed) return {ChangeNotice::type1, "wte"};
  return {ChangeNotice::none, {}};
}

}  // namespace esr::rules
