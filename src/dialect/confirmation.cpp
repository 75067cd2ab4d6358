#include "esr/dialect/confirmation.hpp"

#include <fmt/format.h>

#include "esr/dialect/field_splitter.hpp"
#include "esr/dialect/single_line.hpp"

namespace esr::dialect {

std::optional<std::string> parse_confirmation(std::string_view line, ConfirmationLine& out) {
  auto first = line.find('~');
  if (first == std::string_view::npos) return "not a confirmation line: no '~' separators";
  auto second = line.find('~', first + 1);
  if (second == std::string_view::npos) {
    return "not a confirmation line: expected <position>~<outcome>~<reason>~<record>";
  }
  out.position = std::string(line.substr(0, first));
  out.outcome = std::string(line.substr(first + 1, second - first - 1));
  std::string_view rest = line.substr(second + 1);
  out.reason.clear();
  if (!rest.empty() && rest.front() == '"') {
    std::size_t i = 1;
    for (;;) {
      auto q = rest.find('"', i);
      if (q == std::string_view::npos) return "the quoted reason is never closed";
      out.reason.append(rest.substr(i, q - i));
      if (q + 1 < rest.size() && rest[q + 1] == '"') {
        out.reason += '"';
        i = q + 2;
        continue;
      }
      rest.remove_prefix(q + 1);
      break;
    }
    if (rest.empty() || rest.front() != '~') return "expected '~' after the quoted reason";
    rest.remove_prefix(1);
  } else {
    auto third = rest.find('~');
    if (third == std::string_view::npos) {
      return "not a confirmation line: expected <position>~<outcome>~<reason>~<record>";
    }
    out.reason = std::string(rest.substr(0, third));
    rest.remove_prefix(third + 1);
  }
  out.record = std::string(rest);
  return std::nullopt;
}

std::string format_confirmation(std::size_t position, bool success, std::string_view reason,
                                std::string_view record) {
  std::string out = fmt::format("{}~{}~", position, success ? "SUCCESS" : "FAIL");
  // Neither the reason nor the echoed record may break the line (a lone CR inside a received
  // record, a reason quoting such a value).
  std::string one_line_reason;
  if (has_line_breaking_characters(reason)) {
    one_line_reason = single_line(reason);
    reason = one_line_reason;
  }
  if (reason.find_first_of("~\"") != std::string_view::npos) {
    append_quoted(out, reason);
  } else {
    out += reason;
  }
  out += '~';
  append_single_line(out, record);
  return out;
}

}  // namespace esr::dialect
