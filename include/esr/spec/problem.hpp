#pragma once
// A structured complaint about input: where it is and what rule it breaks.
#include <cstddef>
#include <string>

namespace esr::spec {

/// One problem found in a file. `line` is 1-based (0 when the problem is about the whole file);
/// `field` names the field by its spec reference and name ("T_POS10 Deanery Number"), or is empty.
/// The message never contains the offending value when the field is personal.
struct Problem {
  std::string file;
  std::size_t line = 0;
  std::string field;
  std::string message;
};

/// `FILE:LINE:FIELD: message`, the form `esrd validate` prints.
[[nodiscard]] std::string to_string(const Problem& problem);

}  // namespace esr::spec
