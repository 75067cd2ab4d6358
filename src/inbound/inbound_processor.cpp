#include "esr/inbound/inbound_processor.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "esr/dialect/file_identity.hpp"
#include "esr/inbound/confirmation_appliers.hpp"
#include "esr/inbound/rmt_applier.hpp"
#include "esr/ops/fault_point.hpp"
#include "esr/ops/file_moves.hpp"
#include "esr/ops/ledger.hpp"
#include "esr/ops/sha256.hpp"
#include "esr/store/transaction.hpp"

namespace esr::inbound {

const char* to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::applied:
      return "applied";
    case Outcome::already_applied:
      return "already_applied";
    case Outcome::rejected:
      return "rejected";
    case Outcome::checked:
      return "checked";
  }
  return "unknown";
}

namespace {

constexpr std::size_t kept_problems = 1000;

bool is_rmt(std::string_view type) { return type == "RMF" || type == "RMC"; }

// Problems of the current line, joined for its RTC line, and the file's list.
class ProblemCollector {
 public:
  explicit ProblemCollector(ProcessResult& result) : result_(result) {}
  void add(const spec::Problem& problem) {
    ++result_.problem_count;
    if (result_.problems.size() < kept_problems) result_.problems.push_back(problem);
    if (!line_.empty()) line_ += "; ";
    line_ += fmt::format("Error: {}: {}", problem.field, problem.message);
  }
  std::string take_line() { return std::exchange(line_, std::string()); }

 private:
  ProcessResult& result_;
  std::string line_;
};

std::string reason_text(const ProcessResult& result, std::string_view headline) {
  std::string text = fmt::format("file: {}\nrejected: {}\n", result.file, headline);
  if (result.problem_count > 0) {
    text +=
        fmt::format("problems: {} (listed as FILE:LINE:FIELD: message)\n", result.problem_count);
    for (const auto& problem : result.problems) text += spec::to_string(problem) + "\n";
    if (result.problem_count > result.problems.size()) {
      text += fmt::format("... and {} more\n", result.problem_count - result.problems.size());
    }
  }
  return text;
}

}  // namespace

InboundProcessor::InboundProcessor(store::Database& db, const spec::SchemaRegistry& schemas,
                                   ops::DataDir dir, InboundSettings settings)
    : db_(db), schemas_(schemas), dir_(std::move(dir)), settings_(std::move(settings)) {}

