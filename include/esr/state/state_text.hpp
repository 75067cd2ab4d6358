#pragma once
// The one lookup between a state enum and its text in the database, over the enum's table of
// (value, text) pairs (applicant_state.hpp, notification_state.hpp), whose texts the tables'
// CHECKs list.
#include <optional>
#include <string_view>
#include <utility>

namespace esr::state {

template <typename State, typename Table>
[[nodiscard]] constexpr std::string_view state_text(const Table& table, State state) {
  for (const auto& [value, text] : table)
    if (value == state) return text;
  return {};
}

template <typename State, typename Table>
[[nodiscard]] constexpr std::optional<State> state_from_text(const Table& table,
                                                             std::string_view text) {
  for (const auto& [value, name] : table)
    if (name == text) return value;
  return std::nullopt;
}

}  // namespace esr::state
