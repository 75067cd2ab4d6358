#pragma once
// Typed records of the rows the engines and trace read: TIS placements with their people, and ESR
// positions, with the column lists and row readers that build them (the only place that knows
// which column of such a SELECT holds what).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/spec/business_date.hpp"
#include "esr/state/position_columns.hpp"

namespace esr::state {

/// A person as the latest TIS extract gave them: the people table (state/tis_columns.hpp), where
/// all of esrd's personal data about trainees is kept.
struct Person {
  std::string gmc_number, gmc_expiry_date, gdc_number, gdc_expiry_date, title, surname, forenames,
      legal_surname, legal_forenames, middle_names, previous_surname, gender, date_of_birth, email,
      address1, address2, address3, town, county, postcode, country, home_tel, mobile_tel,
      ni_number, ntn, ethnic_origin, nationality, sexual_orientation, religious_belief, disability,
      marital_status, country_of_birth;

  /// Legal names are preferred; the ordinary ones are the fallback.
  [[nodiscard]] const std::string& last_name() const {
    return legal_surname.empty() ? surname : legal_surname;
  }
  [[nodiscard]] const std::string& first_name() const {
    return legal_forenames.empty() ? forenames : legal_forenames;
  }
  /// The value of an extract column the people table keeps, by name; nullopt for any other.
  [[nodiscard]] std::optional<std::string> field(std::string_view column) const;
};

/// A TIS placement as loaded from the extract (DESIGN §6): the tis_placements row and its person.
struct Placement {
  std::string id;
  std::string npn;
  std::string type;
  std::string lifecycle;
  spec::BusinessDate start;
  spec::BusinessDate end;
  std::string wte;
  std::string grade;
  std::string site_code;
  std::string site_name;
  std::string person_id;
  Person person;  // empty when the person is not known (a previous row, a test's bare placement)

  [[nodiscard]] const std::string& last_name() const { return person.last_name(); }
  [[nodiscard]] const std::string& first_name() const { return person.first_name(); }
  /// The value of an extract column, the placement's own or its person's, by name (dates as
  /// YYYY-MM-DD); nullopt for a column the state does not keep.
  [[nodiscard]] std::optional<std::string> field(std::string_view column) const;
};

/// The columns placement_from_row reads, in order, for a SELECT from placement_source():
/// the placement's own (alias `p`) then its person's (alias `q`, empty when there is no row).
[[nodiscard]] const std::string& placement_columns();
/// `tis_placements p LEFT JOIN people q ...`, the FROM of a placement query.
[[nodiscard]] std::string_view placement_source();
/// `LEFT JOIN people q ...`: the person of placement `p`, for a query that joins `p` itself.
[[nodiscard]] std::string_view person_join();
/// Builds a Placement from a row whose columns from `first` on are placement_columns(); nullopt
/// when a date is missing or malformed.
[[nodiscard]] std::optional<Placement> placement_from_row(const db::Statement& row, int first = 0);

/// The people columns person_from_row reads, in order, for a SELECT from `people q`.
[[nodiscard]] const std::string& person_columns();
/// Builds a Person from a row whose columns from `first` on are person_columns().
[[nodiscard]] Person person_from_row(const db::Statement& row, int first = 0);

/// The previous_* columns of tis_events, in the order previous_placement_from_row reads them.
[[nodiscard]] const std::string& previous_placement_columns();
/// The placement as it was before an event (without its person: events keep no personal data);
/// nullopt when the event kept no previous row or its dates do not parse.
[[nodiscard]] std::optional<Placement> previous_placement_from_row(const db::Statement& row,
                                                                   int first,
                                                                   const std::string& id);

/// An ESR position as reconciled from POR and POS records: the positions row, its POR and POS
/// fields as received (empty when that record never came).
struct Position : PorFields, PosFields {
  std::int64_t id = 0;
  std::string local_office;
  std::string deanery_number;
  std::string number;
  bool has_por = false;  // the POR's fields (state::PorFields) hold what it said
  bool has_pos = false;  // the POS's (state::PosFields): T_POS06 is the staff group in real files
  bool deleted = false;
  bool matched = false;

  /// The POR's title, else the POS's T_POS06 (what a notification's S_NOT08 carries).
  [[nodiscard]] const std::string& shown_title() const {
    return title.empty() ? staff_group : title;
  }
  /// The value of a POR or POS field kept in the positions table, by ref
  /// (state/position_columns.hpp); nullopt for a field the table does not keep.
  [[nodiscard]] std::optional<std::string> field(std::string_view ref) const;
};

/// The columns position_from_row reads, in order, for a SELECT list; `alias` prefixes each
/// ("pos." for `positions pos`, or empty).
[[nodiscard]] std::string position_columns(std::string_view alias = {});

/// How many columns position_columns() lists: 8 of the row, then each kept POR and POS field.
inline constexpr int kPositionColumnCount = 8 + 17;

/// Builds a Position from a row whose columns from `first` on are position_columns().
[[nodiscard]] Position position_from_row(const db::Statement& row, int first = 0);

}  // namespace esr::state