ProcessResult InboundProcessor::process(const std::filesystem::path& file,
                                        const ProcessOptions& options) {
  auto started = std::chrono::steady_clock::now();
  ProcessResult result;
  result.file = file.filename().string();
  ops::Ledger ledger(db_);

  auto finish = [&](Outcome outcome) {
    result.outcome = outcome;
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
  };
  std::optional<spec::BusinessDate> name_date;  // the date in the file name, once known
  // Rejects the whole file: quarantined with its reason, recorded in the ledger.
  auto reject = [&](const std::string& headline, std::int64_t* ledger_id_out = nullptr) {
    if (!options.dry_run) {
      result.moved_to =
          ops::quarantine_file(dir_, file, reason_text(result, headline), options.from_inbox);
      ops::LedgerEntry entry;
      entry.name = result.file;
      entry.direction = "in";
      entry.type = result.type.empty() ? "UNKNOWN" : result.type;
      entry.local_office = result.local_office;
      auto date = options.date ? options.date : name_date;
      entry.business_date = date ? date->iso() : "";
      entry.size = static_cast<std::int64_t>(std::filesystem::file_size(result.moved_to));
      entry.sha256 = ops::sha256_hex(result.moved_to);
      entry.records = static_cast<std::int64_t>(result.records);
      entry.outcome = "quarantined";
      entry.reason = headline;
      auto id = ledger.add(entry);
      if (ledger_id_out != nullptr) *ledger_id_out = id;
    }
    spdlog::warn(
        "file={} type={} office={} outcome=rejected records={} problems={} reason=\"{}\"{}",
        result.file, result.type, result.local_office, result.records, result.problem_count,
        headline,
        result.moved_to.empty() ? "" : fmt::format(" quarantined={}", result.moved_to.string()));
    for (const auto& problem : result.problems)
      spdlog::warn("problem {}", spec::to_string(problem));
    return finish(Outcome::rejected);
  };

  auto identity = dialect::identify_file(result.file, schemas_);
  if (identity.spec == nullptr || !identity.name) {
    std::string why = identity.spec == nullptr
                          ? identity.error
                          : "not an ESR inbound file name (DE_<LO>_<TYPE>_<YYYYMMDD>_<SEQ>.DAT)";
    result.problems.push_back({result.file, 0, "file name", why});
    result.problem_count = 1;
    return reject(why);
  }
  name_date = identity.name->date;
  result.type = identity.name->type;
  result.local_office = identity.name->local_office;
  auto business_date = options.date.value_or(identity.name->date);
  // ESR still gets an RTC for a rejected RMT: FAIL for every line, with the line's own problems
  // or `every_line_reason` (empty: "rejected for errors on other lines").
  auto reject_with_rtc = [&](const std::string& headline, const std::string& every_line_reason) {
    store::Transaction transaction(db_);
    std::int64_t id = 0;
    auto saved_count = result.problem_count;
    auto saved_problems = result.problems;
    auto rejected = reject(headline, &id);
    FileContext context{id, result.file, result.type, result.local_office, business_date};
    RmtRejectionLines lines(db_, context, every_line_reason);
    ProblemCollector line_reasons(result);
    dialect::ParseCallbacks write;
    write.on_problem = [&](const spec::Problem& problem) { line_reasons.add(problem); };
    write.on_record = [&](const dialect::ParsedRecord& record) {
      lines.apply(record, line_reasons.take_line());
    };
    (void)dialect::parse_file(rejected.moved_to, result.file, *identity.spec, schemas_, write);
    transaction.commit();
    rejected.problem_count = saved_count;
    rejected.problems = std::move(saved_problems);
    return rejected;
  };
  auto fail_name = [&](std::string why) {
    result.problems.push_back({result.file, 0, "file name", why});
    result.problem_count = 1;
    return reject(why);
  };
  if (!dialect::is_inbound_type(result.type)) {
    return fail_name(fmt::format(
        "{} is an outbound file type; esrd only takes in RMF, RMC, APC and DCC", result.type));
  }
  if (std::find(settings_.local_offices.begin(), settings_.local_offices.end(),
                result.local_office) == settings_.local_offices.end()) {
    return fail_name(
        fmt::format("local office {} is not configured (offices.code)", result.local_office));
  }

  auto sha = ops::sha256_hex(file);
  auto size = static_cast<std::int64_t>(std::filesystem::file_size(file));
  if (auto previous = ledger.last_applied(result.file)) {
    if (previous->sha256 != sha) {
      auto why = fmt::format(
          "a different file of this name was applied before (ledger id {}, sha256 {}); ask ESR for "
          "a new file",
          previous->id, previous->sha256.substr(0, 16));
      result.problems.push_back({result.file, 0, "file name", why});
      result.problem_count = 1;
      if (is_rmt(result.type) && !options.dry_run)
        return reject_with_rtc(why, "Error: file name: " + why);
      return reject(why);
    }
    if (!options.force) {
      result.records = static_cast<std::size_t>(previous->records);
      spdlog::info("file={} type={} office={} outcome=already_applied ledger_id={}", result.file,
                   result.type, result.local_office, previous->id);
      if (options.from_inbox && !options.dry_run)
        result.moved_to = ops::archive_file(dir_, file, business_date);
      return finish(Outcome::already_applied);
    }
  }

  // Pass 1: validate the whole file before anything is applied.
  ProblemCollector collector(result);
  dialect::ParseCallbacks check;
  check.on_problem = [&](const spec::Problem& problem) { collector.add(problem); };
  check.on_record = [&](const dialect::ParsedRecord&) { collector.take_line(); };
  auto summary = dialect::parse_file(file, result.file, *identity.spec, schemas_, check);
  result.records = summary.records;
  if (summary.transcoded_lines > 0) {
    spdlog::warn("file={} lines_read_as_windows1252={} first_line={}", result.file,
                 summary.transcoded_lines, summary.first_transcoded_line);
  }
  bool line_isolation = !is_rmt(result.type);  // confirmations: a bad line never stops the rest
  if (summary.records == 0 && result.problem_count == 0) {
    result.problems.push_back({result.file, 0, "file", "the file holds no records"});
    result.problem_count = 1;
  } else if (result.type == "RMF" && result.problem_count == 0 &&
             !summary.by_record_type.count("POR") && !summary.by_record_type.count("POS")) {
    // A full file replaces the office's positions: one without any would delete them all.
    result.problems.push_back(
        {result.file, 0, "file",
         "an RMF with no POR or POS record would delete every position of the office"});
    result.problem_count = 1;
  }
  if (result.problem_count > 0 && (!line_isolation || summary.invalid_records == summary.records)) {
    std::string headline =
        fmt::format("{} problem(s) in {} of {} record(s); nothing applied", result.problem_count,
                    summary.invalid_records, summary.records);
    if (is_rmt(result.type) && !options.dry_run) return reject_with_rtc(headline, {});
    return reject(headline);
  }

  // Pass 2: apply in one transaction together with the ledger row.
  store::Transaction transaction(db_);
  ops::LedgerEntry entry;
  entry.name = result.file;
  entry.direction = "in";
  entry.type = result.type;
  entry.local_office = result.local_office;
  entry.business_date = business_date.iso();
  entry.sequence = static_cast<std::int64_t>(identity.name->sequence);
  entry.sha256 = sha;
  entry.size = size;
  entry.records = static_cast<std::int64_t>(summary.records);
  entry.outcome = "applied";
  if (result.problem_count > 0)
    entry.reason = fmt::format("{} line(s) rejected", summary.invalid_records);
  FileContext context{ledger.add(entry), result.file, result.type, result.local_office,
                      business_date};
  std::unique_ptr<RecordApplier> applier;
  if (is_rmt(result.type)) {
    applier = std::make_unique<RmtApplier>(db_, *identity.spec, context);
  } else {
    applier = make_confirmation_applier(db_, context);
  }
  ProblemCollector ignored_again(result);
  auto count_before = result.problem_count;
  auto problems_before = result.problems;
  dialect::ParseCallbacks apply;
  apply.on_problem = [&](const spec::Problem& problem) { ignored_again.add(problem); };
  apply.on_record = [&](const dialect::ParsedRecord& record) {
    applier->apply(record, ignored_again.take_line());
  };
  (void)dialect::parse_file(file, result.file, *identity.spec, schemas_, apply);
  result.problem_count = count_before;
  result.problems = std::move(problems_before);
  result.effects = applier->finish();
  if (auto* reporter = dynamic_cast<ConfirmationApplier*>(applier.get())) {
    auto keep = db_.prepare(
        "INSERT INTO unmatched_confirmations(file_id, line, field, message) VALUES (?1, ?2, ?3, "
        "?4)");
    for (auto& problem : reporter->unmatched()) {
      keep.bind(1, context.file_id)
          .bind(2, static_cast<std::int64_t>(problem.line))
          .bind(3, problem.field)
          .bind(4, problem.message);
      keep.run();
      ++result.problem_count;
      if (result.problems.size() < kept_problems) result.problems.push_back(problem);
    }
  }
  if (options.dry_run) {
    // The transaction's destructor rolls everything back.
    spdlog::info("file={} type={} office={} outcome=checked records={} dry_run=true {}",
                 result.file, result.type, result.local_office, result.records, result.effects);
    return finish(Outcome::checked);
  }
  ops::fault_point("inbound.before_commit");
  transaction.commit();
  ops::fault_point("inbound.after_commit");
  if (options.from_inbox) result.moved_to = ops::archive_file(dir_, file, business_date);
  auto done = finish(Outcome::applied);
  spdlog::info(
      "file={} type={} office={} outcome=applied records={} problems={} duration_ms={:.0f} {}",
      result.file, result.type, result.local_office, result.records, result.problem_count,
      done.seconds * 1000, result.effects);
  for (const auto& problem : result.problems) spdlog::warn("problem {}", spec::to_string(problem));
  return done;
}

