#include "esr/rules/applicant_rule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "esr/rules/eligibility.hpp"

namespace esr::rules {

namespace {

void placement_blockers(std::vector<Blocker>& out, const PlacementFacts& p,
                        const ApplicantWindow& window, const ExclusionFacts& exclusion) {
  if (!p.known) {
    out.push_back(Blocker::placement_unknown);
    return;
  }
  if (!p.present) out.push_back(Blocker::placement_gone);
  if (exclusion.listed) out.push_back(Blocker::excluded);
  if (!p.start) {
    out.push_back(Blocker::dates_invalid);
    return;
  }
  if (p.lifecycle != kApprovedLifecycle) out.push_back(Blocker::not_approved);
  if (!is_eligible_type(p.type)) out.push_back(Blocker::type_not_eligible);
  if (*p.start < window.opens()) {
    out.push_back(Blocker::starts_before_window);
  } else if (!(*p.start < window.ends())) {
    out.push_back(Blocker::starts_after_window);
  }
}

void position_blockers(std::vector<Blocker>& out, const PositionFacts& position) {
  if (!position.id) {
    out.push_back(Blocker::position_absent);
  } else if (position.deleted) {
    out.push_back(Blocker::position_deleted);
  } else if (!position.matched) {
    out.push_back(Blocker::position_unmatched);
  }
}

// A blocker that something would have to change to lift, or one that time lifts by itself.
ApplicantReason change(Blocker blocker, std::string why, std::string to_change) {
  return {blocker, std::move(why), std::move(to_change), false};
}
ApplicantReason wait(Blocker blocker, std::string why, std::string until) {
  return {blocker, std::move(why), std::move(until), true};
}

ApplicantReason explain(Blocker blocker, const PlacementFacts& p,
                        const std::optional<PositionFacts>& position, const ApplicantWindow& window,
                        const ExclusionFacts& exclusion) {
  switch (blocker) {
    case Blocker::placement_unknown:
      return change(blocker, fmt::format("no TIS extract loaded holds placement {}", p.id),
                    "the placement would have to be in a TIS placements extract");
    case Blocker::placement_gone:
      return change(blocker, "the placement is no longer in the TIS extract (deleted in TIS)",
                    "the placement would have to come back in the TIS extract");
    case Blocker::excluded:
      return change(
          blocker,
          fmt::format("excluded: sent by the previous interface (day-one exclusion list{})",
                      exclusion.source.empty() ? "" : ", loaded from " + exclusion.source),
          "it would have to come off the day-one exclusion list (only if ESR does not already "
          "have it from the previous interface)");
    case Blocker::dates_invalid:
      return change(blocker, "its start_date or end_date is missing or not a date",
                    "TIS would have to give it real start and end dates");
    case Blocker::not_approved:
      return change(blocker,
                    fmt::format("lifecycle {} (only {} placements are sent)",
                                p.lifecycle.empty() ? "empty" : p.lifecycle, kApprovedLifecycle),
                    fmt::format("the placement would have to be {} in TIS", kApprovedLifecycle));
    case Blocker::type_not_eligible:
      return change(
          blocker, fmt::format("placement type '{}' is not eligible", p.type),
          fmt::format("its placement type would have to be one of {}", eligible_types_text()));
    case Blocker::starts_before_window:
      return change(
          blocker,
          fmt::format("it starts {}, before the applicant window opens on {} (D + {} days){}",
                      p.start->iso(), window.opens().iso(), window.min_days(),
                      *p.start <= window.day()
                          ? "; it is already under way, so ESR hears of it in notifications, "
                            "not as an applicant"
                          : ""),
          fmt::format("its start date would have to be on or after {}", window.opens().iso()));
    case Blocker::starts_after_window:
      return wait(
          blocker,
          fmt::format("it starts {}, on or after the applicant window's end {} (D + {} days)",
                      p.start->iso(), window.ends().iso(), window.max_days()),
          fmt::format("it enters the window on {} and goes in that day's export",
                      window.entered_on(*p.start).iso()));
    case Blocker::position_absent:
      return change(
          blocker, "no ESR position has this deanery number (post not reconciled)",
          fmt::format("ESR would have to send a position with deanery number {} (RMF or RMC)",
                      position->deanery_number));
    case Blocker::position_deleted:
      return change(
          blocker,
          fmt::format("position {} was deleted ({})", *position->id, position->how_deleted),
          fmt::format("ESR would have to send position {} again, or another position for {}",
                      *position->id, position->deanery_number));
    case Blocker::position_unmatched:
      return change(blocker,
                    fmt::format("position {} is UNMATCHED: no TIS post {} in the latest extract",
                                *position->id, position->deanery_number),
                    fmt::format("the TIS posts extract would have to hold post {}",
                                position->deanery_number));
  }
  return change(blocker, {}, {});  // unreachable: every blocker is explained above
}

}  // namespace

std::vector<Blocker> applicant_blockers(const PlacementFacts& placement,
                                        const std::optional<PositionFacts>& position,
                                        const ApplicantWindow& window,
                                        const ExclusionFacts& exclusion) {
  std::vector<Blocker> out;
  placement_blockers(out, placement, window, exclusion);
  if (position) position_blockers(out, *position);
  return out;
}

bool gets_applicant(const PlacementFacts& placement, const std::optional<PositionFacts>& position,
                    const ApplicantWindow& window, const ExclusionFacts& exclusion) {
  return applicant_blockers(placement, position, window, exclusion).empty();
}

bool waiting_applicant_still_goes(const std::vector<Blocker>& blockers) {
  return std::all_of(blockers.begin(), blockers.end(),
                     [](Blocker blocker) { return blocker == Blocker::starts_before_window; });
}

ApplicantVerdict applicant_rule(const PlacementFacts& placement,
                                const std::optional<PositionFacts>& position,
                                const ApplicantWindow& window, const ExclusionFacts& exclusion) {
  ApplicantVerdict verdict;
  for (auto blocker : applicant_blockers(placement, position, window, exclusion)) {
    verdict.reasons.push_back(explain(blocker, placement, position, window, exclusion));
  }
  verdict.gets_applicant = verdict.reasons.empty();
  return verdict;
}

}  // namespace esr::rules
