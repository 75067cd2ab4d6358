#pragma once
// Checks one record's field values against its spec.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "esr/spec/record_spec.hpp"

namespace esr::spec {

/// A problem with one field of a record; `field_index` is npos for the record as a whole
/// (a wrong field count).
struct FieldProblem {
  std::size_t field_index;
  std::string message;
};

/// Appends every problem of the record to `out` (not only the first) and returns how many it
/// added. Checks the field count, mandatory and conditionally mandatory fields, formats,
/// constants, closed value lists and calendar dates. Messages quote a value only when the field
/// is not personal. Pure; thread-safe.
std::size_t validate_record(const RecordSpec& spec, std::span<const std::string_view> values,
                            std::vector<FieldProblem>& out);

/// Checks a single field; used by the record check and by the CSV import. `siblings` are the
/// other values of the record, for required_if / required_with.
void validate_field(const FieldSpec& field, std::string_view value,
                    std::span<const std::string_view> siblings, std::size_t index,
                    std::vector<FieldProblem>& out);

}  // namespace esr::spec
