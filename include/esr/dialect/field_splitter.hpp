#pragma once
// Splits a line of the comma dialect into fields.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace esr::dialect {

/// Splits on `separator`; a field may be enclosed in double quotes, inside which separators and
/// tildes are data and `""` is one quote. A backslash is always an ordinary character.
/// Fields without doubled quotes are views into the line; the others into an internal buffer.
/// Views stay valid until the next split() or until the line itself goes. Not thread-safe.
class FieldSplitter {
 public:
  /// Returns the reason when the line is malformed (a quote never closed, text after a closing
  /// quote); the fields are then unusable.
  [[nodiscard]] std::optional<std::string> split(std::string_view line, char separator = ',');
  [[nodiscard]] const std::vector<std::string_view>& fields() const { return fields_; }
  /// Whether field i was enclosed in quotes in the input.
  [[nodiscard]] bool was_quoted(std::size_t i) const { return quoted_[i] != 0; }

 private:
  std::vector<std::string_view> fields_;
  std::vector<char> quoted_;
  std::string scratch_;
};

/// Appends `value` to `out` enclosed in double quotes, doubling any quote inside.
void append_quoted(std::string& out, std::string_view value);

}  // namespace esr::dialect
