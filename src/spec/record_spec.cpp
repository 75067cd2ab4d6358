#include "esr/spec/record_spec.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "esr/spec/coded_text.hpp"
#include "esr/spec/schema_registry.hpp"

namespace esr::spec {

std::string FieldSpec::label() const {
  return ref.empty() || ref == name ? name : ref + " " + name;
}

const std::string* listed_value(const std::vector<std::string>& listed, std::string_view value) {
  // The exact spelling first: it is by far the most common, and needs no folding.
  for (const auto& candidate : listed) {
    if (candidate == value) return &candidate;
  }
  auto wanted = trim_blanks(value);
  for (const auto& candidate : listed) {
    if (equal_ignoring_ascii_case(candidate, wanted)) return &candidate;
  }
  return nullptr;
}

const std::string* FieldSpec::canonical_value(std::string_view value) const {
  return listed_value(values, value);
}

bool RecordSpec::in_listed_spelling(std::span<const std::string_view> values) const {
  for (std::size_t i = 0; i < fields.size() && i < values.size(); ++i) {
    const auto& listed = fields[i].values;
    if (listed.empty() || values[i].empty()) continue;
    if (std::find(listed.begin(), listed.end(), values[i]) == listed.end()) return false;
  }
  return true;
}

std::optional<std::size_t> RecordSpec::index_of(std::string_view ref_or_name) const {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].ref == ref_or_name || fields[i].name == ref_or_name) return i;
  }
  return std::nullopt;
}

std::size_t RecordSpec::required_index(std::string_view ref_or_name) const {
  if (auto index = index_of(ref_or_name)) return *index;
  throw SchemaError(
      fmt::format("the {} record has no field '{}', which esrd needs", record_type, ref_or_name));
}

const RecordSpec* FileSpec::find_record(std::string_view record_type) const {
  for (const auto& record : records) {
    if (record.record_type == record_type) return &record;
  }
  return nullptr;
}

}  // namespace esr::spec
