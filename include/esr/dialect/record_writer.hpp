#pragma once
// Writes records in the dialect's output form.
#include <span>
#include <string>
#include <string_view>

#include "esr/spec/record_spec.hpp"

namespace esr::dialect {

/// Appends one record (without line ending) to `out`: X and F fields quoted when not empty,
/// N and L never quoted, F and L padded per their format, an empty field as nothing.
/// `values` must have one entry per field of `spec`. A value holding a line break or another
/// control character is written as one line (see single_line.hpp): the record is always one line.
void append_record(std::string& out, const spec::RecordSpec& spec,
                   std::span<const std::string> values);

/// The line ending written after each record of a file type ("\r\n" by default).
enum class LineEnding { crlf, lf };
[[nodiscard]] inline std::string_view to_chars(LineEnding ending) {
  return ending == LineEnding::crlf ? "\r\n" : "\n";
}

}  // namespace esr::dialect
