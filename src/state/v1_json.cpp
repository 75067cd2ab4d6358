#include "v1_json.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "esr/db/store_error.hpp"

namespace esr::state::v1 {

using db::Database;
using db::StoreError;

namespace {

// What the version-1 SQL read out of the JSON: a string's text, other scalars as written.
std::optional<std::string> text_of(const nlohmann::json& value) {
  if (value.is_null()) return std::nullopt;
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

std::optional<std::string> value_at(const nlohmann::json& json, const JsonValue& wanted) {
  if (const auto* index = std::get_if<std::size_t>(&wanted.at)) {
    if (!json.is_array() || *index >= json.size()) return std::nullopt;
    return text_of(json[*index]);
  }
  auto key = std::get<std::string_view>(wanted.at);
  if (!json.is_object()) return std::nullopt;
  auto member = json.find(key);
  return member == json.end() ? std::nullopt : text_of(*member);
}

}  // namespace

void unpack(Database& db, std::string_view table, std::string_view json_column,
            std::string_view staging, std::span<const JsonValue> values) {
  std::string columns, parameters;
  for (std::size_t i = 0; i < values.size(); ++i) {
    columns += fmt::format(", {} TEXT", values[i].column);
    parameters += fmt::format(", ?{}", i + 2);
  }
  db.exec(fmt::format("CREATE TEMP TABLE {} (row INTEGER PRIMARY KEY{})", staging, columns));
  auto select = db.prepare(
      fmt::format("SELECT rowid, {0} FROM {1} WHERE {0} IS NOT NULL", json_column, table));
  auto insert = db.prepare(fmt::format("INSERT INTO temp.{} VALUES (?1{})", staging, parameters));
  while (select.step()) {
    auto row = select.column_int64(0);
    auto json = nlohmann::json::parse(select.column_text(1), nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) {
      throw StoreError(
          fmt::format("{} row {}: {} is not JSON; correct or delete that row, then "
                      "start esrd again",
                      table, row, json_column));
    }
    insert.bind(1, row);
    for (std::size_t i = 0; i < values.size(); ++i)
      insert.bind(static_cast<int>(i + 2), value_at(json, values[i]));
    insert.run();
  }
}

std::optional<std::vector<std::string>> string_array(std::string_view json) {
  auto parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) return std::nullopt;  // a discarded (malformed) value is not an array
  std::vector<std::string> values;
  values.reserve(parsed.size());
  for (const auto& element : parsed) {
    if (!element.is_string()) return std::nullopt;
    values.push_back(element.get<std::string>());
  }
  return values;
}

}  // namespace esr::state::v1
