#include "esr/dialect/file_name.hpp"

#include <fmt/format.h>

#include <array>

namespace esr::dialect {

namespace {

constexpr std::array<std::string_view, 4> inbound_types = {"RMF", "RMC", "APC", "DCC"};
constexpr std::array<std::string_view, 4> outbound_types = {"APP", "DNF", "DNC", "RTC"};

bool contains(const auto& list, std::string_view value) {
  for (auto item : list) {
    if (item == value) return true;
  }
  return false;
}

bool all_of(std::string_view text, bool (*pred)(char)) {
  for (char c : text) {
    if (!pred(c)) return false;
  }
  return !text.empty();
}

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool is_inbound_type(std::string_view type) { return contains(inbound_types, type); }
bool is_outbound_type(std::string_view type) { return contains(outbound_types, type); }

std::optional<FileName> FileName::parse(std::string_view name, std::string* error) {
  auto fail = [&](std::string_view why) -> std::optional<FileName> {
    if (error != nullptr) {
      *error = fmt::format("file name '{}' does not match DE_<LO>_<TYPE>_<YYYYMMDD>_<SEQ>.DAT: {}",
                           name, why);
    }
    return std::nullopt;
  };
  constexpr std::string_view prefix = "DE_";
  constexpr std::string_view suffix = ".DAT";
  if (name.substr(0, prefix.size()) != prefix) return fail("it must start with DE_");
  if (name.size() < suffix.size() || name.substr(name.size() - suffix.size()) != suffix) {
    return fail("it must end with .DAT");
  }
  std::string_view body = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  std::array<std::string_view, 4> parts;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    auto underscore = body.find('_');
    if (i + 1 < parts.size()) {
      if (underscore == std::string_view::npos)
        return fail("it must have five parts separated by _");
      parts[i] = body.substr(0, underscore);
      body.remove_prefix(underscore + 1);
    } else {
      if (underscore != std::string_view::npos) return fail("it has too many parts separated by _");
      parts[i] = body;
    }
  }
  if (parts[0].size() != 3 || !all_of(parts[0], is_upper)) {
    return fail("the local office must be three capital letters");
  }
  if (!is_inbound_type(parts[1]) && !is_outbound_type(parts[1])) {
    return fail("the type must be one of RMF RMC APC DCC APP DNF DNC RTC");
  }
  auto date = spec::BusinessDate::from_compact(parts[2]);
  if (!date) return fail("the date must be a real date YYYYMMDD");
  if (parts[3].size() != 8 || !all_of(parts[3], is_digit)) {
    return fail("the sequence must be 8 digits");
  }
  FileName out;
  out.local_office = std::string(parts[0]);
  out.type = std::string(parts[1]);
  out.date = *date;
  out.sequence = std::stoull(std::string(parts[3]));
  return out;
}

std::string FileName::str() const {
  return fmt::format("DE_{}_{}_{}_{:08}.DAT", local_office, type, date.compact(), sequence);
}

}  // namespace esr::dialect
