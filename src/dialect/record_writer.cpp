#include "esr/dialect/record_writer.hpp"

#include "esr/dialect/field_splitter.hpp"
#include "esr/dialect/single_line.hpp"

namespace esr::dialect {

void append_record(std::string& out, const spec::RecordSpec& spec,
                   std::span<const std::string> values) {
  for (std::size_t i = 0; i < spec.fields.size(); ++i) {
    if (i > 0) out += ',';
    const std::string& value = i < values.size() ? values[i] : std::string();
    if (value.empty()) continue;
    const auto& format = spec.fields[i].format;
    std::string formatted = format.format(value);
    // Whatever the caller passes, a value never breaks its line: the last line of defence for
    // ESR, which reads one record per line.
    if (has_line_breaking_characters(formatted)) formatted = single_line(formatted);
    if (format.quoted_on_output()) {
      append_quoted(out, formatted);
    } else {
      out += formatted;
    }
  }
}

}  // namespace esr::dialect
