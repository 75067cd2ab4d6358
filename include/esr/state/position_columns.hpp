#pragma once
// The POR and POS fields the positions table keeps as typed columns (migration 5), each named
// after its field of schemas/rmt.json. The RMT applier reads each field by its ref into the
// structs below, state/positions writes them member by member; the readers select them by name.
#include <array>
#include <string>
#include <string_view>

namespace esr::state {

/// What positions keeps of a POR, by column.
struct PorFields {
  std::string title;            // T_POR06
  std::string managing_office;  // T_POR08
  std::string host_lead;        // T_POR09
  std::string ods_code;         // T_POR10
  std::string vpd;              // T_POR11
  std::string organisation;     // T_POR12
  std::string location;         // T_POR13
};

/// What positions keeps of a POS, by column.
struct PosFields {
  std::string staff_group;          // T_POS06
  std::string occupation_code;      // T_POS07
  std::string area_of_work;         // T_POS08
  std::string second_specialty;     // T_POS09
  std::string pos_managing_office;  // T_POS11
  std::string pos_ods_code;         // T_POS12
  std::string grade_trust;          // T_POS13
  std::string grade_payscale;       // T_POS14
  std::string grade_description;    // T_POS15
  std::string workplace_org;        // T_POS16
};

/// One kept field: where it is in the record, its column in positions, and its member.
template <class Fields>
struct RecordColumn {
  std::string_view ref;     // the field of the POR or POS record
  std::string_view column;  // its column in positions
  std::string Fields::*member;
};

/// Kept from the POR; `has_por` says whether one was received.
inline constexpr std::array<RecordColumn<PorFields>, 7> kPorColumns = {{
    {"T_POR06", "title", &PorFields::title},
    {"T_POR08", "managing_office", &PorFields::managing_office},
    {"T_POR09", "host_lead", &PorFields::host_lead},
    {"T_POR10", "ods_code", &PorFields::ods_code},
    {"T_POR11", "vpd", &PorFields::vpd},
    {"T_POR12", "organisation", &PorFields::organisation},
    {"T_POR13", "location", &PorFields::location},
}};

/// Kept from the POS; `has_pos` says whether one was received.
inline constexpr std::array<RecordColumn<PosFields>, 10> kPosColumns = {{
    {"T_POS06", "staff_group", &PosFields::staff_group},
    {"T_POS07", "occupation_code", &PosFields::occupation_code},
    {"T_POS08", "area_of_work", &PosFields::area_of_work},
    {"T_POS09", "second_specialty", &PosFields::second_specialty},
    {"T_POS11", "pos_managing_office", &PosFields::pos_managing_office},
    {"T_POS12", "pos_ods_code", &PosFields::pos_ods_code},
    {"T_POS13", "grade_trust", &PosFields::grade_trust},
    {"T_POS14", "grade_payscale", &PosFields::grade_payscale},
    {"T_POS15", "grade_description", &PosFields::grade_description},
    {"T_POS16", "workplace_org", &PosFields::workplace_org},
}};

}  // namespace esr::state
