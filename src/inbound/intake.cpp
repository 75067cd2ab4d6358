#include "intake.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "esr/db/transaction.hpp"
#include "esr/ops/file_moves.hpp"
#include "esr/state/file_outcome.hpp"
#include "esr/state/ledger.hpp"
#include "esr/util/fault_point.hpp"
#include "esr/util/sha256.hpp"

namespace esr::inbound {

namespace {

// The text of <name>.reason.txt beside a quarantined file.
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

// The ledger id of the latest rejection of these bytes under this name when quarantine/ holds
// fewer copies of them than the ledger records rejections: a crash came between that
// rejection's commit and its move. Counting keeps a file sent again after its rejection was
// filed away a new rejection, as it always was.
std::optional<std::int64_t> unmoved_rejection(db::Database& db, const ops::DataDir& dir,
                                              const std::string& name, const std::string& sha256) {
  auto recorded = state::rejections_of(db, name, sha256);
  if (recorded.count == 0 || recorded.count <= ops::count_quarantined_copies(dir, name, sha256))
    return std::nullopt;
  return recorded.latest_id;
}

// One file on its way through the steps of Intake::take.
class FileIntake {
 public:
  FileIntake(db::Database& db, const ops::DataDir& dir, const std::filesystem::path& file,
             const FileFamily& family, const ProcessOptions& options)
      : db_(db), dir_(dir), file_(file), family_(family), options_(options) {
    result_.file = file.filename().string();
  }

  ProcessResult run() {
    // Read where the file is, before anything moves it: the ledger keeps these bytes' checksum.
    sha256_ = util::sha256_hex(file_);
    size_ = static_cast<std::int64_t>(std::filesystem::file_size(file_));
    auto recognition = family_.recognise(result_.file);
    identity_ = std::move(recognition.identity);
    result_.type = identity_.type;
    result_.local_office = identity_.local_office;
    if (recognition.refusal) return reject(*recognition.refusal, nullptr);
    auto& kind = *recognition.kind;

    if (auto previous = state::last_applied(db_, result_.file)) {
      if (previous->sha256 != sha256_) {
        return reject(kind.name_reused(result_.file, *previous), &kind);
      }
      if (!options_.force) return already_applied(*previous);
    }

    auto verdict = kind.validate(file_, result_);
    if (verdict.rejection) return reject(*verdict.rejection, &kind);
    return apply(kind, verdict.ledger_note);
  }

 private:
  ProcessResult already_applied(const state::LedgerEntry& previous) {
    result_.records = static_cast<std::size_t>(previous.records);
    spdlog::info("{} outcome=already_applied ledger_id={}", subject(), previous.id);
    if (options_.from_inbox && !options_.dry_run) {
      result_.moved_to = ops::archive_file(dir_, file_, *business_date());
    }
    return finish(Outcome::already_applied);
  }

  ProcessResult apply(FileKind& kind, const std::string& ledger_note) {
    db::Transaction transaction(db_);
    auto entry = ledger_entry(state::FileOutcome::applied, ledger_note);
    entry.sequence = identity_.sequence;
    auto context = file_context(state::add_inbound(transaction, entry));
    if (auto rejection = kind.apply(transaction, file_, context, result_)) {
      transaction.rollback();
      return reject(*rejection, &kind);
    }
    state::finish_inbound(transaction, context.file_id, static_cast<std::int64_t>(result_.records));
    if (options_.dry_run) {
      // The transaction's destructor rolls everything back.
      auto checked = finish(Outcome::checked);
      spdlog::info("{} outcome=checked records={} dry_run=true {}", subject(), result_.records,
                   result_.effects);
      log_problems();
      return checked;
    }
    util::fault_point("inbound.before_commit");
    transaction.commit();
    util::fault_point("inbound.after_commit");
    if (options_.from_inbox) result_.moved_to = ops::archive_file(dir_, file_, *business_date());
    auto applied = finish(Outcome::applied);
    spdlog::info("{} outcome=applied records={} problems={} duration_ms={:.0f} {}", subject(),
                 result_.records, result_.problem_count, applied.seconds * 1000, result_.effects);
    log_problems();
    return applied;
  }

  // `kind` is null when the name was refused before the file's kind was known.
  ProcessResult reject(const Rejection& rejection, FileKind* kind) {
    if (rejection.cause) note_problem(result_, *rejection.cause);
    if (!options_.dry_run) {
      if (auto earlier = unmoved_rejection(db_, dir_, result_.file, sha256_)) {
        spdlog::warn("file={} recovery=quarantine_finished ledger_id={}", result_.file, *earlier);
      } else {
        record_rejection(rejection, kind);
      }
      result_.moved_to = ops::quarantine_file(dir_, file_, reason_text(result_, rejection.headline),
                                              options_.from_inbox);
    }
    auto rejected = finish(Outcome::rejected);
    spdlog::warn(
        "{} outcome=rejected records={} problems={} reason=\"{}\"{}", subject(), result_.records,
        result_.problem_count, rejection.headline,
        result_.moved_to.empty() ? "" : fmt::format(" quarantined={}", result_.moved_to.string()));
    log_problems();
    return rejected;
  }

  void record_rejection(const Rejection& rejection, FileKind* kind) {
    db::Transaction transaction(db_);
    auto file_id = state::add_inbound(
        transaction, ledger_entry(state::FileOutcome::quarantined, rejection.headline));
    if (kind != nullptr)
      kind->record_rejection(transaction, file_, file_context(file_id), rejection);
    transaction.commit();
    util::fault_point("inbound.after_reject_commit");
  }

  state::LedgerEntry ledger_entry(state::FileOutcome outcome, std::string reason) const {
    state::LedgerEntry entry;
    entry.name = result_.file;
    entry.type = result_.type.empty() ? "UNKNOWN" : result_.type;
    entry.local_office = result_.local_office;
    auto date = business_date();
    entry.business_date = date ? date->iso() : "";
    entry.sha256 = sha256_;
    entry.size = size_;
    entry.records = static_cast<std::int64_t>(result_.records);
    entry.outcome = outcome;
    entry.reason = std::move(reason);
    return entry;
  }

  // Only once the file's kind is known, and with it the date of its name.
  FileContext file_context(std::int64_t file_id) const {
    return {file_id, result_.file, result_.type, result_.local_office, *business_date()};
  }

  std::optional<spec::BusinessDate> business_date() const {
    return options_.date ? options_.date : identity_.date;
  }

  std::string subject() const {
    auto text = fmt::format("file={} type={}", result_.file, result_.type);
    if (family_.names_an_office()) text += fmt::format(" office={}", result_.local_office);
    return text;
  }

  void log_problems() const {
    for (const auto& problem : result_.problems) {
      spdlog::warn("problem {}", spec::to_string(problem));
    }
  }

  ProcessResult finish(Outcome outcome) {
    result_.outcome = outcome;
    result_.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    return result_;
  }

  db::Database& db_;
  const ops::DataDir& dir_;
  const std::filesystem::path& file_;
  const FileFamily& family_;
  const ProcessOptions& options_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  ProcessResult result_;
  FileIdentity identity_;
  std::string sha256_;
  std::int64_t size_ = 0;
};

}  // namespace

ProcessResult Intake::take(const std::filesystem::path& file, const FileFamily& family,
                           const ProcessOptions& options) {
  return FileIntake(db_, dir_, file, family, options).run();
}

}  // namespace esr::inbound
