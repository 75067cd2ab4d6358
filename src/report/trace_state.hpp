#pragma once
// `esrd trace` reads the state through TraceState: one row type per table it tells about, each
// read with the personal columns of a placement left out (only kShownColumns are ever shown).
// Private to src/jobs: every query of a trace is here; trace.cpp tells the story from the rows.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/spec/business_date.hpp"
#include "esr/state/applicant_state.hpp"
#include "esr/state/notification_state.hpp"
#include "esr/state/records.hpp"

namespace esr::report::trace_detail {

// A placement column a trace may show: the placement's own attributes and the person's id.
bool is_shown(std::string_view column);
/// The placement columns a trace may show, in the order it shows them.
std::span<const std::string_view> shown_columns();

struct FileRow {
  std::int64_t id = 0;
  std::string name, direction, type, office, business_date, outcome, reason, started_at;
  std::optional<std::int64_t> sequence, confirmed_by;
  std::int64_t records = 0;
};

struct PositionRow {
  std::int64_t id = 0;
  std::string office, deanery;
  bool deleted = false, matched = false;
  std::int64_t created_file = 0, changed_file = 0;
  state::Position view;  // with the POR and POS fields kept, for the checks
};

struct ApplicantRow {
  std::string placement_id;
  std::int64_t position_id = 0;
  std::string office, reason, generated_on;
  state::ApplicantState state = state::ApplicantState::to_export;
  std::optional<std::int64_t> export_file, export_ordinal, confirmed_file;
  std::string exported_at, esr_message, esr_message_type, applicant_number, created_at, updated_at;
  std::string warnings;    // what the record goes without ("Address left out: ..."), or empty
  bool held_back = false;  // past the per-position limit of one APP: goes in a later run
};

struct NotificationRow {
  std::string office, business_date, file_type, title, npn, placement_id, cause, esr_reason,
      created_at;
  state::NotificationState state = state::NotificationState::pending;
  std::optional<std::int64_t> position_id, export_file, export_ordinal, confirmed_file;
};

struct PlacementRow {
  std::string id, npn, office;
  bool present = false;
  std::optional<std::int64_t> first_file, last_file;
  std::optional<state::Placement> view;  // with its person; nullopt when its dates do not parse
};

struct Exclusion {
  std::string office, source, added_at;
};

struct TisEvent {
  std::int64_t id = 0, file_id = 0;
  std::string business_date, office, kind, subject, changes;
  std::optional<state::Placement> previous;  // a placement event's row before (no person)
  bool processed = false;
};

struct PostRow {
  std::string office, status;
  bool present = false;
  std::optional<std::int64_t> first_file;
};

// A line of an APC/DCC that matched nothing, as the state recorded it.
struct UnmatchedLine {
  std::int64_t line = 0;
  std::string field, message;
};

// A sent file (APP, DNC/DNF) and how many of its records one APC/DCC answered.
struct AnsweredFile {
  std::int64_t file_id = 0, records = 0;
};

// What an RMF/RMC did to the positions, as they stand now.
struct PositionCounts {
  std::int64_t created = 0, changed = 0, deleted = 0, rtc_failed = 0;
};

// Rolls back the read transaction that keeps every query of one trace on one snapshot.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(db::Database& db) : db_(db) { db_.exec("BEGIN DEFERRED"); }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;
  ~ReadSnapshot() {
    try {
      db_.exec("ROLLBACK");
    } catch (...) {  // nothing was written; the connection closes soon after
    }
  }

 private:
  db::Database& db_;
};

// The queries of one trace, all on one read snapshot taken when it is made, with the files it
// has read kept for the rest of it. `as_of` is the business date when no file says one.
class TraceState {
 public:
  TraceState(db::Database& db, spec::BusinessDate as_of) : db_(db), snapshot_(db), as_of_(as_of) {}

  const FileRow* file(std::optional<std::int64_t> id);

  std::string file_name(std::optional<std::int64_t> id);

  // The business date esrd was working on at `at`: that of the latest file recorded by then.
  std::string business_date_at(const std::string& at);

  std::optional<PlacementRow> placement(const std::string& id);

  std::vector<PlacementRow> placements_where(const char* where, const std::string& value);

  std::vector<PositionRow> positions_where(const char* where, const std::string& value);

  std::vector<ApplicantRow> applicants_where(const std::string& where, const std::string& value);

  std::vector<NotificationRow> notifications_where(const std::string& where,
                                                   const std::string& value);

  std::optional<Exclusion> exclusion(const std::string& placement_id);

  std::vector<TisEvent> tis_events(const std::string& subject, const char* kinds);

  std::optional<std::string> baseline_date(const std::string& office);

  // The line of an RMF/RMC that carried a position's POR (else POS) record, and its C/D flag.
  std::optional<std::pair<std::int64_t, std::string>> position_line(std::int64_t file_id,
                                                                    std::int64_t position_id);

  // The APC (or DCC) applied while `sent` was the latest APP (or DNC/DNF) of its office: the
  // file whose lines were matched against it (DESIGN §7).
  const FileRow* answer_to(const FileRow& sent, const char* answer_type, const char* sent_types);

  // The file an APC/DCC answered: the latest APP (DNC/DNF) of the office sent before it.
  const FileRow* answered_by(const FileRow& answer, const char* sent_types);

  // The sent files whose records an APC (table "applicants") or DCC ("notifications") answered,
  // as each record's confirmed_file_id says, oldest first, with how many records it answered in
  // each. Empty for a file applied before that was recorded, or whose lines matched nothing.
  std::vector<AnsweredFile> files_answered(std::int64_t answer_file_id, const char* table);

  // The ids of every file of this name, oldest first.
  std::vector<std::int64_t> files_named(const std::string& name);

  // The names of the RMF/RMC files an RTC confirmed.
  std::vector<std::string> confirmed_by(std::int64_t rtc_file_id);

  std::optional<PostRow> post(const std::string& npn);

  std::vector<UnmatchedLine> unmatched_lines(std::int64_t file_id);

  PositionCounts position_counts(std::int64_t rmt_file_id);

  // "N kind" for each kind of TIS event a TIS file gave, by kind.
  std::vector<std::string> tis_event_counts(std::int64_t file_id);

 private:
  static FileRow file_from(const db::Statement& row);
  static PlacementRow placement_from(const db::Statement& row);

  db::Database& db_;
  ReadSnapshot snapshot_;
  spec::BusinessDate as_of_;
  std::map<std::int64_t, FileRow> files_;
};

}  // namespace esr::report::trace_detail
