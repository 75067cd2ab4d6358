// Pure building blocks of NOT records: formatting values.
#include <algorithm>
#include <cctype>

#include "esr/outbound/notifications.hpp"
#include "esr/rules/notification_pairing.hpp"

namespace esr::outbound {

namespace {

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(),
                                      [](unsigned char c) { return std::isdigit(c) != 0; });
}

}  // namespace

std::string format_wte(std::string_view wte) {
  while (!wte.empty() && wte.front() == ' ') wte.remove_prefix(1);
  while (!wte.empty() && wte.back() == ' ') wte.remove_suffix(1);
  if (wte.empty()) return {};
  auto point = wte.find('.');
  auto whole = wte.substr(0, point);
  auto fraction = point == std::string_view::npos ? std::string_view() : wte.substr(point + 1);
  if (whole.empty() && fraction.empty()) return {};
  if ((!whole.empty() && !all_digits(whole)) || (!fraction.empty() && !all_digits(fraction)))
    return {};
  // Integer part as digits (leading zeros dropped), tenths digit, then half up on the rest.
  auto first_digit = whole.find_first_not_of('0');
  std::string integer = first_digit == std::string_view::npos
                            ? std::string()
                            : std::string(whole.substr(first_digit));
  int tenths = fraction.empty() ? 0 : fraction[0] - '0';
  bool round_up = fraction.size() > 1 && fraction[1] >= '5';
  bool carry = false;
  if (round_up && ++tenths == 10) {
    tenths = 0;
    carry = true;
    // Carry into the integer part (decimal text, so no size limit).
    for (auto digit = integer.rbegin(); carry && digit != integer.rend(); ++digit) {
      carry = *digit == '9';
      *digit = carry ? '0' : static_cast<char>(*digit + 1);
    }
  }
  std::string out;
  out.reserve(integer.size() + 3);
  if (carry) out.push_back('1');
  if (integer.empty() && !carry) out.push_back('0');
  out.append(integer);
  out.push_back('.');
  out.push_back(static_cast<char>('0' + tenths));
  return out;
}

std::string truncate_chars(std::string_view text, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    // A UTF-8 character starts at every byte that is not a continuation byte (10xxxxxx).
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (chars == max_chars) return std::string(text.substr(0, i));
      ++chars;
    }
  }
  return std::string(text);
}

std::string notification_vpd(std::string_view por_vpd) {
  if (all_digits(por_vpd)) return std::string(por_vpd);
  auto space = por_vpd.find(' ');
  if (space != std::string_view::npos && all_digits(por_vpd.substr(0, space))) {
    return std::string(por_vpd.substr(0, space));
  }
  return std::string(por_vpd);
}

std::string host_or_lead(std::string_view por_host_lead) {
  auto key = rules::site_key(por_host_lead);  // trimmed, lower case
  if (key == "host" || key == "host employer") return "Host";
  if (key == "lead" || key == "lead employer") return "Lead";
  return std::string(por_host_lead);
}

}  // namespace esr::outbound
