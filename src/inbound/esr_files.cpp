#include "esr_files.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "esr/dialect/file_identity.hpp"

namespace esr::inbound {

namespace {

// The refusal of a file for its name.
Rejection name_refused(const std::string& name, const std::string& why) {
  return {why, spec::Problem{name, 0, "file name", why}};
}

// The problems of the line being read, joined as its RTC reason.
class LineProblems {
 public:
  void add(const spec::Problem& problem) {
    if (!text_.empty()) text_ += "; ";
    text_ += line_reason(problem);
  }
  std::string take() { return std::exchange(text_, std::string()); }

 private:
  std::string text_;
};

}  // namespace

std::string line_reason(const spec::Problem& problem) {
  return fmt::format("Error: {}: {}", problem.field, problem.message);
}

Recognition EsrFiles::recognise(const std::string& name) const {
  Recognition recognition;
  auto identity = dialect::identify_file(name, schemas_);
  if (identity.spec == nullptr || !identity.name) {
    recognition.refusal = name_refused(
        name, identity.spec == nullptr
                  ? identity.error
                  : "not an ESR inbound file name (DE_<LO>_<TYPE>_<YYYYMMDD>_<SEQ>.DAT)");
    return recognition;
  }
  const auto& file_name = *identity.name;
  recognition.identity = {file_name.type, file_name.local_office, file_name.date,
                          static_cast<std::int64_t>(file_name.sequence)};
  if (!dialect::is_inbound_type(file_name.type)) {
    recognition.refusal = name_refused(
        name, fmt::format("{} is an outbound file type; esrd only takes in RMF, RMC, APC and DCC",
                          file_name.type));
  } else if (std::find(local_offices_.begin(), local_offices_.end(), file_name.local_office) ==
             local_offices_.end()) {
    recognition.refusal = name_refused(
        name,
        fmt::format("local office {} is not configured (offices.code)", file_name.local_office));
  } else if (file_name.type == "RMF" || file_name.type == "RMC") {
    recognition.kind = make_rmt_file(db_, schemas_, *identity.spec, file_name.type);
  } else {
    recognition.kind = make_confirmation_file(db_, schemas_, *identity.spec);
  }
  return recognition;
}

Rejection EsrFile::name_reused(const std::string& name, const state::LedgerEntry& previous) const {
  return name_refused(
      name, fmt::format("a different file of this name was applied before (ledger id {}, sha256 "
                        "{}); ask ESR for a new file",
                        previous.id, previous.sha256.substr(0, 16)));
}

dialect::ParseSummary EsrFile::check_every_line(const std::filesystem::path& file,
                                                ProcessResult& result) const {
  dialect::ParseCallbacks check;
  check.on_problem = [&](const spec::Problem& problem) { note_problem(result, problem); };
  auto summary = dialect::parse_file(file, result.file, spec_, schemas_, check);
  result.records = summary.records;
  if (summary.transcoded_lines > 0) {
    spdlog::warn("file={} lines_read_as_windows1252={} first_line={}", result.file,
                 summary.transcoded_lines, summary.first_transcoded_line);
  }
  if (summary.records == 0 && result.problem_count == 0) {
    note_problem(result, {result.file, 0, "file", "the file holds no records"});
  }
  return summary;
}

Rejection EsrFile::nothing_applied(const ProcessResult& result,
                                   const dialect::ParseSummary& summary) {
  return {fmt::format("{} problem(s) in {} of {} record(s); nothing applied", result.problem_count,
                      summary.invalid_records, summary.records),
          std::nullopt};
}

void EsrFile::apply_every_record(const std::filesystem::path& file, const std::string& name,
                                 RecordApplier& applier) const {
  LineProblems line;
  dialect::ParseCallbacks apply;
  apply.on_problem = [&](const spec::Problem& problem) { line.add(problem); };
  apply.on_record = [&](const dialect::ParsedRecord& record) {
    applier.apply(record, line.take());
  };
  (void)dialect::parse_file(file, name, spec_, schemas_, apply);
}

}  // namespace esr::inbound
