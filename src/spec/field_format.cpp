#include "esr/spec/field_format.hpp"

#include <fmt/format.h>

#include <charconv>

namespace esr::spec {

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) {
    count += (c & 0xC0U) != 0x80U ? 1U : 0U;
  }
  return count;
}

namespace {

bool parse_int(std::string_view text, int& out) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && ptr == text.data() + text.size();
}

bool all_digits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::optional<FieldFormat> FieldFormat::parse(std::string_view notation, std::string* error) {
  auto fail = [&](std::string message) -> std::optional<FieldFormat> {
    if (error != nullptr) *error = fmt::format("format '{}': {}", notation, message);
    return std::nullopt;
  };
  std::string_view text = notation;
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  bool mandatory = false;
  if (!text.empty() && text.back() == '+') {
    mandatory = true;
    text.remove_suffix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  }
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  if (text.empty()) return fail("empty notation");
  FormatKind kind{};
  switch (text.front()) {
    case 'X':
    case 'x':
      kind = FormatKind::variable_text;
      break;
    case 'F':
    case 'f':
      kind = FormatKind::fixed_text;
      break;
    case 'N':
    case 'n':
      kind = FormatKind::variable_number;
      break;
    case 'L':
    case 'l':
      kind = FormatKind::fixed_number;
      break;
    default:
      return fail("expected X, F, N or L");
  }
  text.remove_prefix(1);
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  if (text.size() < 3 || text.front() != '(' || text.back() != ')') {
    return fail("expected a width in parentheses");
  }
  text = text.substr(1, text.size() - 2);
  int width = 0;
  int decimals = 0;
  if (auto comma = text.find(','); comma != std::string_view::npos) {
    if (!parse_int(text.substr(0, comma), width) || !parse_int(text.substr(comma + 1), decimals)) {
      return fail("width and decimals must be whole numbers");
    }
    if (kind == FormatKind::variable_text || kind == FormatKind::fixed_text) {
      return fail("text formats take no decimals");
    }
  } else if (!parse_int(text, width)) {
    return fail("width must be a whole number");
  }
  if (width <= 0) return fail("width must be positive");
  if (decimals < 0 || decimals >= width) return fail("decimals must be fewer than the width");
  return FieldFormat(kind, width, decimals, mandatory);
}

std::string FieldFormat::notation() const {
  static constexpr char letters[] = {'X', 'F', 'N', 'L'};
  std::string out = fmt::format("{}({}", letters[static_cast<int>(kind_)], width_);
  if (decimals_ > 0) out += fmt::format(",{}", decimals_);
  out += ')';
  if (mandatory_) out += '+';
  return out;
}

std::optional<std::string> FieldFormat::check(std::string_view value) const {
  switch (kind_) {
    case FormatKind::variable_text: {
      // A value no longer in bytes than the width fits whatever its characters: skip counting.
      if (value.size() <= static_cast<std::size_t>(width_)) return std::nullopt;
      auto length = utf8_length(value);
      if (length > static_cast<std::size_t>(width_)) {
        return fmt::format("is {} characters long; {} allows at most {}", length, notation(),
                           width_);
      }
      return std::nullopt;
    }
    case FormatKind::fixed_text: {
      auto length = utf8_length(value);
      if (length != static_cast<std::size_t>(width_)) {
        return fmt::format("is {} characters long; {} requires exactly {}", length, notation(),
                           width_);
      }
      return std::nullopt;
    }
    case FormatKind::variable_number:
    case FormatKind::fixed_number:
      return check_number(value);
  }
  return std::nullopt;
}

std::optional<std::string> FieldFormat::check_number(std::string_view value) const {
  auto point = value.find('.');
  std::string_view whole = value.substr(0, point);
  std::string_view fraction =
      point == std::string_view::npos ? std::string_view{} : value.substr(point + 1);
  if (!all_digits(whole) || !all_digits(fraction) || whole.empty() ||
      (point != std::string_view::npos && fraction.empty())) {
    return fmt::format(
        "is not a number: {} allows digits{} only (no sign, space or other character)", notation(),
        decimals_ > 0 ? " and one decimal point" : "");
  }
  if (point != std::string_view::npos && decimals_ == 0) {
    return fmt::format("has a decimal point; {} allows whole numbers only", notation());
  }
  if (fraction.size() > static_cast<std::size_t>(decimals_)) {
    return fmt::format("has {} digits after the point; {} allows at most {}", fraction.size(),
                       notation(), decimals_);
  }
  auto digits = whole.size() + fraction.size();
  if (kind_ == FormatKind::fixed_number) {
    if (digits != static_cast<std::size_t>(width_) ||
        (decimals_ > 0 && fraction.size() != static_cast<std::size_t>(decimals_))) {
      return fmt::format("has {} digits; {} requires exactly {} (zero-padded)", digits, notation(),
                         width_);
    }
  } else if (digits > static_cast<std::size_t>(width_)) {
    return fmt::format("has {} digits; {} allows at most {}", digits, notation(), width_);
  }
  return std::nullopt;
}

std::string FieldFormat::format(std::string_view value) const {
  if (value.empty()) return {};
  switch (kind_) {
    case FormatKind::fixed_text: {
      std::string out(value);
      auto length = utf8_length(value);
      if (length < static_cast<std::size_t>(width_)) out.append(width_ - length, ' ');
      return out;
    }
    case FormatKind::fixed_number: {
      auto point = value.find('.');
      std::string whole(value.substr(0, point));
      std::string fraction =
          point == std::string_view::npos ? std::string{} : std::string(value.substr(point + 1));
      if (decimals_ > 0)
        fraction.append(decimals_ - std::min<std::size_t>(fraction.size(), decimals_), '0');
      auto whole_width = static_cast<std::size_t>(width_ - decimals_);
      if (whole.size() < whole_width) whole.insert(0, whole_width - whole.size(), '0');
      return decimals_ > 0 ? whole + "." + fraction : whole;
    }
    case FormatKind::variable_text:
    case FormatKind::variable_number:
      return std::string(value);
  }
  return std::string(value);
}

}  // namespace esr::spec
