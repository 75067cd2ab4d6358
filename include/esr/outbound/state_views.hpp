#pragma once
// Typed views of the rows the outbound engines read: TIS placements and ESR positions.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
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

/// An ESR position as reconciled from POR and POS records: the positions row, its POR and POS
/// fields as received (empty when that record never came).
struct Position {
  std::int64_t id = 0;
  std::string local_office;
  std::string deanery_number;
  std::string number;
  bool has_por = false;
  std::string title;            // T_POR06 Position Title
  std::string managing_office;  // T_POR08
  std::string host_lead;        // T_POR09 as received: Host, Lead, Host Employer, Lead Employer
  std::string ods_code;         // T_POR10
  std::string vpd;              // T_POR11 employing organisation VPD code
  std::string organisation;     // T_POR12
  std::string location;         // T_POR13
  bool has_pos = false;
  std::string
      staff_group;  // T_POS06: real files carry the staff group there ('Medical and Dental')
  std::string occupation_code;      // T_POS07
  std::string area_of_work;         // T_POS08
  std::string second_specialty;     // T_POS09
  std::string pos_managing_office;  // T_POS11
  std::string pos_ods_code;         // T_POS12
  std::string grade_trust;          // T_POS13
  std::string grade_payscale;       // T_POS14
  std::string grade_description;    // T_POS15
  std::string workplace_org;        // T_POS16
  bool deleted = false;
  bool matched = false;

  /// The POR's title, else the POS's T_POS06 (what a notification's S_NOT08 carries).
  [[nodiscard]] const std::string& shown_title() const {
    return title.empty() ? staff_group : title;
  }
  /// The value of a POR or POS field kept in the positions table, by ref
  /// (store/position_columns.hpp); nullopt for a field the table does not keep.
  [[nodiscard]] std::optional<std::string> field(std::string_view ref) const;
};

/// The columns position_from_row reads, in order, for a SELECT list; `alias` prefixes each
/// ("pos." for `positions pos`, or empty).
[[nodiscard]] std::string position_columns(std::string_view alias = {});

/// Builds a Position from a row whose columns from `first` on are position_columns().
[[nodiscard]] Position position_from_row(const store::Statement& row, int first = 0);

/// What the applicant rule needs of a placement loaded from the current extract (known and
/// present, with valid dates).
[[nodiscard]] rules::PlacementFacts placement_facts(const Placement& placement);

/// What the applicant rule needs of a position (how it was deleted is the caller's to add).
[[nodiscard]] rules::PositionFacts position_facts(const Position& position);

}  // namespace esr::outbound
