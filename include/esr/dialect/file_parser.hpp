#pragma once
// Reads a whole file of any layout (records, confirmation, csv) against its spec, streaming.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "esr/dialect/confirmation.hpp"
#include "esr/spec/problem.hpp"
#include "esr/spec/schema_registry.hpp"

namespace esr::dialect {

/// One record as read. Views are valid only during the callback.
struct ParsedRecord {
  std::size_t line = 0;     // physical line number
  std::size_t ordinal = 0;  // 1-based position among the file's records (blank lines not counted)
  std::string_view raw;     // the line as read (UTF-8), for echoing in confirmations
  const spec::RecordSpec* spec = nullptr;  // nullptr for a kept record of a type without a spec
  std::string_view record_type;
  std::span<const std::string_view> values;  // in spec order; for confirmations the echoed record
  const ConfirmationLine* confirmation = nullptr;  // set for the confirmation layout
  bool valid = true;  // false when this line had problems (the record is still reported)
};

struct ParseSummary {
  std::size_t records = 0;
  std::size_t invalid_records = 0;
  std::size_t problems = 0;
  std::size_t unknown_records = 0;   // kept records of types without a spec
  std::size_t transcoded_lines = 0;  // lines read as Windows-1252
  std::size_t first_transcoded_line = 0;
  std::size_t bytes = 0;
  std::map<std::string, std::size_t, std::less<>> by_record_type;
};

struct ParseCallbacks {
  std::function<void(const ParsedRecord&)> on_record;    // optional
  std::function<void(const spec::Problem&)> on_problem;  // optional
};

/// Streams `file` through `spec`, reporting every problem (not only the first) and every record,
/// valid or not, in file order. `display_name` is used as the FILE of each problem.
/// Throws std::system_error when the file cannot be read; bad content is never an exception.
ParseSummary parse_file(const std::filesystem::path& file, const std::string& display_name,
                        const spec::FileSpec& spec, const spec::SchemaRegistry& registry,
                        const ParseCallbacks& callbacks);

}  // namespace esr::dialect
