#include "esr/spec/field_advice.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "esr/spec/identifier_rules.hpp"

namespace esr::spec {

namespace {

const IdentifierRule* rule_of(const FieldSpec& field, std::span<const std::string_view> values) {
  if (!field.identifier.empty()) return find_identifier_rule(field.identifier);
  if (field.identifier_body && *field.identifier_body < values.size()) {
    auto body = values[*field.identifier_body];
    return body.empty() ? nullptr : find_identifier_rule(body);
  }
  return nullptr;
}

}  // namespace

std::size_t advise_record(const RecordSpec& spec, std::span<const std::string_view> values,
                          const ReferenceLists* lists, std::vector<FieldAdvice>& out) {
  auto before = out.size();
  if (values.size() != spec.fields.size()) return 0;
  for (std::size_t i = 0; i < spec.fields.size(); ++i) {
    const auto& field = spec.fields[i];
    // A value outside the schema's own closed values is validate_record's problem already.
    bool outside_values =
        !field.values.empty() && !values[i].empty() &&
        std::find(field.values.begin(), field.values.end(), values[i]) == field.values.end();
    if (lists != nullptr && !field.reference.empty() && !field.personal && !outside_values) {
      if (auto finding = lists->check(field.reference, values[i])) {
        out.push_back({i, finding->is_error(), finding->message});
      }
    }
    if (const auto* rule = rule_of(field, values)) {
      if (auto problem = identifier_problem(*rule, values[i])) out.push_back({i, false, *problem});
    }
  }
  return out.size() - before;
}

void check_reference_names(const SchemaRegistry& schemas, const ReferenceLists& lists) {
  for (const auto& file : schemas.all()) {
    for (const auto& record : file.records) {
      for (const auto& field : record.fields) {
        if (!field.reference.empty() && lists.find(field.reference) == nullptr) {
          throw ReferenceError(
              fmt::format("schema {} record {} field {} names reference list '{}', "
                          "which the reference folder does not have",
                          file.type, record.record_type, field.label(), field.reference));
        }
      }
    }
  }
}

}  // namespace esr::spec
