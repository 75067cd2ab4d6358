#pragma once
// Pieces of SQL text made from column lists, for the statements of the state modules, so that a
// statement names the columns of its table's column list in their order. Internal to state/.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace esr::state::sql {

/// "a, b, c", each name after `prefix` ("previous_a, previous_b...").
[[nodiscard]] std::string column_list(std::span<const std::string_view> columns,
                                      std::string_view prefix = {});

/// "?first, ?first+1, ...": `count` numbered parameters.
[[nodiscard]] std::string placeholders(int first, std::size_t count);

/// ", a = excluded.a, b = excluded.b": the SET list of an upsert that takes each new value.
[[nodiscard]] std::string excluded_updates(std::span<const std::string_view> columns);

}  // namespace esr::state::sql
