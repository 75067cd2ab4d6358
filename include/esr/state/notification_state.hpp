#pragma once
// Where a stored DNC/DNF notification stands: the one mapping between the C++ states and the text
// in notifications.state, whose CHECK lists the same values (migration 7; a test checks they
// agree).
#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "esr/state/state_text.hpp"

namespace esr::state {

enum class NotificationState {
  pending,    // stored by the engine, waiting for the next DNC
  exported,   // written to a DNC/DNF (export_file_id, export_ordinal), awaiting ESR's DCC
  confirmed,  // the DCC said SUCCESS
  failed,     // the DCC said FAIL (esr_reason)
};

/// Every state with its text, in the order status and metrics list them.
inline constexpr std::array<std::pair<NotificationState, std::string_view>, 4> kNotificationStates =
    {{
        {NotificationState::pending, "pending"},
        {NotificationState::exported, "exported"},
        {NotificationState::confirmed, "confirmed"},
        {NotificationState::failed, "failed"},
    }};

[[nodiscard]] constexpr std::string_view to_text(NotificationState state) {
  return state_text(kNotificationStates, state);
}

[[nodiscard]] constexpr std::optional<NotificationState> notification_state_from_text(
    std::string_view text) {
  return state_from_text<NotificationState>(kNotificationStates, text);
}

}  // namespace esr::state
