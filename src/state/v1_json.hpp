#pragma once
// The JSON that state schema version 1 kept in its tables (a position's POR and POS arrays, a TIS
// placement's object, an event's row before, an applicant's APP array). Migrations 5, 6 and 8
// copy it into typed columns once; this is the only code in esrd that reads JSON from the state.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "esr/db/database.hpp"

namespace esr::state::v1 {

/// One value to take out of each row's JSON: an array element (a record's field, its position
/// found in the record's spec) or an object member, copied to `column` of the staging table.
struct JsonValue {
  std::string_view column;
  std::variant<std::size_t, std::string_view> at;
};

/// Creates TEMP table `staging` (row INTEGER PRIMARY KEY, then each value's column) and fills it
/// with one row per row of `table` whose `json_column` is not NULL: `row` is the table's rowid,
/// each column the value as text, NULL when the JSON lacks it (or holds null). The migration's
/// SQL then reads the staging table and drops it. Throws db::StoreError naming the table and row
/// when the text is not JSON.
void unpack(db::Database& db, std::string_view table, std::string_view json_column,
            std::string_view staging, std::span<const JsonValue> values);

/// The values of `json` when it is an array of strings only (as version 1 wrote a record's
/// values), else nullopt.
[[nodiscard]] std::optional<std::vector<std::string>> string_array(std::string_view json);

}  // namespace esr::state::v1
