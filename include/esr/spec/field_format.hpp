#pragma once
// The interface's field notation: X(n), F(n), N(n[,m]), L(n[,m]), with '+' for mandatory.
#include <optional>
#include <string>
#include <string_view>

namespace esr::spec {

enum class FormatKind {
  variable_text,    // X(n): up to n characters
  fixed_text,       // F(n): exactly n characters (padded with spaces on output)
  variable_number,  // N(n[,m]): up to n digits, at most m of them after an optional point
  fixed_number,     // L(n[,m]): exactly n digits, zero-padded on output, m after the point
};

/// A parsed field format. Values are checked in characters (UTF-8 code points), not bytes.
/// Immutable and thread-safe once built.
class FieldFormat {
 public:
  /// Parses the written notation ("X(30)+", "N(2,1)", "L(8)"). On failure returns nullopt and
  /// sets `error` to the reason.
  [[nodiscard]] static std::optional<FieldFormat> parse(std::string_view notation,
                                                        std::string* error);

  /// Checks a non-empty value against the format; returns the reason when it does not fit.
  /// Emptiness is the caller's concern (mandatory flags can be conditional).
  [[nodiscard]] std::optional<std::string> check(std::string_view value) const;

  /// The value as it is written to a file: F padded with spaces to its width, L zero-padded,
  /// N and X unchanged. The value must already pass check().
  [[nodiscard]] std::string format(std::string_view value) const;

  /// X and F fields are written in double quotes when not empty; N and L never are.
  [[nodiscard]] bool quoted_on_output() const {
    return kind_ == FormatKind::variable_text || kind_ == FormatKind::fixed_text;
  }
  [[nodiscard]] bool is_numeric() const { return !quoted_on_output(); }

  [[nodiscard]] FormatKind kind() const { return kind_; }
  [[nodiscard]] int width() const { return width_; }
  [[nodiscard]] int decimals() const { return decimals_; }
  [[nodiscard]] bool mandatory() const { return mandatory_; }
  /// The notation as the spec writes it, e.g. "N(2,1)+".
  [[nodiscard]] std::string notation() const;

 private:
  FieldFormat(FormatKind kind, int width, int decimals, bool mandatory)
      : kind_(kind), width_(width), decimals_(decimals), mandatory_(mandatory) {}

  std::optional<std::string> check_number(std::string_view value) const;

  FormatKind kind_;
  int width_;
  int decimals_;  // 0 when the notation gives none
  bool mandatory_;
};

/// Number of UTF-8 code points in `text` (bytes that are not continuation bytes).
[[nodiscard]] std::size_t utf8_length(std::string_view text);

}  // namespace esr::spec
