#include "esr/rules/notification_pairing.hpp"

#include <algorithm>
#include <cctype>

namespace esr::rules {

bool is_current(const IncumbentFacts& placement, const spec::BusinessDate& as_of) {
  return placement.start <= as_of && as_of <= placement.end;
}

bool is_next(const IncumbentFacts& placement, const spec::BusinessDate& as_of, int window_days) {
  return as_of < placement.start && placement.start < as_of.plus_days(window_days);
}

std::string site_key(std::string_view site) {
  while (!site.empty() && std::isspace(static_cast<unsigned char>(site.front())) != 0)
    site.remove_prefix(1);
  while (!site.empty() && std::isspace(static_cast<unsigned char>(site.back())) != 0)
    site.remove_suffix(1);
  std::string key(site);
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return key;
}

bool placement_id_before(std::string_view a, std::string_view b) {
  auto numeric = [](std::string_view id) {
    return !id.empty() && id.find_first_not_of("0123456789") == std::string_view::npos;
  };
  if (numeric(a) && numeric(b)) {
    auto strip = [](std::string_view id) {
      auto first = id.find_first_not_of('0');
      return first == std::string_view::npos ? std::string_view() : id.substr(first);
    };
    auto x = strip(a), y = strip(b);
    if (x.size() != y.size()) return x.size() < y.size();
    if (x != y) return x < y;
  }
  return a < b;
}

std::vector<IncumbentSlots> pair_incumbents(const std::vector<IncumbentFacts>& placements,
                                            std::vector<std::size_t> currents,
                                            std::vector<std::size_t> nexts) {
  auto before = [&](std::size_t a, std::size_t b) {
    return starts_before(placements[a], placements[b]);
  };
  std::sort(currents.begin(), currents.end(), before);
  std::sort(nexts.begin(), nexts.end(), before);
  std::vector<bool> used(nexts.size(), false);
  std::vector<IncumbentSlots> pairs;
  for (auto current : currents) {
    auto key = site_key(placements[current].site_code);
    std::optional<std::size_t> match;
    if (!key.empty()) {
      for (std::size_t i = 0; i < nexts.size(); ++i) {
        if (!used[i] && site_key(placements[nexts[i]].site_code) == key) {
          match = i;
          break;
        }
      }
    }
    if (match) used[*match] = true;
    pairs.push_back({current, match ? std::optional<std::size_t>(nexts[*match]) : std::nullopt});
  }
  // Then the nexts no current took, in start order.
  for (std::size_t i = 0; i < nexts.size(); ++i) {
    if (!used[i]) pairs.push_back({std::nullopt, nexts[i]});
  }
  return pairs;
}

std::vector<IncumbentSlots> pairing(const std::vector<IncumbentFacts>& placements,
                                    const spec::BusinessDate& as_of, int window_days,
                                    const PairingAdjustment& adjustment) {
  auto id_of = [&](const std::optional<std::size_t>& index) {
    return index ? std::string_view(placements[*index].id) : std::string_view();
  };
  auto forced = id_of(adjustment.force);
  auto excluded = id_of(adjustment.exclude);
  std::vector<std::size_t> currents, nexts;
  for (std::size_t i = 0; i < placements.size(); ++i) {
    const auto& p = placements[i];
    if ((adjustment.force && p.id == forced) || (adjustment.exclude && p.id == excluded) ||
        !p.eligible)
      continue;
    if (is_current(p, as_of)) {
      currents.push_back(i);
    } else if (is_next(p, as_of, window_days)) {
      nexts.push_back(i);
    }
  }
  if (auto force = adjustment.force)
    (placements[*force].start <= as_of ? currents : nexts).push_back(*force);
  return pair_incumbents(placements, std::move(currents), std::move(nexts));
}

const IncumbentSlots* pair_with(const std::vector<IncumbentSlots>& pairs,
                                const std::vector<IncumbentFacts>& placements,
                                std::string_view id) {
  auto holds = [&](const std::optional<std::size_t>& slot) {
    return slot && placements[*slot].id == id;
  };
  for (const auto& pair : pairs) {
    if (holds(pair.current) || holds(pair.next)) return &pair;
  }
  return nullptr;
}

IncumbentSlots pair_after_withdrawal(const std::vector<IncumbentFacts>& placements,
                                     std::size_t withdrawn, const spec::BusinessDate& as_of,
                                     int window_days) {
  const auto& gone = placements[withdrawn];
  auto before =
      pairing(placements, as_of, window_days, {.force = withdrawn, .exclude = std::nullopt});
  auto after =
      pairing(placements, as_of, window_days, {.force = std::nullopt, .exclude = withdrawn});
  if (const auto* had = pair_with(before, placements, gone.id)) {
    const auto& partner =
        (had->current && placements[*had->current].id == gone.id) ? had->next : had->current;
    if (partner) {
      if (const auto* now = pair_with(after, placements, placements[*partner].id)) return *now;
    }
  }
  auto site = site_key(gone.site_code);
  if (!site.empty()) {
    auto at_site = [&](const std::optional<std::size_t>& slot) {
      return slot && site_key(placements[*slot].site_code) == site;
    };
    for (const auto& pair : after) {
      if (at_site(pair.current) || at_site(pair.next)) return pair;
    }
  }
  return {};
}

RotationDay rotation_day(const std::vector<IncumbentFacts>& placements,
                         const spec::BusinessDate& day) {
  std::vector<std::size_t> leavers, arrivals;
  bool occupied = false;  // an eligible placement runs on or after the day
  for (std::size_t i = 0; i < placements.size(); ++i) {
    const auto& p = placements[i];
    if (!p.eligible) continue;
    if (p.end.plus_days(1) == day) leavers.push_back(i);
    if (p.start == day) arrivals.push_back(i);
    if (!(p.end < day)) occupied = true;
  }
  RotationDay rotation;
  if (!arrivals.empty()) {
    for (const auto& pair : pair_incumbents(placements, leavers, std::move(arrivals))) {
      if (pair.next) rotation.handovers.push_back(pair);
    }
  }
  if (!occupied) {
    rotation.vacated = std::move(leavers);
    std::sort(rotation.vacated.begin(), rotation.vacated.end(), [&](std::size_t a, std::size_t b) {
      return starts_before(placements[a], placements[b]);
    });
  }
  return rotation;
}

}  // namespace esr::rules
