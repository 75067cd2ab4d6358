#pragma once
// The confirmation wrapper of DCC and RTC lines: <position>~<SUCCESS|FAIL>~<reason>~<record>.
#include <optional>
#include <string>
#include <string_view>

namespace esr::dialect {

struct ConfirmationLine {
  std::string position;  // 1-based ordinal of the confirmed record, as text
  std::string outcome;   // SUCCESS or FAIL (checked by the schema)
  std::string reason;    // empty on success
  std::string record;    // the confirmed line as it was
};

/// Splits a confirmation line. The reason may be enclosed in double quotes (then it may hold
/// tildes, and "" is a quote); unquoted, it runs to the next tilde. Returns the reason for
/// failure when the line has fewer than four parts or a quote is never closed.
[[nodiscard]] std::optional<std::string> parse_confirmation(std::string_view line,
                                                            ConfirmationLine& out);

/// Writes a confirmation line (no line ending); the reason is quoted only when it holds a
/// tilde or a double quote. Line breaks and control characters in the reason or the record are
/// written as spaces (single_line.hpp), so the line is always one line.
[[nodiscard]] std::string format_confirmation(std::size_t position, bool success,
                                              std::string_view reason, std::string_view record);

}  // namespace esr::dialect
