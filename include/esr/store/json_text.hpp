#pragma once
// Record fields kept as JSON text in SQLite (readable with json_extract).
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace esr::store {

/// `["a","b"]` with JSON string escaping. Thread-safe, pure.
[[nodiscard]] std::string to_json_array(std::span<const std::string_view> values);
/// The reverse for arrays of strings made by to_json_array; returns false on anything else.
[[nodiscard]] bool from_json_array(std::string_view text, std::vector<std::string>& out);

}  // namespace esr::store
