#pragma once
// Which TIS placements ESR hears of at all (DESIGN §7, "Eligible placements"): the one place
// that lists the eligible types; the generators and `trace` ask here.
#include <array>
#include <string>
#include <string_view>

namespace esr::rules {

/// The eligible placement types, spelt as DESIGN §7 spells them; compared without case.
inline constexpr std::array<std::string_view, 7> kEligiblePlacementTypes = {
    "In post",        "In Post - Acting Up", "In post - Extension", "Parental Leave",
    "Long-term sick", "Suspended",           "Phased Return"};

/// The only placement lifecycle that is sent (compared exactly, as TIS writes it).
inline constexpr std::string_view kApprovedLifecycle = "APPROVED";

/// One of kEligiblePlacementTypes, ignoring ASCII case. Pure; thread-safe.
[[nodiscard]] bool is_eligible_type(std::string_view type);

/// APPROVED and of an eligible type: the placements applicants and notifications are made of.
[[nodiscard]] bool is_eligible_placement(std::string_view lifecycle, std::string_view type);

/// The eligible types as one list for people: "In post, In Post - Acting Up, ...".
[[nodiscard]] std::string eligible_types_text();

}  // namespace esr::rules
