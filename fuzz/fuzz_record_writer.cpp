// libFuzzer entry point: whatever values a caller hands the outbound writers, every record they
// write is exactly one line (issue: a line break inside a TIS address split an APP record in
// two). The input is cut into values at 0x1E bytes; the values fill the APP and NOT records and
// an RTC confirmation line. Checked: no line-breaking character in the output, and reading the
// record back gives as many fields as the record has.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "esr/dialect/confirmation.hpp"
#include "esr/dialect/field_splitter.hpp"
#include "esr/dialect/record_writer.hpp"
#include "esr/dialect/single_line.hpp"
#include "esr/spec/record_validator.hpp"
#include "fuzz_support.hpp"

namespace {

using esr::fuzz::check;

std::vector<std::string> values_of(std::string_view input, std::size_t count) {
  std::vector<std::string> values(count);
  std::size_t i = 0;
  for (char c : input) {
    if (c == '\x1e') {
      if (++i == count) i = 0;  // wrap around: long inputs reach every field
      continue;
    }
    values[i] += c;
  }
  return values;
}

void check_one_line(std::string_view written, std::string_view what) {
  check(!esr::dialect::has_line_breaking_characters(written), what, written);
}

void fuzz_record(const esr::spec::RecordSpec& record, std::string_view input) {
  auto values = values_of(input, record.fields.size());
  std::string written;
  esr::dialect::append_record(written, record, values);
  check_one_line(written, "append_record wrote a line-breaking character");
  // A record that meets its spec also reads back field for field (an N field given commas by a
  // careless caller is not quoted, so that only holds for valid values).
  std::vector<std::string_view> views(values.begin(), values.end());
  std::vector<esr::spec::FieldProblem> problems;
  if (esr::spec::validate_record(record, views, problems) > 0) return;
  esr::dialect::FieldSplitter splitter;
  if (!splitter.split(written)) {
    check(splitter.fields().size() == record.fields.size(),
          "a written record reads back with another field count", written);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto& schemas = esr::fuzz::registry();
  for (const char* type : {"APP", "NOTIFICATION"}) {
    const auto* file = schemas.by_name(type);
    check(file != nullptr, "schema missing", type);
    for (const auto& record : file->records) fuzz_record(record, input);
  }
  auto parts = values_of(input, 2);
  for (bool success : {true, false}) {
    check_one_line(esr::dialect::format_confirmation(3, success, parts[0], parts[1]),
                   "format_confirmation wrote a line-breaking character");
  }
  return 0;
}
