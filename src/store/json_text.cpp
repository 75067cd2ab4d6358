#include "esr/store/json_text.hpp"

#include <cstdio>

namespace esr::store {

std::string to_json_array(std::span<const std::string_view> values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : values[i]) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
            out += escaped;
          } else {
            out += c;
          }
      }
    }
    out += '"';
  }
  out += ']';
  return out;
}

bool from_json_array(std::string_view text, std::vector<std::string>& out) {
  out.clear();
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n')) ++i;
  };
  skip_space();
  if (i >= text.size() || text[i++] != '[') return false;
  skip_space();
  if (i < text.size() && text[i] == ']') return true;
  for (;;) {
    skip_space();
    if (i >= text.size() || text[i++] != '"') return false;
    std::string value;
    for (;;) {
      if (i >= text.size()) return false;
      char c = text[i++];
      if (c == '"') break;
      if (c != '\\') {
        value += c;
        continue;
      }
      if (i >= text.size()) return false;
      char e = text[i++];
      switch (e) {
        case 'n':
          value += '\n';
          break;
        case 'r':
          value += '\r';
          break;
        case 't':
          value += '\t';
          break;
        case 'u': {
          if (i + 4 > text.size()) return false;
          unsigned code = 0;
          for (int k = 0; k < 4; ++k) {
            char h = text[i++];
            code = code * 16 + static_cast<unsigned>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
          }
          if (code >= 0x80) return false;  // only control characters are written this way
          value += static_cast<char>(code);
          break;
        }
        default:
          value += e;
      }
    }
    out.push_back(std::move(value));
    skip_space();
    if (i >= text.size()) return false;
    char c = text[i++];
    if (c == ']') return true;
    if (c != ',') return false;
  }
}

}  // namespace esr::store
