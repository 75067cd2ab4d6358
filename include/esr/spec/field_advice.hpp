#pragma once
// Advice about a record beyond its format: values outside a reference list and identifiers that
// break their rule. Kept apart from validate_record, whose problems reject a file: most advice
// is a warning, and a file is not rejected for a grade ESR does not expect.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "esr/spec/record_spec.hpp"
#include "esr/spec/reference_lists.hpp"
#include "esr/spec/schema_registry.hpp"

namespace esr::spec {

struct FieldAdvice {
  std::size_t field_index = 0;
  bool error = false;   // a value outside a closed list; otherwise a warning
  std::string message;  // names the list or the identifier rule; never quotes a personal value
};

/// Appends the advice for one record (values in spec order) to `out`; returns how many it added.
/// Reference lists are checked only when `lists` is given. A record whose field count is wrong
/// gets none: validate_record already reports it.
std::size_t advise_record(const RecordSpec& spec, std::span<const std::string_view> values,
                          const ReferenceLists* lists, std::vector<FieldAdvice>& out);

/// Throws ReferenceError naming the schema and field when a field names a list `lists` lacks.
void check_reference_names(const SchemaRegistry& schemas, const ReferenceLists& lists);

}  // namespace esr::spec
