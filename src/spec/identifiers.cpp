#include "esr/spec/identifiers.hpp"

#include <algorithm>
#include <array>

namespace esr::spec {

namespace {

bool digits_only(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string trimmed(std::string_view value) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  return std::string(value);
}

bool is_letter(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Trimmed and upper-cased, then checked against a pattern of 'A' (letter) and 'N' (digit).
std::optional<std::string> matching(std::string_view value, std::string_view pattern) {
  auto text = trimmed(value);
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  if (text.size() != pattern.size()) return std::nullopt;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (pattern[i] == 'A' ? !is_letter(text[i]) : !is_digit(text[i])) return std::nullopt;
  }
  return text;
}

}  // namespace

std::optional<std::string> normalise_nmc(std::string_view value) {
  return matching(value, "NNANNNNA");
}

std::optional<std::string> normalise_hcpc(std::string_view value) {
  return matching(value, "AANNNNNN");
}

std::optional<std::string> normalise_gphc(std::string_view value) {
  return matching(value, "NNNNNNN");
}

std::optional<std::string> normalise_din(std::string_view value) {
  return matching(value, "NNNNNN");
}

std::optional<std::string> normalise_gmp(std::string_view value) {
  auto text = matching(value, "ANNNNNNN");
  if (!text || (*text)[0] != 'G' || (*text)[1] == '6' || (*text)[1] == '7') return std::nullopt;
  return text;
}

std::optional<std::string> normalise_gmc(std::string_view value) {
  auto text = trimmed(value);
  if (!text.empty() && (text.front() == 'C' || text.front() == 'c')) text.erase(0, 1);
  if (text.size() == 7 && digits_only(text)) return text;
  return std::nullopt;
}

std::optional<std::string> normalise_gdc(std::string_view value) {
  auto text = trimmed(value);
  if (text.size() <= 6 && digits_only(text)) return text;
  return std::nullopt;
}

std::optional<std::string> normalise_ni_number(std::string_view value) {
  std::string text;
  for (char c : value) {
    if (c == ' ') continue;
    text += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  if (text.size() != 9) return std::nullopt;
  auto letter = [](char c) { return c >= 'A' && c <= 'Z'; };
  constexpr std::string_view never = "DFIQUV";
  if (!letter(text[0]) || !letter(text[1]) || never.find(text[0]) != std::string_view::npos ||
      never.find(text[1]) != std::string_view::npos || text[1] == 'O') {
    return std::nullopt;
  }
  constexpr std::array<std::string_view, 7> barred = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"};
  auto prefix = std::string_view(text).substr(0, 2);
  if (std::find(barred.begin(), barred.end(), prefix) != barred.end()) return std::nullopt;
  if (!digits_only(std::string_view(text).substr(2, 6))) return std::nullopt;
  if (text[8] < 'A' || text[8] > 'D') return std::nullopt;
  return text;
}

std::string office_of_npn(std::string_view npn) {
  return std::string(npn.substr(0, npn.find('/')));
}

}  // namespace esr::spec
