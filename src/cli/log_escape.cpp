#include "esr/cli/log_escape.hpp"

#include <fmt/format.h>

#include "esr/dialect/encoding.hpp"

namespace esr::cli {

namespace {

// The length of the well-formed UTF-8 sequence starting at `text[0]`, or 0 when there is none.
std::size_t utf8_sequence_length(std::string_view text) {
  const auto lead = static_cast<unsigned char>(text.front());
  std::size_t length = 0;
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  if (lead >= 0xe0 && lead <= 0xef) length = 3;
  if (lead >= 0xf0 && lead <= 0xf4) length = 4;
  if (length == 0 || length > text.size()) return 0;
  return dialect::is_valid_utf8(text.substr(0, length)) ? length : 0;
}

void append_escaped_byte(unsigned char byte, LogFormat format, std::string& out) {
  // In JSON the backslash of \xNN is itself escaped, so the line stays a valid object.
  out += format == LogFormat::json ? "\\\\x" : "\\x";
  out += fmt::format("{:02x}", byte);
}

}  // namespace

void append_log_escaped(std::string_view message, LogFormat format, std::string& out) {
  const bool json = format == LogFormat::json;
  std::size_t i = 0;
  while (i < message.size()) {
    const auto byte = static_cast<unsigned char>(message[i]);
    if (byte >= 0x80) {
      const std::size_t length = utf8_sequence_length(message.substr(i));
      if (length == 0) {
        append_escaped_byte(byte, format, out);
        ++i;
      } else {
        out.append(message.substr(i, length));
        i += length;
      }
      continue;
    }
    ++i;
    switch (byte) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '"':
        out += json ? "\\\"" : "\"";
        break;
      case '\\':
        out += json ? "\\\\" : "\\";
        break;
      default:
        if (byte < 0x20 || byte == 0x7f) {
          if (json) {
            out += fmt::format("\\u{:04x}", byte);
          } else {
            append_escaped_byte(byte, format, out);
          }
        } else {
          out += static_cast<char>(byte);
        }
    }
  }
}

}  // namespace esr::cli
