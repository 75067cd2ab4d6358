#pragma once
// What the state says happened to the files of the ledger, for `esrd trace`: each file as
// recorded, what an RMF/RMC or a TIS extract did, which files a confirmation answered and which of
// its lines matched nothing. Read only; the subjects' side is state/subject_history.hpp.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/spec/business_date.hpp"

namespace esr::state {

/// A file of the ledger (the files table), in or out, as a trace tells of it.
struct LedgerFile {
  std::int64_t id = 0;
  std::string name, direction, type;
  std::string office;         // "" when the ledger names none
  std::string business_date;  // the name's date for a file quarantined without one
  std::string outcome, reason, started_at;
  std::optional<std::int64_t> sequence;
  std::optional<std::int64_t> confirmed_by;  // an RMF/RMC: the RTC that confirmed it
  std::int64_t records = 0;
};

/// The records esrd sends ESR and ESR answers: applicants in an APP, answered by an APC;
/// notifications in a DNC or DNF, answered by a DCC.
enum class Exchange { applicants, notifications };

/// A sent file (APP, DNC/DNF) and how many of its records one APC/DCC answered.
struct AnsweredFile {
  std::int64_t file_id = 0, records = 0;
};

/// A line of an APC/DCC that matched nothing, as the state recorded it.
struct UnmatchedLine {
  std::int64_t line = 0;
  std::string field, message;
};

/// What an RMF/RMC did to the positions, as they stand now, and its RTC lines that FAIL.
struct PositionChanges {
  std::int64_t created = 0, changed = 0, deleted = 0, rtc_failed = 0;
};

/// The line of an RMF/RMC that carried a position's record, and the record's C/D flag.
struct PositionLine {
  std::int64_t ordinal = 0;
  std::string indicator;  // "C", "D", or "" when the record has no fourth field
};

/// The ledger's reads of one trace, the files read kept for the rest of it. Make it inside a
/// ReadSnapshot (state/read_snapshot.hpp) so that every read sees one state.
class FileHistory {
 public:
  /// `as_of` is the business date when no file says one.
  FileHistory(db::Database& db, spec::BusinessDate as_of) : db_(db), as_of_(as_of) {}

  /// The file of this ledger id, or nullptr when there is none (or no id).
  [[nodiscard]] const LedgerFile* file(std::optional<std::int64_t> id);

  /// The name of file(id), or "(unknown file)".
  [[nodiscard]] std::string file_name(std::optional<std::int64_t> id);

  /// The ids of every file of this name, oldest first.
  [[nodiscard]] std::vector<std::int64_t> files_named(const std::string& name);

  /// The business date esrd was working on at `at`: that of the latest file recorded by then,
  /// else `as_of`.
  [[nodiscard]] std::string business_date_at(const std::string& at);

  /// The APC (or DCC) applied while `sent` was the latest APP (or DNC/DNF) of its office: the
  /// file whose lines were matched against it (DESIGN §7).
  [[nodiscard]] const LedgerFile* answer_to(const LedgerFile& sent, Exchange exchange);

  /// The file an APC/DCC answered: the latest APP (DNC/DNF) of the office sent before it.
  [[nodiscard]] const LedgerFile* answered_by(const LedgerFile& answer, Exchange exchange);

  /// The sent files whose records APC/DCC `answer_file_id` answered, as each record's
  /// confirmed_file_id says, oldest first, with how many records it answered in each. Empty for
  /// a file applied before that was recorded, or whose lines matched nothing.
  [[nodiscard]] std::vector<AnsweredFile> files_answered(std::int64_t answer_file_id,
                                                         Exchange exchange);

  /// The lines of APC/DCC `file_id` that matched nothing, in line order.
  [[nodiscard]] std::vector<UnmatchedLine> unmatched_lines(std::int64_t file_id);

  /// The names of the RMF/RMC files RTC `rtc_file_id` confirmed.
  [[nodiscard]] std::vector<std::string> confirmed_by(std::int64_t rtc_file_id);

  /// What RMF/RMC `rmt_file_id` did to the positions.
  [[nodiscard]] PositionChanges position_changes(std::int64_t rmt_file_id);

  /// The first line of RMF/RMC `file_id` that carried a POR or POS of position `position_id`
  /// (as its RTC lines keep the records); nullopt when none did.
  [[nodiscard]] std::optional<PositionLine> position_line(std::int64_t file_id,
                                                          std::int64_t position_id);

  /// "N kind" for each kind of TIS event TIS extract `file_id` gave, by kind.
  [[nodiscard]] std::vector<std::string> tis_event_counts(std::int64_t file_id);

 private:
  db::Database& db_;
  spec::BusinessDate as_of_;
  std::map<std::int64_t, LedgerFile> files_;
};

}  // namespace esr::state
