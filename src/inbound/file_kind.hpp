#pragma once
// What each kind of inbound file plugs into the intake (intake.hpp): how its name is read, how it
// is validated and applied, and what its rejection records. Internal to inbound/.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "esr/db/transaction.hpp"
#include "esr/inbound/inbound_processor.hpp"
#include "esr/inbound/record_applier.hpp"
#include "esr/spec/business_date.hpp"
#include "esr/spec/problem.hpp"
#include "esr/state/ledger.hpp"

namespace esr::inbound {

/// Why a whole file is refused. `headline` is the ledger's reason and the log's; `cause` is set
/// when one problem with the file as a whole (its name) refuses it before its lines are read:
/// an RMT's RTC then gives it as the reason of every line.
struct Rejection {
  std::string headline;
  std::optional<spec::Problem> cause;
};

/// Pass 1's verdict on a file: refused, or to be applied with a remark for its ledger row.
struct Verdict {
  std::optional<Rejection> rejection;
  std::string ledger_note;  // "2 line(s) rejected" when a confirmation is applied without them
};

/// One kind of inbound file, for one file, created when its name has been recognised.
class FileKind {
 public:
  virtual ~FileKind() = default;

  /// Pass 1, before anything changes: reads the whole file and puts its problems and record
  /// count into `result`. A kind that checks while it applies (a TIS extract, streamed in one
  /// pass) refuses nothing here.
  [[nodiscard]] virtual Verdict validate(const std::filesystem::path& file,
                                         ProcessResult& result) = 0;

  /// Pass 2, inside `transaction`, which holds the file's ledger row (`context.file_id`): applies
  /// the file and sets `result.effects`. A rejection returned here is rolled back whole.
  [[nodiscard]] virtual std::optional<Rejection> apply(db::Transaction& transaction,
                                                       const std::filesystem::path& file,
                                                       const FileContext& context,
                                                       ProcessResult& result) = 0;

  /// Inside `transaction`, which records a rejection with its ledger row: what else must be kept
  /// of it (an RMT's RTC lines, all FAIL), read from the file where it still is. Nothing by
  /// default.
  virtual void record_rejection(db::Transaction& /*transaction*/,
                                const std::filesystem::path& /*file*/,
                                const FileContext& /*context*/, const Rejection& /*rejection*/) {}

  /// The rejection of a file whose name was applied before with other bytes.
  [[nodiscard]] virtual Rejection name_reused(const std::string& name,
                                              const state::LedgerEntry& previous) const = 0;
};

/// What a file's name says, as far as it could be read.
struct FileIdentity {
  std::string type;          // RMF, RMC, APC, DCC, TIS_POSTS, TIS_PLACEMENTS; empty if unknown
  std::string local_office;  // empty for a TIS extract (it spans offices) or if unknown
  std::optional<spec::BusinessDate> date;
  std::optional<std::int64_t> sequence;
};

/// A file's name read: its kind, or (exactly one of the two) why the name is refused.
struct Recognition {
  FileIdentity identity;
  std::unique_ptr<FileKind> kind;
  std::optional<Rejection> refusal;
};

/// The files of one naming scheme: ESR's DE_<LO>_<TYPE>_<YYYYMMDD>_<SEQ>.DAT, or TIS extracts.
class FileFamily {
 public:
  virtual ~FileFamily() = default;
  [[nodiscard]] virtual Recognition recognise(const std::string& name) const = 0;
  /// Whether the family's log lines name the local office (ESR's files each have one).
  [[nodiscard]] virtual bool names_an_office() const = 0;
};

/// How many problems a result keeps; every one is counted.
inline constexpr std::size_t kKeptProblems = 1000;

/// Counts `problem` in `result`, and keeps it while fewer than kKeptProblems are kept.
inline void note_problem(ProcessResult& result, spec::Problem problem) {
  ++result.problem_count;
  if (result.problems.size() < kKeptProblems) result.problems.push_back(std::move(problem));
}

}  // namespace esr::inbound
