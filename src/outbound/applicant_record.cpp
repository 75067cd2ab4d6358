#include "esr/outbound/applicant_record.hpp"

#include <fmt/format.h>

#include "esr/spec/identifiers.hpp"
#include "esr/spec/schema_registry.hpp"

namespace esr::outbound {

namespace {

std::size_t field(const spec::RecordSpec& record, std::string_view name) {
  return record.required_index(name);
}

std::string compact_date(const std::string& iso) {
  auto date = spec::BusinessDate::from_iso(iso);
  return date ? date->compact() : std::string();
}

}  // namespace

AppLayout::AppLayout(const spec::RecordSpec& app)
    : record(app),
      record_type(field(app, "Record Type")),
      deanery_number(field(app, "Deanery_number")),
      effective_date(field(app, "Effective_date")),
      email(field(app, "applicant_email_address")),
      last_name(field(app, "Last_Name")),
      first_name(field(app, "First_Name")),
      middle_names(field(app, "Middle_Names")),
      title(field(app, "Title")),
      date_of_birth(field(app, "DOB")),
      gender(field(app, "Gender")),
      address1(field(app, "Address1")),
      address2(field(app, "Address2")),
      address3(field(app, "Address3")),
      town(field(app, "Town")),
      county(field(app, "County")),
      postcode(field(app, "Postcode")),
      country(field(app, "Country")),
      home_tel(field(app, "home_tel")),
      mobile_tel(field(app, "Mob_tel")),
      ethnic_origin(field(app, "ethnic_origin_code")),
      prof1_body(field(app, "Prof_01_body")),
      prof1_number(field(app, "Prof_01_reg_num")),
      prof1_expiry(field(app, "Prof_01_expiry_date")),
      prof2_body(field(app, "Prof_02_body")),
      prof2_number(field(app, "Prof_02_reg_num")),
      prof2_expiry(field(app, "Prof_02_expiry_date")),
      sexual_orientation(field(app, "Sexual_orientation")),
      religious_belief(field(app, "Religious_belief")),
      application_status(field(app, "Application_status")),
      nationality(field(app, "Nationality")),
      ntn(field(app, "Nat_Training_No")),
      ni_number(field(app, "UKNIN")),
      position_id(field(app, "Position_ID")),
      position_number(field(app, "Position_Number")),
      disability(field(app, "Disability")),
      hire_date(field(app, "Projected Hire Date")),
      end_date(field(app, "Projected End Date")),
      marital_status(field(app, "Marital Status")),
      previous_last_name(field(app, "Previous Last Name")),
      country_of_birth(field(app, "Country of Birth")) {}

ApplicantRecord build_applicant_record(const AppLayout& layout, const Placement& placement,
                                       const Position& position,
                                       const spec::BusinessDate& effective_date) {
  const Person& q = placement.person;
  ApplicantRecord out;
  auto& v = out.values;
  v.resize(layout.record.fields.size());
  v[layout.record_type] = "DA";
  v[layout.deanery_number] = position.deanery_number;
  v[layout.effective_date] = effective_date.compact();
  v[layout.email] = q.email;
  v[layout.last_name] = q.last_name();
  v[layout.first_name] = q.first_name();
  v[layout.middle_names] = q.middle_names;
  v[layout.title] = q.title;
  v[layout.date_of_birth] = compact_date(q.date_of_birth);
  // The extract's closed list (M, F, U) is stored in its listed spelling; U is null (unknown).
  if (q.gender == "M" || q.gender == "F") v[layout.gender] = q.gender;
  if (!q.address1.empty()) {  // ESR ignores the address without its first line
    v[layout.address1] = q.address1;
    v[layout.address2] = q.address2;
    v[layout.address3] = q.address3;
    v[layout.town] = q.town;
    v[layout.county] = q.county;
    v[layout.postcode] = q.postcode;
    v[layout.country] = q.country;
  }
  v[layout.home_tel] = q.home_tel;
  v[layout.mobile_tel] = q.mobile_tel;
  v[layout.ethnic_origin] = q.ethnic_origin;
  if (auto gmc = spec::normalise_gmc(q.gmc_number)) {
    v[layout.prof1_body] = "GMC";
    v[layout.prof1_number] = *gmc;
    v[layout.prof1_expiry] = compact_date(q.gmc_expiry_date);
  } else if (!q.gmc_number.empty()) {
    out.warnings.emplace_back("gmc_number is not 7 digits: left out");
  }
  if (auto gdc = spec::normalise_gdc(q.gdc_number)) {
    v[layout.prof2_body] = "GDC";
    v[layout.prof2_number] = *gdc;
    v[layout.prof2_expiry] = compact_date(q.gdc_expiry_date);
  } else if (!q.gdc_number.empty()) {
    out.warnings.emplace_back("gdc_number is not numeric: left out");
  }
  v[layout.sexual_orientation] = q.sexual_orientation;
  v[layout.religious_belief] = q.religious_belief;
  v[layout.application_status] = "APP";
  v[layout.nationality] = q.nationality;
  v[layout.ntn] = q.ntn;
  if (auto ni = spec::normalise_ni_number(q.ni_number)) {
    v[layout.ni_number] = *ni;
  } else if (!q.ni_number.empty()) {
    out.warnings.emplace_back("ni_number fails the XX999999Y rule: left out");
  }
  v[layout.position_id] = std::to_string(position.id);
  v[layout.position_number] = position.number;
  v[layout.disability] = q.disability;
  v[layout.hire_date] = placement.start.compact();
  v[layout.end_date] = placement.end.compact();
  v[layout.marital_status] = q.marital_status;
  v[layout.previous_last_name] = q.previous_surname;
  v[layout.country_of_birth] = q.country_of_birth;
  // An incomplete optional part (a GMC number without its expiry date, an address without its
  // country) is left out with a warning; only what makes the record unusable holds it back.
  out.verdict = spec::check_and_repair(layout.record, v);
  out.warnings.insert(out.warnings.end(), out.verdict.left_out.begin(), out.verdict.left_out.end());
  return out;
}

}  // namespace esr::outbound
