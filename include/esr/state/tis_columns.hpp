#pragma once
// The TIS placements extract as the state keeps it (migration 6): the placement's own columns in
// tis_placements, the person's in people, keyed by the TIS person id, so that personal data is
// held, shown and purged in one place. Every column is named as its extract column
// (schemas/tis_placements.json); the importer writes them by name and the readers select them by
// name.
#include <array>
#include <string_view>

namespace esr::state {

/// tis_placements columns besides placement_id, npn and local_office. tis_events keeps each as
/// previous_<name> for the row before a change or a deletion.
inline constexpr std::array<std::string_view, 9> kPlacementColumns = {
    "placement_type", "lifecycle", "start_date", "end_date",  "wte",
    "grade",          "site_code", "site_name",  "person_id",
};

/// people columns besides person_id: everything the extract says about the person.
inline constexpr std::array<std::string_view, 32> kPersonColumns = {
    "gmc_number",
    "gmc_expiry_date",
    "gdc_number",
    "gdc_expiry_date",
    "title",
    "surname",
    "forenames",
    "legal_surname",
    "legal_forenames",
    "middle_names",
    "previous_surname",
    "gender",
    "date_of_birth",
    "email",
    "address1",
    "address2",
    "address3",
    "town",
    "county",
    "postcode",
    "country",
    "home_tel",
    "mobile_tel",
    "ni_number",
    "ntn",
    "ethnic_origin",
    "nationality",
    "sexual_orientation",
    "religious_belief",
    "disability",
    "marital_status",
    "country_of_birth",
};

}  // namespace esr::state
