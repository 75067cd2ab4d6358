#include "esr/dialect/file_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "esr/dialect/field_splitter.hpp"
#include "esr/dialect/line_reader.hpp"
#include "esr/spec/record_validator.hpp"

namespace esr::dialect {

namespace {

using spec::FieldProblem;
using spec::Problem;

std::string record_names(const spec::FileSpec& file_spec) {
  std::string out;
  for (const auto& record : file_spec.records) {
    if (!out.empty()) out += ", ";
    out += record.record_type;
  }
  return out;
}

// Shared state of one parse: the reporting half of every layout.
class Session {
 public:
  Session(const std::string& display_name, const ParseCallbacks& callbacks, ParseSummary& summary)
      : name_(display_name), callbacks_(callbacks), summary_(summary) {}

  void problem(std::size_t line, std::string field, std::string message) {
    ++summary_.problems;
    if (callbacks_.on_problem)
      callbacks_.on_problem(Problem{name_, line, std::move(field), std::move(message)});
  }

  void field_problems(std::size_t line, const std::vector<spec::FieldSpec>& fields,
                      std::string_view record_type, const std::vector<FieldProblem>& problems) {
    for (const auto& p : problems) {
      std::string field = p.field_index < fields.size() ? fields[p.field_index].label()
                                                        : fmt::format("{} record", record_type);
      problem(line, std::move(field), p.message);
    }
  }

  void record(ParsedRecord& record) {
    ++summary_.records;
    if (!record.valid) ++summary_.invalid_records;
    // Looked up by view: building a std::string key for every record cost more than the check.
    auto counter = summary_.by_record_type.find(record.record_type);
    if (counter == summary_.by_record_type.end()) {
      counter = summary_.by_record_type.emplace(std::string(record.record_type), 0).first;
    }
    ++counter->second;
    if (callbacks_.on_record) callbacks_.on_record(record);
  }

  void count_unknown() { ++summary_.unknown_records; }

  // Line-level checks common to every layout; false when the line cannot be read further.
  bool line_ok(const Line& line) {
    if (line.transcoded) {
      if (summary_.transcoded_lines++ == 0) summary_.first_transcoded_line = line.number;
    }
    if (line.too_long) {
      problem(line.number, "line",
              fmt::format("line is longer than {} bytes", LineReader::default_max_line));
      return false;
    }
    if (line.has_nul) {
      problem(line.number, "line", "line contains a NUL byte");
      return false;
    }
    return true;
  }

