#pragma once
// Typed views of the rows the outbound engines read: TIS placements and ESR positions.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "esr/rules/applicant_rule.hpp"
#include "esr/spec/business_date.hpp"
#include "esr/store/database.hpp"

namespace esr::outbound {

/// A TIS placement as loaded from the extract (columns by name, DESIGN §6).
struct Placement {
  std::string id;
  std::string npn;
  std::string type;
  std::string lifecycle;
  spec::BusinessDate start;
  spec::BusinessDate end;
  std::string wte;
  std::string site_code;
  std::string site_name;
  std::string grade;
  std::string person_id;
  std::vector<std::pair<std::string, std::string>> columns;  // every column, by name

  [[nodiscard]] std::string column(std::string_view name) const;
  /// Legal names are preferred; the ordinary ones are the fallback.
  [[nodiscard]] std::string last_name() const;
  [[nodiscard]] std::string first_name() const;
  /// APPROVED and of an eligible type (rules::is_eligible_placement).
  [[nodiscard]] bool eligible() const;
};

/// Parses a tis_placements.fields JSON object; nullopt when a date is missing or malformed.
[[nodiscard]] std::optional<Placement> placement_from_json(const std::string& id,
                                                           const std::string& json);

/// An ESR position as reconciled from POR and POS records.
struct Position {
  std::int64_t id = 0;
  std::string local_office;
  std::string deanery_number;
  std::string number;
  std::string title;
  std::string host_lead;  // as received: Host, Lead, Host Employer, Lead Employer
  std::string vpd;        // employing organisation VPD code
  std::string organisation;
  std::string location;
  std::string
      staff_group;  // T_POS06: real files carry the staff group there ('Medical and Dental')
  std::string occupation_code;
  std::string area_of_work;
  bool deleted = false;
  bool matched = false;
};

/// Where position_from_row finds its fields in the stored POR and POS arrays: 0-based indexes in
/// the field order of schemas/rmt.json (tests/outbound/state_views_test.cpp checks them against
/// the schema, so a schema change cannot move a field unnoticed).
namespace rmt_field {
inline constexpr std::size_t por_title = 5;          // T_POR06 Position Title
inline constexpr std::size_t por_host_lead = 8;      // T_POR09 Host/Lead Employer Indicator
inline constexpr std::size_t por_vpd = 10;           // T_POR11 Employing Organisation VPD Code
inline constexpr std::size_t por_organisation = 11;  // T_POR12 ESR Organisation
inline constexpr std::size_t por_location = 12;      // T_POR13 ESR Location
inline constexpr std::size_t pos_title = 5;          // T_POS06 Position Title
inline constexpr std::size_t pos_occupation = 6;     // T_POS07 Occupation Code
inline constexpr std::size_t pos_area_of_work = 7;   // T_POS08 Area Of Work
}  // namespace rmt_field

/// Builds a Position from a positions row's por_fields/pos_fields JSON arrays.
[[nodiscard]] Position position_from_row(std::int64_t id, std::string local_office,
                                         std::string deanery, std::string number,
                                         const std::string& por_json, const std::string& pos_json,
                                         bool deleted, bool matched);

/// What the applicant rule needs of a placement loaded from the current extract (known and
/// present, with valid dates).
[[nodiscard]] rules::PlacementFacts placement_facts(const Placement& placement);

/// What the applicant rule needs of a position (how it was deleted is the caller's to add).
[[nodiscard]] rules::PositionFacts position_facts(const Position& position);

}  // namespace esr::outbound
