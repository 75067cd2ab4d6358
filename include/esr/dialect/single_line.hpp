#pragma once
// Outbound text is one line per record: no value may carry a line break or a control character.
#include <cstddef>
#include <string>
#include <string_view>

namespace esr::dialect {

/// True when `text` holds a character that could end or disturb a line: an ASCII control
/// character (CR, LF, TAB, NUL and the rest of C0, DEL), a C1 control (U+0080 to U+009F, which
/// holds NEL), or the Unicode line and paragraph separators U+2028 and U+2029.
[[nodiscard]] bool has_line_breaking_characters(std::string_view text);

/// Appends `text` to `out` with every run of the characters above replaced by one space, so
/// "Flat 3\r\n14 Regent Road" becomes "Flat 3 14 Regent Road". Returns how many runs it replaced.
/// Text without such characters is appended unchanged.
std::size_t append_single_line(std::string& out, std::string_view text);

/// `text` as append_single_line writes it, with surrounding spaces trimmed when a run was
/// replaced; `replaced` (optional) receives the number of runs.
[[nodiscard]] std::string single_line(std::string_view text, std::size_t* replaced = nullptr);

}  // namespace esr::dialect
