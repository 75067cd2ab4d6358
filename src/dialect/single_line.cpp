#include "esr/dialect/single_line.hpp"

namespace esr::dialect {

namespace {

// The length in bytes of the line-breaking character at text[i], or 0 when there is none.
std::size_t breaking_length(std::string_view text, std::size_t i) {
  auto byte = static_cast<unsigned char>(text[i]);
  if (byte < 0x20 || byte == 0x7F) return 1;
  if (byte == 0xC2 && i + 1 < text.size()) {
    auto next = static_cast<unsigned char>(text[i + 1]);
    if (next >= 0x80 && next <= 0x9F) return 2;  // C1 controls, NEL among them
  }
  if (byte == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
    auto last = static_cast<unsigned char>(text[i + 2]);
    if (last == 0xA8 || last == 0xA9) return 3;  // LINE and PARAGRAPH SEPARATOR
  }
  return 0;
}

bool may_start_breaking(unsigned char byte) {
  return byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xE2;
}

}  // namespace

bool has_line_breaking_characters(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (may_start_breaking(static_cast<unsigned char>(text[i])) && breaking_length(text, i) > 0)
      return true;
  }
  return false;
}

std::size_t append_single_line(std::string& out, std::string_view text) {
  std::size_t runs = 0;
  std::size_t copied = 0;  // text[0, copied) is already in out
  std::size_t i = 0;
  while (i < text.size()) {
    auto length = may_start_breaking(static_cast<unsigned char>(text[i])) ? breaking_length(text, i)
                                                                          : std::size_t{0};
    if (length == 0) {
      ++i;
      continue;
    }
    out.append(text.substr(copied, i - copied));
    // One space for the whole run (CRLF is one break, not two).
    do {
      i += length;
      length = i < text.size() ? breaking_length(text, i) : 0;
    } while (length > 0);
    out += ' ';
    copied = i;
    ++runs;
  }
  out.append(text.substr(copied));
  return runs;
}

std::string single_line(std::string_view text, std::size_t* replaced) {
  std::string out;
  out.reserve(text.size());
  auto runs = append_single_line(out, text);
  if (replaced != nullptr) *replaced = runs;
  if (runs > 0) {
    auto first = out.find_first_not_of(' ');
    if (first == std::string::npos) return {};
    out.erase(0, first);
    out.erase(out.find_last_not_of(' ') + 1);
  }
  return out;
}

}  // namespace esr::dialect
