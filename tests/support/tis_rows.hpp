#pragma once
// Test support: TIS extract rows given as JSON objects (column -> value, as a test reads best)
// written to the typed tables the importer fills (state/tis_columns.hpp), and read back as the
// outbound views.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>

#include "esr/db/database.hpp"
#include "esr/state/records.hpp"
#include "esr/state/tis_columns.hpp"

namespace esr::test_support {

inline std::string column_of(const nlohmann::json& row, std::string_view column) {
  auto found = row.find(std::string(column));
  return found != row.end() && found->is_string() ? found->get<std::string>() : std::string();
}

/// Stores (or replaces) a placement and its person.
inline void put_placement(db::Database& db, const nlohmann::json& row, bool present = true) {
  std::string columns, values;
  for (auto column : state::kPlacementColumns) {
    columns += fmt::format(", {}", column);
    values += ", ?";
  }
  auto insert = db.prepare(fmt::format(
      "INSERT OR REPLACE INTO tis_placements(placement_id, npn, local_office, present{}) VALUES "
      "(?, ?, ?, ?{})",
      columns, values));
  auto npn = column_of(row, "npn");
  insert.bind(1, column_of(row, "placement_id"))
      .bind(2, npn)
      .bind(3, npn.substr(0, npn.find('/')))
      .bind(4, present ? 1 : 0);
  int at = 5;
  for (auto column : state::kPlacementColumns) insert.bind(at++, column_of(row, column));
  insert.run();
  std::string person_columns, person_values;
  for (auto column : state::kPersonColumns) {
    person_columns += fmt::format(", {}", column);
    person_values += ", ?";
  }
  auto person = db.prepare(fmt::format("INSERT OR REPLACE INTO people(person_id{}) VALUES (?{})",
                                       person_columns, person_values));
  person.bind(1, column_of(row, "person_id"));
  at = 2;
  for (auto column : state::kPersonColumns) person.bind(at++, column_of(row, column));
  person.run();
}

/// Stores a TIS event; `previous` is the placement row before (a JSON object) or a post's
/// {"npn", "status"}, or empty.
inline void put_event(db::Database& db, const std::string& kind, const std::string& subject,
                      const std::string& previous, const std::string& changes,
                      const std::string& date, const std::string& office) {
  std::string columns, values;
  for (auto column : state::kPlacementColumns) {
    columns += fmt::format(", previous_{}", column);
    values += ", ?";
  }
  auto insert = db.prepare(fmt::format(
      "INSERT INTO tis_events(file_id, business_date, local_office, kind, subject, changes,"
      " previous_npn, previous_status{}) VALUES (1, ?, ?, ?, ?, nullif(?, ''), ?, ?{})",
      columns, values));
  insert.bind(1, date).bind(2, office).bind(3, kind).bind(4, subject).bind(5, changes);
  if (previous.empty()) {
    for (int i = 6; i <= 7 + static_cast<int>(state::kPlacementColumns.size()); ++i)
      insert.bind_null(i);
  } else {
    auto row = nlohmann::json::parse(previous);
    insert.bind(6, column_of(row, "npn"));
    if (row.contains("status")) {
      insert.bind(7, column_of(row, "status"));
    } else {
      insert.bind_null(7);
    }
    int at = 8;
    for (auto column : state::kPlacementColumns) {
      if (row.contains(std::string(column))) {
        insert.bind(at++, column_of(row, column));
      } else {
        insert.bind_null(at++);
      }
    }
  }
  insert.run();
}

/// The outbound view of a placement row, its person included (nullopt when a date is bad).
inline std::optional<state::Placement> placement_view(const nlohmann::json& row) {
  auto start = spec::BusinessDate::from_iso(column_of(row, "start_date"));
  auto end = spec::BusinessDate::from_iso(column_of(row, "end_date"));
  if (!start || !end) return std::nullopt;
  state::Placement p;
  p.id = column_of(row, "placement_id");
  p.npn = column_of(row, "npn");
  p.type = column_of(row, "placement_type");
  p.lifecycle = column_of(row, "lifecycle");
  p.start = *start;
  p.end = *end;
  p.wte = column_of(row, "wte");
  p.grade = column_of(row, "grade");
  p.site_code = column_of(row, "site_code");
  p.site_name = column_of(row, "site_name");
  p.person_id = column_of(row, "person_id");
  p.person.surname = column_of(row, "surname");
  p.person.forenames = column_of(row, "forenames");
  p.person.legal_surname = column_of(row, "legal_surname");
  p.person.legal_forenames = column_of(row, "legal_forenames");
  p.person.gmc_number = column_of(row, "gmc_number");
  p.person.email = column_of(row, "email");
  return p;
}

}  // namespace esr::test_support
