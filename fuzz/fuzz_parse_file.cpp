// libFuzzer entry point: a whole file of one schema (ESRD_FUZZ_SCHEMA, e.g. "RMT"), read by the
// real dialect::parse_file from an in-memory file, with the schemas of the repository. Built
// once per schema. Besides "no crash, no sanitizer report" it checks what the parser promises:
// every problem names its file, line and field; an invalid record always comes with a problem;
// personal values are never quoted in a message; a valid record written back by the writer
// (append_record, format_confirmation) reads back as the same valid record.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "esr/dialect/confirmation.hpp"
#include "esr/dialect/field_splitter.hpp"
#include "esr/dialect/file_parser.hpp"
#include "esr/dialect/record_writer.hpp"
#include "esr/spec/record_validator.hpp"
#include "fuzz_support.hpp"

#ifndef ESRD_FUZZ_SCHEMA
#error "ESRD_FUZZ_SCHEMA must name the schema to fuzz (RMT, APP, TIS_PLACEMENTS...)"
#endif

namespace {

using esr::fuzz::check;

const std::string display_name = "fuzz-input";

const esr::spec::FileSpec& file_spec() {
  static const esr::spec::FileSpec* found = esr::fuzz::registry().by_name(ESRD_FUZZ_SCHEMA);
  if (found == nullptr) esr::fuzz::fail("no schema named " ESRD_FUZZ_SCHEMA " in schemas/");
  return *found;
}

// A valid record of the records layout, written back the way esrd writes its files, must split
// into the formatted values and pass the validator again.
void check_record_round_trip(const esr::dialect::ParsedRecord& record) {
  const auto& spec = *record.spec;
  std::vector<std::string> values(record.values.begin(), record.values.end());
  std::string written;
  esr::dialect::append_record(written, spec, values);
  esr::dialect::FieldSplitter splitter;
  auto error = splitter.split(written);
  check(!error, "a valid record written by append_record does not split", written);
  const auto& fields = splitter.fields();
  check(fields.size() == spec.fields.size(), "a written record has another field count", written);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    check(fields[i] == spec.fields[i].format.format(values[i]),
          "a written field does not read back as its formatted value", written);
  }
  std::vector<esr::spec::FieldProblem> problems;
  check(esr::spec::validate_record(spec, fields, problems) == 0,
        "a valid record written back is no longer valid", written);
}

void check_confirmation_round_trip(const esr::dialect::ParsedRecord& record) {
  const auto& parsed = *record.confirmation;
  auto written = esr::dialect::format_confirmation(record.ordinal, parsed.outcome == "SUCCESS",
                                                   parsed.reason, parsed.record);
  esr::dialect::ConfirmationLine back;
  check(!esr::dialect::parse_confirmation(written, back), "a written confirmation does not parse",
        written);
  check(back.reason == parsed.reason && back.record == parsed.record,
        "a written confirmation does not read back the same", written);
}

std::size_t count_lines(std::string_view text) {
  std::size_t lines = 1;
  for (char c : text) lines += c == '\n' ? 1 : 0;
  return lines;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static esr::fuzz::MemoryFile memory;
  const auto& spec = file_spec();
  const auto& path = memory.hold(data, size);
  const std::size_t physical_lines =
      count_lines(std::string_view(reinterpret_cast<const char*>(data), size));

  std::vector<esr::spec::Problem> pending;  // problems not yet matched to their record
  std::size_t problems_seen = 0, records_seen = 0, invalid_seen = 0;
  std::size_t last_line = 0, last_ordinal = 0;
  esr::dialect::ParseCallbacks callbacks;
  callbacks.on_problem = [&](const esr::spec::Problem& problem) {
    ++problems_seen;
    check(problem.file == display_name, "a problem does not name the file");
    check(!problem.field.empty(), "a problem names no field", problem.message);
    check(!problem.message.empty(), "a problem has no message", problem.field);
    check(problem.line <= physical_lines, "a problem names a line past the end", problem.message);
    pending.push_back(problem);
  };
  callbacks.on_record = [&](const esr::dialect::ParsedRecord& record) {
    ++records_seen;
    check(record.line >= 1 && record.line <= physical_lines, "a record has an impossible line");
    check(record.line > last_line, "records are not in line order");
    check(record.ordinal == last_ordinal + 1, "ordinals are not 1, 2, 3...");
    last_line = record.line;
    last_ordinal = record.ordinal;
    std::string copy(record.raw);  // every view must be readable during the callback
    for (auto value : record.values) copy.append(value);
    copy.append(record.record_type);
    bool line_problem = false;
    for (const auto& problem : pending) {
      if (problem.line == record.line) line_problem = true;
    }
    if (!record.valid) {
      ++invalid_seen;
      check(line_problem, "an invalid record comes without a problem on its line");
    }
    // Personal values are withheld from messages.
    if (record.spec != nullptr && record.confirmation == nullptr &&
        record.values.size() == record.spec->fields.size()) {
      for (const auto& problem : pending) {
        for (std::size_t i = 0; i < record.spec->fields.size(); ++i) {
          const auto& field = record.spec->fields[i];
          if (!field.personal || record.values[i].empty() || problem.field != field.label())
            continue;
          std::string quoted = "'" + std::string(record.values[i]) + "'";
          check(problem.message.find(quoted) == std::string::npos,
                "a problem message quotes a personal value", problem.field);
        }
      }
    }
    if (record.valid && !line_problem) {
      if (record.confirmation != nullptr) {
        check_confirmation_round_trip(record);
      } else if (record.spec != nullptr && spec.layout == esr::spec::Layout::records) {
        check(record.values.size() == record.spec->fields.size(),
              "a valid record has another field count than its spec");
        check_record_round_trip(record);
      }
    }
    pending.clear();
  };
  auto summary =
      esr::dialect::parse_file(path, display_name, spec, esr::fuzz::registry(), callbacks);
  check(summary.records == records_seen, "summary.records is not the number of records reported");
  check(summary.problems == problems_seen,
        "summary.problems is not the number of problems reported");
  check(summary.invalid_records == invalid_seen, "summary.invalid_records is off");
  check(summary.invalid_records <= summary.records, "more invalid records than records");
  check(summary.bytes == size, "summary.bytes is not the size of the file");
  return 0;
}