 private:
  const std::string& name_;
  const ParseCallbacks& callbacks_;
  ParseSummary& summary_;
};

void parse_records(LineReader& reader, const spec::FileSpec& file_spec, Session& session) {
  FieldSplitter splitter;
  std::vector<FieldProblem> problems;
  std::vector<std::string_view> canonical;
  Line line;
  std::size_t ordinal = 0;
  while (reader.next(line)) {
    ParsedRecord record;
    record.line = line.number;
    record.ordinal = ++ordinal;
    record.raw = line.text;
    if (!session.line_ok(line)) {
      record.valid = false;
      session.record(record);
      continue;
    }
    if (auto error = splitter.split(line.text)) {
      session.problem(line.number, "line", *error);
      record.valid = false;
      session.record(record);
      continue;
    }
    const auto& fields = splitter.fields();
    record.record_type = fields.front();
    record.values = fields;
    record.spec = file_spec.find_record(record.record_type);
    if (record.spec == nullptr) {
      // A record type of blanks is no record type: a line of spaces is reported, not kept.
      bool named = record.record_type.find_first_not_of(" \t") != std::string_view::npos;
      if (file_spec.keep_unknown_records && named) {
        session.count_unknown();
        session.record(record);
        continue;
      }
      session.problem(line.number, "record type",
                      fmt::format("unknown record type '{}'; a {} file holds {}",
                                  record.record_type, file_spec.type, record_names(file_spec)));
      record.valid = false;
      session.record(record);
      continue;
    }
    problems.clear();
    if (spec::validate_record(*record.spec, fields, problems) > 0) {
      session.field_problems(line.number, record.spec->fields, record.record_type, problems);
      record.valid = false;
    } else if (!record.spec->in_listed_spelling(fields)) {
      // Coded values reach the appliers in their listed spelling ('HOST EMPLOYER' is stored as
      // 'Host Employer'); `raw` keeps the line as received for the RTC echo. Copied only for
      // the rare record that needs it: the parse path stays allocation-free per record.
      canonical.assign(fields.begin(), fields.end());
      record.spec->canonicalise(std::span<std::string_view>(canonical));
      record.values = canonical;
    }
    session.record(record);
  }
}

void parse_confirmations(LineReader& reader, const spec::FileSpec& file_spec,
                         const spec::SchemaRegistry& registry, Session& session) {
  const spec::FileSpec* confirmed = registry.by_name(file_spec.confirms);
  if (confirmed == nullptr) confirmed = registry.for_file_type(file_spec.confirms);
  FieldSplitter splitter;
  std::vector<FieldProblem> problems;
  ConfirmationLine confirmation;
  Line line;
  std::size_t ordinal = 0;
  while (reader.next(line)) {
    ParsedRecord record;
    record.line = line.number;
    record.ordinal = ++ordinal;
    record.raw = line.text;
    record.confirmation = &confirmation;
    if (!session.line_ok(line)) {
      record.valid = false;
      record.confirmation = nullptr;
      session.record(record);
      continue;
    }
    if (auto error = parse_confirmation(line.text, confirmation)) {
      session.problem(line.number, "line", *error);
      record.valid = false;
      record.confirmation = nullptr;
      session.record(record);
      continue;
    }
    const std::string_view wrapper[] = {confirmation.position, confirmation.outcome,
                                        confirmation.reason};
    problems.clear();
    for (std::size_t i = 0; i < file_spec.wrapper_fields.size(); ++i) {
      spec::validate_field(file_spec.wrapper_fields[i], wrapper[i], wrapper, i, problems);
    }
    if (!problems.empty()) {
      session.field_problems(line.number, file_spec.wrapper_fields, "confirmation", problems);
      record.valid = false;
    } else if (file_spec.wrapper_fields.size() > 1) {
      // 'success' is SUCCESS: the appliers compare the listed spelling.
      if (const auto* outcome = file_spec.wrapper_fields[1].canonical_value(confirmation.outcome))
        confirmation.outcome = *outcome;
    }
    // The echoed record is checked for shape only: a FAIL may well echo an invalid record.
    if (confirmation.record.empty()) {
      session.problem(line.number, "confirmed record",
                      "is empty; the confirmed record must be echoed");
      record.valid = false;
    } else if (auto error = splitter.split(confirmation.record)) {
      session.problem(line.number, "confirmed record", *error);
      record.valid = false;
    } else {
      record.values = splitter.fields();
      record.record_type = splitter.fields().front();
      if (confirmed != nullptr) {
        record.spec = confirmed->find_record(record.record_type);
        if (record.spec == nullptr && !confirmed->keep_unknown_records) {
          session.problem(line.number, "confirmed record",
                          fmt::format("record type '{}' is not one of {}", record.record_type,
                                      record_names(*confirmed)));
          record.valid = false;
        }
      }
    }
    session.record(record);
  }
}

void parse_csv(LineReader& reader, const spec::FileSpec& file_spec, Session& session) {
  const spec::RecordSpec& row_spec = file_spec.records.front();
  FieldSplitter splitter;
  Line line;
  // Column position in the file of each spec field (npos when the column is absent).
  std::vector<std::size_t> column_of(row_spec.fields.size(), std::string::npos);
  std::size_t header_columns = 0;
  bool header_read = false;
  std::vector<std::string_view> values(row_spec.fields.size());
  std::vector<FieldProblem> problems;
  std::string joined;
  std::size_t ordinal = 0;
  // A row that cannot be read is still a record of the file (invalid), once the header is in.
  auto unreadable = [&](std::size_t at, std::string_view raw) {
    if (!header_read) return;
    ParsedRecord record;
    record.line = at;
    record.ordinal = ++ordinal;
    record.raw = raw;
    record.spec = &row_spec;
    record.record_type = row_spec.record_type;
    record.valid = false;
    session.record(record);
  };
  while (reader.next(line)) {
    std::size_t first_line = line.number;
    if (!session.line_ok(line)) {
      unreadable(first_line, line.text);
      continue;
    }
    std::string_view text = line.text;
    auto error = splitter.split(text);
    // RFC 4180 lets a quoted value hold a line break: join lines until the quote closes. The
    // reader skips blank lines, so the gap in line numbers gives back the blank ones.
    if (error && error->find("never closed") != std::string::npos) {
      // Quotes are counted line by line (a doubled quote flips twice), so the record is split
      // once when its quotes balance, and a quote that never closes stops at the line limit
      // instead of swallowing the rest of the file.
      joined.assign(text);
      std::size_t last = line.number;
      bool open = true;
      while (open && joined.size() <= LineReader::default_max_line && reader.next(line)) {
        joined.append(line.number - last, '\n');
        last = line.number;
        joined.append(line.text);
        open = (std::count(line.text.begin(), line.text.end(), '"') % 2 == 0) == open;
      }
      if (open && joined.size() > LineReader::default_max_line) {
        error = fmt::format("a quoted value opened on this line is still open after {} bytes",
                            LineReader::default_max_line);
      } else {
        error = splitter.split(joined);
      }
      text = joined;
    }
    if (error) {
      session.problem(first_line, "line", *error);
      unreadable(first_line, text);
      continue;
    }
    const auto& fields = splitter.fields();
    if (!header_read) {
      header_read = true;
      header_columns = fields.size();
      for (std::size_t c = 0; c < fields.size(); ++c) {
        auto index = row_spec.index_of(fields[c]);
        if (index) column_of[*index] = c;
      }
      for (std::size_t f = 0; f < row_spec.fields.size(); ++f) {
        if (column_of[f] == std::string::npos && row_spec.fields[f].format.mandatory()) {
          session.problem(first_line, row_spec.fields[f].name,
                          "required column is missing from the header");
        }
      }
      continue;
    }
    ParsedRecord record;
    record.line = first_line;
    record.ordinal = ++ordinal;
    record.raw = text;
    record.spec = &row_spec;
    record.record_type = row_spec.record_type;
    if (fields.size() != header_columns) {
      session.problem(
          first_line, "line",
          fmt::format("has {} columns; the header has {}", fields.size(), header_columns));
      record.valid = false;
      session.record(record);
      continue;
    }
    for (std::size_t f = 0; f < row_spec.fields.size(); ++f) {
      values[f] = column_of[f] == std::string::npos ? std::string_view{} : fields[column_of[f]];
    }
    problems.clear();
    for (std::size_t f = 0; f < row_spec.fields.size(); ++f) {
      // A column missing from the header was reported once there, not again on every row.
      if (column_of[f] == std::string::npos) continue;
      spec::validate_field(row_spec.fields[f], values[f], values, f, problems);
    }
    if (!problems.empty()) {
      session.field_problems(first_line, row_spec.fields, row_spec.record_type, problems);
      record.valid = false;
    } else {
      row_spec.canonicalise(std::span<std::string_view>(values));
    }
    record.values = values;
    session.record(record);
  }
  if (!header_read) session.problem(0, "header", "the file is empty: a header row is required");
}

}  // namespace

ParseSummary parse_file(const std::filesystem::path& file, const std::string& display_name,
                        const spec::FileSpec& file_spec, const spec::SchemaRegistry& registry,
                        const ParseCallbacks& callbacks) {
  ParseSummary summary;
  Session session(display_name, callbacks, summary);
  LineReader reader(file);
  switch (file_spec.layout) {
    case spec::Layout::records:
      parse_records(reader, file_spec, session);
      break;
    case spec::Layout::confirmation:
      parse_confirmations(reader, file_spec, registry, session);
      break;
    case spec::Layout::csv:
      parse_csv(reader, file_spec, session);
      break;
  }
  summary.bytes = reader.bytes_read();
  return summary;
}

}  // namespace esr::dialect
