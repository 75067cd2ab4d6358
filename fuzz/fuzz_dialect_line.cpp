// libFuzzer entry point: one line of the dialect, as FieldSplitter, parse_confirmation,
// FileName::parse, identify_file and the encodings see it. Besides "no crash, no sanitizer
// report" it checks round trips: what the writer side produces, the reader side reads back.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "esr/dialect/confirmation.hpp"
#include "esr/dialect/encoding.hpp"
#include "esr/dialect/field_splitter.hpp"
#include "esr/dialect/file_identity.hpp"
#include "esr/dialect/file_name.hpp"
#include "esr/dialect/single_line.hpp"
#include "fuzz_support.hpp"

namespace {

using esr::fuzz::check;

void fuzz_split(std::string_view line, char separator) {
  esr::dialect::FieldSplitter splitter;
  if (auto error = splitter.split(line, separator)) {
    check(!error->empty(), "FieldSplitter::split gave an empty reason");
    return;
  }
  const auto& fields = splitter.fields();
  check(!fields.empty(), "FieldSplitter::split gave no field for a line it accepted");
  std::vector<std::string> values;
  std::size_t total = 0;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    values.emplace_back(fields[i]);  // touches every byte of the view (ASan checks it)
    total += fields[i].size();
    (void)splitter.was_quoted(i);
  }
  check(total <= line.size(), "the fields hold more bytes than the line");

  // Writing every field quoted and splitting again gives the same values.
  std::string written;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) written += separator;
    esr::dialect::append_quoted(written, values[i]);
  }
  esr::dialect::FieldSplitter again;
  auto error = again.split(written, separator);
  check(!error, "a line written with append_quoted does not split", written);
  check(again.fields().size() == values.size(), "re-split gives another field count", written);
  for (std::size_t i = 0; i < values.size(); ++i) {
    check(again.fields()[i] == values[i], "re-split gives another value", written);
    check(again.was_quoted(i), "a quoted field is not reported as quoted", written);
  }
}

void fuzz_confirmation(std::string_view line) {
  esr::dialect::ConfirmationLine parsed;
  if (auto error = esr::dialect::parse_confirmation(line, parsed)) {
    check(!error->empty(), "parse_confirmation gave an empty reason");
    return;
  }
  check(parsed.position.find('~') == std::string::npos, "the position holds a tilde");
  check(parsed.outcome.find('~') == std::string::npos, "the outcome holds a tilde");
  check(parsed.position.size() + parsed.outcome.size() + parsed.record.size() <= line.size(),
        "the parts hold more bytes than the line");
  // What we would write for it (an RTC line) reads back the same.
  for (bool success : {true, false}) {
    auto written = esr::dialect::format_confirmation(7, success, parsed.reason, parsed.record);
    esr::dialect::ConfirmationLine back;
    auto error = esr::dialect::parse_confirmation(written, back);
    check(!error, "a line written by format_confirmation does not parse", written);
    check(back.position == "7", "position does not round-trip", written);
    check(back.outcome == (success ? "SUCCESS" : "FAIL"), "outcome does not round-trip", written);
    // Line-breaking characters are written as spaces: what round-trips is the one-line form.
    check(!esr::dialect::has_line_breaking_characters(written),
          "format_confirmation wrote a line-breaking character", written);
    std::string one_line_record;
    esr::dialect::append_single_line(one_line_record, parsed.record);
    check(back.reason == esr::dialect::single_line(parsed.reason), "reason does not round-trip",
          written);
    check(back.record == one_line_record, "record does not round-trip", written);
  }
}

void fuzz_file_name(std::string_view name) {
  std::string error;
  auto parsed = esr::dialect::FileName::parse(name, &error);
  if (!parsed) {
    check(!error.empty(), "FileName::parse refused a name without saying why");
  } else {
    // A name that parses is in canonical form: building it again gives the same bytes.
    check(parsed->str() == name, "FileName::parse accepted a name that str() does not rebuild",
          parsed->str());
    check(parsed->local_office.size() == 3, "local office is not 3 letters");
    check(
        esr::dialect::is_inbound_type(parsed->type) || esr::dialect::is_outbound_type(parsed->type),
        "parsed a type that is neither inbound nor outbound");
    check(parsed->sequence <= 99'999'999u, "sequence has more than 8 digits");
  }
  auto identity = esr::dialect::identify_file(name, esr::fuzz::registry());
  check(identity.spec != nullptr || !identity.error.empty(),
        "identify_file recognised nothing and gave no error");
  auto forced = esr::dialect::identify_file(name, esr::fuzz::registry(), "RMT");
  check(forced.spec != nullptr, "a forced schema RMT is not found");
}

void fuzz_encoding(std::string_view text) {
  if (esr::dialect::is_valid_utf8(text)) return;
  auto converted = esr::dialect::windows1252_to_utf8(text);
  check(esr::dialect::is_valid_utf8(converted), "windows1252_to_utf8 gave invalid UTF-8");
  check(converted.size() >= text.size(), "windows1252_to_utf8 lost bytes");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  fuzz_split(line, ',');
  fuzz_split(line, '~');
  fuzz_confirmation(line);
  fuzz_file_name(line);
  fuzz_encoding(line);
  return 0;
}
