#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace esr::schedule {

// Parses a configuration duration: a whole number followed by one unit, `s`, `m`, `h` or `d`
// ("30s", "90m", "6h", "1d"; "0s" is allowed). No sign, spaces, fractions or compound forms.
// Never throws: on bad input returns std::nullopt and, if `error` is not null, stores a message
// that quotes the text and says what is wrong.
[[nodiscard]] std::optional<std::chrono::seconds> parse_duration(std::string_view text,
                                                                 std::string* error);

}  // namespace esr::schedule
