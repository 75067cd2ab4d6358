#include "esr/state/records.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "esr/state/position_columns.hpp"
#include "esr/state/tis_columns.hpp"

namespace esr::state {

namespace {

// Person members in the order of kPersonColumns, whose names they carry.
using PersonMember = std::string Person::*;
constexpr std::array<PersonMember, kPersonColumns.size()> kPersonMembers = {
    &Person::gmc_number,
    &Person::gmc_expiry_date,
    &Person::gdc_number,
    &Person::gdc_expiry_date,
    &Person::title,
    &Person::surname,
    &Person::forenames,
    &Person::legal_surname,
    &Person::legal_forenames,
    &Person::middle_names,
    &Person::previous_surname,
    &Person::gender,
    &Person::date_of_birth,
    &Person::email,
    &Person::address1,
    &Person::address2,
    &Person::address3,
    &Person::town,
    &Person::county,
    &Person::postcode,
    &Person::country,
    &Person::home_tel,
    &Person::mobile_tel,
    &Person::ni_number,
    &Person::ntn,
    &Person::ethnic_origin,
    &Person::nationality,
    &Person::sexual_orientation,
    &Person::religious_belief,
    &Person::disability,
    &Person::marital_status,
    &Person::country_of_birth};

// The placement's text columns in the order of kPlacementColumns; the dates (null here)
// are BusinessDate members, read apart.
using PlacementMember = std::string Placement::*;
constexpr std::array<PlacementMember, kPlacementColumns.size()> kPlacementMembers = {
    &Placement::type,
    &Placement::lifecycle,
    nullptr,
    nullptr,
    &Placement::wte,
    &Placement::grade,
    &Placement::site_code,
    &Placement::site_name,
    &Placement::person_id};

constexpr std::size_t column_index(std::string_view name) {
  for (std::size_t i = 0; i < kPlacementColumns.size(); ++i)
    if (kPlacementColumns[i] == name) return i;
  return kPlacementColumns.size();
}
constexpr std::size_t kStart = column_index("start_date");
constexpr std::size_t kEnd = column_index("end_date");
static_assert(kStart < kEnd && kEnd < kPlacementColumns.size());
static_assert(column_index("placement_type") == 0 && column_index("person_id") == 8,
              "kPlacementMembers must follow kPlacementColumns");

std::string join_columns(std::string_view prefix, std::string_view first) {
  std::string out(first);
  for (auto column : kPlacementColumns) out += fmt::format(", {}{}", prefix, column);
  return out;
}

// Reads the placement's own columns from `first` on (placement_columns() order, after the id).
std::optional<Placement> read_placement(const db::Statement& row, int first, Placement p) {
  auto start = spec::BusinessDate::from_iso(row.column_text(first + static_cast<int>(kStart)));
  auto end = spec::BusinessDate::from_iso(row.column_text(first + static_cast<int>(kEnd)));
  if (!start || !end) return std::nullopt;
  p.start = *start;
  p.end = *end;
  for (std::size_t i = 0; i < kPlacementMembers.size(); ++i) {
    if (kPlacementMembers[i] != nullptr)
      p.*kPlacementMembers[i] = row.column_text(first + static_cast<int>(i));
  }
  return p;
}

}  // namespace

std::optional<std::string> Person::field(std::string_view column) const {
  for (std::size_t i = 0; i < kPersonMembers.size(); ++i) {
    if (kPersonColumns[i] == column) return this->*kPersonMembers[i];
  }
  return std::nullopt;
}

std::optional<std::string> Placement::field(std::string_view column) const {
  if (column == "placement_id") return id;
  if (column == "npn") return npn;
  auto i = column_index(column);
  if (i == kStart) return start.iso();
  if (i == kEnd) return end.iso();
  if (i < kPlacementMembers.size()) return this->*kPlacementMembers[i];
  return person.field(column);
}

const std::string& person_columns() {
  static const std::string columns = [] {
    std::string out;
    for (auto column : kPersonColumns)
      out += fmt::format("{}coalesce(q.{}, '')", out.empty() ? "" : ", ", column);
    return out;
  }();
  return columns;
}

Person person_from_row(const db::Statement& row, int first) {
  Person person;
  for (auto member : kPersonMembers) person.*member = row.column_text(first++);
  return person;
}

const std::string& placement_columns() {
  static const std::string columns =
      join_columns("p.", "p.placement_id, p.npn") + ", " + person_columns();
  return columns;
}

std::string_view placement_source() {
  return "tis_placements p LEFT JOIN people q ON q.person_id = p.person_id";
}

std::string_view person_join() { return placement_source().substr(sizeof("tis_placements p")); }

std::optional<Placement> placement_from_row(const db::Statement& row, int first) {
  Placement p;
  p.id = row.column_text(first);
  p.npn = row.column_text(first + 1);
  auto placement = read_placement(row, first + 2, std::move(p));
  if (!placement) return std::nullopt;
  placement->person = person_from_row(row, first + 2 + static_cast<int>(kPlacementColumns.size()));
  return placement;
}

const std::string& previous_placement_columns() {
  static const std::string columns = join_columns("previous_", "coalesce(previous_npn, '')");
  return columns;
}

std::optional<Placement> previous_placement_from_row(const db::Statement& row, int first,
                                                     const std::string& id) {
  if (row.column_text(first).empty()) return std::nullopt;
  Placement p;
  p.id = id;
  p.npn = row.column_text(first);
  return read_placement(row, first + 1, std::move(p));
}

static_assert(kPositionColumnCount ==
              8 + static_cast<int>(kPorColumns.size() + kPosColumns.size()));

std::optional<std::string> Position::field(std::string_view ref) const {
  const PorFields& por = *this;
  for (const auto& c : kPorColumns) {
    if (c.ref == ref) return por.*c.member;
  }
  const PosFields& pos = *this;
  for (const auto& c : kPosColumns) {
    if (c.ref == ref) return pos.*c.member;
  }
  return std::nullopt;
}

std::string position_columns(std::string_view alias) {
  std::string out = fmt::format(
      "{0}position_id, {0}local_office, {0}deanery_number, coalesce({0}position_number, ''),"
      " {0}deleted, {0}matched, {0}has_por, {0}has_pos",
      alias);
  for (const auto& c : kPorColumns) out += fmt::format(", {}{}", alias, c.column);
  for (const auto& c : kPosColumns) out += fmt::format(", {}{}", alias, c.column);
  return out;
}

Position position_from_row(const db::Statement& row, int first) {
  Position position;
  position.id = row.column_int64(first);
  position.local_office = row.column_text(first + 1);
  position.deanery_number = row.column_text(first + 2);
  position.number = row.column_text(first + 3);
  position.deleted = row.column_int(first + 4) != 0;
  position.matched = row.column_int(first + 5) != 0;
  position.has_por = row.column_int(first + 6) != 0;
  position.has_pos = row.column_int(first + 7) != 0;
  int column = first + 8;
  PorFields& por = position;
  for (const auto& c : kPorColumns) por.*c.member = row.column_text(column++);
  PosFields& pos = position;
  for (const auto& c : kPosColumns) pos.*c.member = row.column_text(column++);
  return position;
}

}  // namespace esr::state
