#pragma once
// The APP record of one applicant (docs/applicant-mapping.md), built from the state's columns:
// the placement and its person from TIS, the position from ESR, and the business date of the run.
// The generator builds it to validate and store the applicant; the export builds it again from
// the same columns to write the line.
#include <string>
#include <vector>

#include "esr/outbound/rule_facts.hpp"
#include "esr/spec/business_date.hpp"
#include "esr/spec/record_repair.hpp"
#include "esr/spec/record_spec.hpp"

namespace esr::outbound {

/// Where each APP field esrd fills sits in the loaded APP record, looked up once by the field's
/// interface name. Throws spec::SchemaError naming a field the schema lacks.
struct AppLayout {
  explicit AppLayout(const spec::RecordSpec& record);

  const spec::RecordSpec& record;
  std::size_t record_type, deanery_number, effective_date, email, last_name, first_name,
      middle_names, title, date_of_birth, gender, address1, address2, address3, town, county,
      postcode, country, home_tel, mobile_tel, ethnic_origin, prof1_body, prof1_number,
      prof1_expiry, prof2_body, prof2_number, prof2_expiry, sexual_orientation, religious_belief,
      application_status, nationality, ntn, ni_number, position_id, position_number, disability,
      hire_date, end_date, marital_status, previous_last_name, country_of_birth;
};

/// One applicant's record, checked against the APP schema and repaired where a part can be left
/// out. Warnings and reasons name fields, never values.
struct ApplicantRecord {
  std::vector<std::string> values;  // in schema order
  spec::RecordVerdict verdict;
  std::vector<std::string> warnings;  // what it goes without (identifiers, incomplete groups)
};

[[nodiscard]] ApplicantRecord build_applicant_record(const AppLayout& layout,
                                                     const Placement& placement,
                                                     const Position& position,
                                                     const spec::BusinessDate& effective_date);

}  // namespace esr::outbound
