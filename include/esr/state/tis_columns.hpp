#pragma once
// The TIS placements extract as the state keeps it (migration 6): the placement's own columns in
// tis_placements, the person's in people, keyed by the TIS person id, so that personal data is
// held, shown and purged in one place. Every column is named as its extract column
// (schemas/tis_placements.json); state/tis_snapshot writes them through the row structs below,
// member by member, and the readers select them by name.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace esr::state {

/// A placement's columns besides placement_id, npn and local_office (tis_placements).
struct PlacementColumns {
  std::string placement_type, lifecycle, start_date, end_date, wte, grade, site_code, site_name,
      person_id;
};

/// A person's columns besides person_id (people): everything the extract says about the person.
struct PersonColumns {
  std::string gmc_number;
  std::string gmc_expiry_date;
  std::string gdc_number;
  std::string gdc_expiry_date;
  std::string title;
  std::string surname;
  std::string forenames;
  std::string legal_surname;
  std::string legal_forenames;
  std::string middle_names;
  std::string previous_surname;
  std::string gender;
  std::string date_of_birth;
  std::string email;
  std::string address1;
  std::string address2;
  std::string address3;
  std::string town;
  std::string county;
  std::string postcode;
  std::string country;
  std::string home_tel;
  std::string mobile_tel;
  std::string ni_number;
  std::string ntn;
  std::string ethnic_origin;
  std::string nationality;
  std::string sexual_orientation;
  std::string religious_belief;
  std::string disability;
  std::string marital_status;
  std::string country_of_birth;
};

/// One column of a row struct: its name in the table, and the member that holds it.
template <class Row>
struct NamedColumn {
  std::string_view name;
  std::string Row::*member;
};

/// tis_placements columns besides placement_id, npn and local_office, in table order. tis_events
/// keeps each as previous_<name> for the row before a change or a deletion.
inline constexpr std::array<NamedColumn<PlacementColumns>, 9> kPlacementFields = {{
    {"placement_type", &PlacementColumns::placement_type},
    {"lifecycle", &PlacementColumns::lifecycle},
    {"start_date", &PlacementColumns::start_date},
    {"end_date", &PlacementColumns::end_date},
    {"wte", &PlacementColumns::wte},
    {"grade", &PlacementColumns::grade},
    {"site_code", &PlacementColumns::site_code},
    {"site_name", &PlacementColumns::site_name},
    {"person_id", &PlacementColumns::person_id},
}};

/// people columns besides person_id, in table order.
inline constexpr std::array<NamedColumn<PersonColumns>, 32> kPersonFields = {{
    {"gmc_number", &PersonColumns::gmc_number},
    {"gmc_expiry_date", &PersonColumns::gmc_expiry_date},
    {"gdc_number", &PersonColumns::gdc_number},
    {"gdc_expiry_date", &PersonColumns::gdc_expiry_date},
    {"title", &PersonColumns::title},
    {"surname", &PersonColumns::surname},
    {"forenames", &PersonColumns::forenames},
    {"legal_surname", &PersonColumns::legal_surname},
    {"legal_forenames", &PersonColumns::legal_forenames},
    {"middle_names", &PersonColumns::middle_names},
    {"previous_surname", &PersonColumns::previous_surname},
    {"gender", &PersonColumns::gender},
    {"date_of_birth", &PersonColumns::date_of_birth},
    {"email", &PersonColumns::email},
    {"address1", &PersonColumns::address1},
    {"address2", &PersonColumns::address2},
    {"address3", &PersonColumns::address3},
    {"town", &PersonColumns::town},
    {"county", &PersonColumns::county},
    {"postcode", &PersonColumns::postcode},
    {"country", &PersonColumns::country},
    {"home_tel", &PersonColumns::home_tel},
    {"mobile_tel", &PersonColumns::mobile_tel},
    {"ni_number", &PersonColumns::ni_number},
    {"ntn", &PersonColumns::ntn},
    {"ethnic_origin", &PersonColumns::ethnic_origin},
    {"nationality", &PersonColumns::nationality},
    {"sexual_orientation", &PersonColumns::sexual_orientation},
    {"religious_belief", &PersonColumns::religious_belief},
    {"disability", &PersonColumns::disability},
    {"marital_status", &PersonColumns::marital_status},
    {"country_of_birth", &PersonColumns::country_of_birth},
}};

/// The names of `columns`, in their order.
template <class Row, std::size_t N>
constexpr std::array<std::string_view, N> names_of(const std::array<NamedColumn<Row>, N>& columns) {
  std::array<std::string_view, N> names{};
  for (std::size_t i = 0; i < N; ++i) names[i] = columns[i].name;
  return names;
}

/// The names of kPlacementFields, for the SQL that lists them.
inline constexpr auto kPlacementColumns = names_of(kPlacementFields);

/// The names of kPersonFields.
inline constexpr auto kPersonColumns = names_of(kPersonFields);

}  // namespace esr::state
