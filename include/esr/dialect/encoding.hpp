#pragma once
// Text encodings of the file dialect: UTF-8, with Windows-1252 as the fallback.
#include <string>
#include <string_view>

namespace esr::dialect {

/// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view text);

/// Reads `text` as Windows-1252 and returns it as UTF-8. The five bytes 1252 leaves undefined
/// become U+FFFD.
[[nodiscard]] std::string windows1252_to_utf8(std::string_view text);

}  // namespace esr::dialect
