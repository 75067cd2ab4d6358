// The incumbent pairs of a post as placements: the rules (rules/notification_pairing.hpp) are
// asked with each placement's facts, and their pairs of indexes mapped back to the placements.
#include <utility>

#include "esr/outbound/notifications.hpp"
#include "esr/rules/notification_pairing.hpp"

namespace esr::outbound {

namespace {

// The facts of a post's placements and, when there is one, of a placement outside it (a
// placement being notified or withdrawn), which comes last.
struct PostFacts {
  std::vector<rules::IncumbentFacts> facts;
  std::optional<std::size_t> other;

  PostFacts(const std::vector<Placement>& post, const Placement* outside)
      : facts(incumbent_facts(post)) {
    if (outside != nullptr) {
      other = facts.size();
      facts.push_back(incumbent_facts(*outside));
    }
  }
};

// `slots` as placements: indexes below post.size() are the post's, the one after is `outside`.
IncumbentPair placements_of(const rules::IncumbentSlots& slots, const std::vector<Placement>& post,
                            const Placement* outside) {
  auto at = [&](const std::optional<std::size_t>& slot) -> std::optional<Placement> {
    if (!slot) return std::nullopt;
    return *slot < post.size() ? post[*slot] : *outside;
  };
  return {at(slots.current), at(slots.next)};
}

}  // namespace

std::vector<IncumbentPair> incumbent_pairs(const std::vector<Placement>& post,
                                           const spec::BusinessDate& as_of, int window_days) {
  PostFacts facts(post, nullptr);
  std::vector<IncumbentPair> pairs;
  for (const auto& slots : rules::pairing(facts.facts, as_of, window_days))
    pairs.push_back(placements_of(slots, post, nullptr));
  return pairs;
}

std::optional<IncumbentPair> pair_of(const std::vector<Placement>& post, const Placement& subject,
                                     const spec::BusinessDate& as_of, int window_days) {
  PostFacts facts(post, &subject);
  auto pairs = rules::pairing(facts.facts, as_of, window_days,
                              {.force = facts.other, .exclude = std::nullopt});
  const auto* pair = rules::pair_with(pairs, facts.facts, subject.id);
  if (pair == nullptr) return std::nullopt;
  return placements_of(*pair, post, &subject);
}

IncumbentPair pair_after_withdrawal(const std::vector<Placement>& post, const Placement& withdrawn,
                                    const spec::BusinessDate& as_of, int window_days) {
  PostFacts facts(post, &withdrawn);
  return placements_of(rules::pair_after_withdrawal(facts.facts, *facts.other, as_of, window_days),
                       post, &withdrawn);
}

RotationPairs rotation_pairs(const std::vector<Placement>& post, const spec::BusinessDate& day) {
  auto rotation = rules::rotation_day(incumbent_facts(post), day);
  RotationPairs pairs;
  for (const auto& slots : rotation.handovers)
    pairs.handovers.push_back(placements_of(slots, post, nullptr));
  for (auto leaver : rotation.vacated) pairs.vacated.push_back({post[leaver], std::nullopt});
  return pairs;
}

}  // namespace esr::outbound