std::vector<ProcessResult> InboundProcessor::collect(const ProcessOptions& options) {
  struct Candidate {
    std::filesystem::path path;
    std::optional<dialect::FileName> name;
  };
  std::vector<Candidate> candidates;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.inbox(), ec)) {
    auto filename = entry.path().filename().string();
    if (filename.starts_with(".")) continue;  // temporaries of a transfer in progress
    if (!entry.is_regular_file()) {
      // Left where it is (it may be a transfer agent's folder), but never silently.
      spdlog::warn("inbox_entry={} skipped=\"not a regular file\"", filename);
      continue;
    }
    candidates.push_back({entry.path(), dialect::FileName::parse(filename, nullptr)});
  }
  if (ec) throw std::filesystem::filesystem_error("cannot list inbox", dir_.inbox(), ec);
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.name.has_value() != b.name.has_value()) return a.name.has_value();
    if (a.name && b.name) {
      auto key = [](const dialect::FileName& n) { return std::tie(n.date, n.sequence); };
      if (key(*a.name) != key(*b.name)) return key(*a.name) < key(*b.name);
    }
    return a.path.filename() < b.path.filename();
  });
  std::vector<ProcessResult> results;
  auto per_file = options;
  per_file.from_inbox = true;
  for (const auto& candidate : candidates) results.push_back(process(candidate.path, per_file));
  return results;
}

}  // namespace esr::inbound
