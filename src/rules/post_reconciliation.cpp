#include "esr/rules/post_reconciliation.hpp"

#include <fmt/format.h>

namespace esr::rules {

PostReconciliation reconcile_post(const std::string& npn,
                                  const std::vector<PositionMatchFacts>& positions) {
  PostReconciliation result;
  for (const auto& p : positions) {
    (p.deleted ? result.deleted : p.matched ? result.live : result.unmatched).push_back(p.id);
  }
  if (positions.empty()) {
    result.state = Reconciliation::no_position;
    result.to_go =
        fmt::format("ESR would have to send a position with deanery number {} (RMF or RMC).", npn);
  } else if (result.live.empty() && result.unmatched.empty()) {
    result.state = Reconciliation::all_deleted;
    result.to_go = fmt::format("ESR would have to send a live position for {}.", npn);
  } else if (result.live.empty()) {
    result.state = Reconciliation::unmatched;
    result.to_go = fmt::format("the TIS posts extract would have to hold post {}.", npn);
  } else {
    result.state = Reconciliation::reconciled;
  }
  return result;
}

}  // namespace esr::rules
