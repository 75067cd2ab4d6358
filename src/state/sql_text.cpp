#include "sql_text.hpp"

#include <fmt/format.h>

namespace esr::state::sql {

std::string column_list(std::span<const std::string_view> columns, std::string_view prefix) {
  std::string out;
  for (auto column : columns) out += fmt::format("{}{}{}", out.empty() ? "" : ", ", prefix, column);
  return out;
}

std::string placeholders(int first, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i)
    out += fmt::format("{}?{}", i == 0 ? "" : ", ", first + static_cast<int>(i));
  return out;
}

std::string excluded_updates(std::span<const std::string_view> columns) {
  std::string out;
  for (auto column : columns) out += fmt::format(", {0} = excluded.{0}", column);
  return out;
}

}  // namespace esr::state::sql
