#include "esr/spec/record_validator.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "esr/spec/business_date.hpp"

namespace esr::spec {

namespace {

bool is_required(const FieldSpec& field, std::span<const std::string_view> siblings) {
  if (field.format.mandatory()) return true;
  if (field.required_if && field.required_if->field_index < siblings.size()) {
    // The condition names coded values of the other field: compared as that field compares them.
    const auto& values = field.required_if->values;
    auto other = siblings[field.required_if->field_index];
    if (!other.empty() && listed_value(values, other) != nullptr) return true;
  }
  return std::any_of(field.required_with.begin(), field.required_with.end(),
                     [&](std::size_t i) { return i < siblings.size() && !siblings[i].empty(); });
}

std::string shown(const FieldSpec& field, std::string_view value) {
  return field.personal ? std::string("(personal value withheld)") : fmt::format("'{}'", value);
}

}  // namespace

void validate_field(const FieldSpec& field, std::string_view value,
                    std::span<const std::string_view> siblings, std::size_t index,
                    std::vector<FieldProblem>& out) {
  if (value.empty()) {
    if (is_required(field, siblings)) {
      out.push_back({index, "is mandatory and empty"});
    }
    return;
  }
  if (!field.values.empty()) {
    // A closed list of coded values: 'LEAD EMPLOYER ' is 'Lead Employer' (ESR's meaning), so
    // membership is decided before the width check that the spaces would fail.
    if (field.canonical_value(value) != nullptr) return;
    out.push_back(
        {index, fmt::format("is {}; {}allowed values are {}", shown(field, value),
                            field.reference.empty()
                                ? std::string()
                                : fmt::format("not in the closed list {}; ", field.reference),
                            fmt::join(field.values, ", "))});
    return;
  }
  if (auto reason = field.format.check(value)) {
    out.push_back({index, *reason});
    return;
  }
  if (field.constant && value != *field.constant) {
    out.push_back(
        {index, fmt::format("is {}; must be '{}'", shown(field, value), *field.constant)});
    return;
  }
  if (field.date == DateStyle::compact && !BusinessDate::from_compact(value)) {
    out.push_back(
        {index, fmt::format("is {}; not a real date in the form YYYYMMDD", shown(field, value))});
  } else if (field.date == DateStyle::iso && !BusinessDate::from_iso(value)) {
    out.push_back(
        {index, fmt::format("is {}; not a real date in the form YYYY-MM-DD", shown(field, value))});
  }
}

std::size_t validate_record(const RecordSpec& spec, std::span<const std::string_view> values,
                            std::vector<FieldProblem>& out) {
  auto before = out.size();
  if (values.size() != spec.fields.size()) {
    out.push_back({static_cast<std::size_t>(-1),
                   fmt::format("has {} fields; a {} record has {}", values.size(), spec.record_type,
                               spec.fields.size())});
    return out.size() - before;
  }
  for (std::size_t i = 0; i < spec.fields.size(); ++i) {
    validate_field(spec.fields[i], values[i], values, i, out);
  }
  return out.size() - before;
}

}  // namespace esr::spec
