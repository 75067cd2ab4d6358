#pragma once
// The POR and POS fields the positions table keeps as typed columns (migration 5), each named
// after its field of schemas/rmt.json. The RMT applier writes them, looking each field up by its
// ref; the readers select them by name.
#include <array>
#include <string_view>

namespace esr::state {

struct RecordColumn {
  std::string_view ref;     // the field of the POR or POS record
  std::string_view column;  // its column in positions
};

/// Kept from the POR; `has_por` says whether one was received.
inline constexpr std::array<RecordColumn, 7> kPorColumns = {{
    {"T_POR06", "title"},
    {"T_POR08", "managing_office"},
    {"T_POR09", "host_lead"},
    {"T_POR10", "ods_code"},
    {"T_POR11", "vpd"},
    {"T_POR12", "organisation"},
    {"T_POR13", "location"},
}};

/// Kept from the POS; `has_pos` says whether one was received.
inline constexpr std::array<RecordColumn, 10> kPosColumns = {{
    {"T_POS06", "staff_group"},
    {"T_POS07", "occupation_code"},
    {"T_POS08", "area_of_work"},
    {"T_POS09", "second_specialty"},
    {"T_POS11", "pos_managing_office"},
    {"T_POS12", "pos_ods_code"},
    {"T_POS13", "grade_trust"},
    {"T_POS14", "grade_payscale"},
    {"T_POS15", "grade_description"},
    {"T_POS16", "workplace_org"},
}};

}  // namespace esr::state
