#pragma once
// What a log line may hold: no control character and no byte that is not UTF-8, whatever a file
// name or an error message brings in.
#include <string>
#include <string_view>

namespace esr::cli {

enum class LogFormat { text, json };

/// Appends `message` to `out` so that it stays on one line and is valid UTF-8: in text, control
/// characters become \n, \r, \t or \xNN; in JSON, the string body escapes of RFC 8259 (", \,
/// \n, \r, \t, \u00NN). A byte that does not start a well-formed UTF-8 sequence becomes the four
/// characters \xNN in both (so a forged line or a broken JSON line cannot be written through a
/// file name). Well-formed UTF-8 (names with accents, curly apostrophes) passes unchanged.
void append_log_escaped(std::string_view message, LogFormat format, std::string& out);

}  // namespace esr::cli
