#include "esr/spec/record_spec.hpp"

namespace esr::spec {

std::string FieldSpec::label() const {
  return ref.empty() || ref == name ? name : ref + " " + name;
}

std::optional<std::size_t> RecordSpec::index_of(std::string_view ref_or_name) const {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].ref == ref_or_name || fields[i].name == ref_or_name) return i;
  }
  return std::nullopt;
}

const RecordSpec* FileSpec::find_record(std::string_view record_type) const {
  for (const auto& record : records) {
    if (record.record_type == record_type) return &record;
  }
  return nullptr;
}

}  // namespace esr::spec
