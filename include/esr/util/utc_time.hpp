#pragma once
// The current time in UTC as the state and the file names write it.
#include <string>

namespace esr::util {

/// The current UTC time as ISO 8601 with seconds, for the *_at columns: 2026-11-23T14:30:00Z.
[[nodiscard]] std::string utc_now_iso();
/// The same instant for file names: 20261123T143000Z.
[[nodiscard]] std::string utc_now_compact();

}  // namespace esr::util
