#pragma once
// `esrd trace`: the story of a placement, post, position, person or file, told from the state
// alone, in time order, ending with what would have to change for it to go (docs/trace.md).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/spec/business_date.hpp"
#include "esr/spec/reference_lists.hpp"
#include "esr/spec/schema_registry.hpp"

namespace esr::report {

/// What the operator asked about.
enum class TraceBy { placement, npn, position, person, file };

[[nodiscard]] const char* to_string(TraceBy by);

struct TraceQuery {
  TraceBy by = TraceBy::placement;
  std::string value;         // the placement id, NPN, position id, person id or file name
  spec::BusinessDate date;   // "as of": the applicant window is computed for this day
  int window_min_days = 2;   // D + min <= start ...
  int window_max_days = 91;  // ... start < D + max
  int max_per_position = 40;
  // For the identifier and reference-list checks of placements and positions; skipped when null.
  const spec::SchemaRegistry* schemas = nullptr;
  const spec::ReferenceLists* references = nullptr;
};

/// One step of a story. Never carries a personal value: names, dates of birth, NI numbers,
/// addresses and contact details are never read into it.
struct TraceEvent {
  std::string date;          // the business date the step belongs to (YYYY-MM-DD)
  std::string at;            // when esrd recorded it (UTC, YYYY-MM-DDTHH:MM:SSZ); may be empty
  std::string kind;          // tis, position, exclusion, applicant, notification, file, esr
  std::string text;          // one plain sentence
  std::string file;          // the file it came in or went out in, when there is one
  std::int64_t ordinal = 0;  // the record's 1-based line in that file, 0 when none
  int rank = 0;  // orders steps recorded in the same second: arrived, TIS, made, sent, answered
};

/// Where one placement stands against one position of its post (or against none).
struct TraceOutcome {
  std::string placement_id;
  std::optional<std::int64_t> position_id;
  std::string state;   // the applicant state, or NO_APPLICANT
  std::string status;  // a few words: "loaded by ESR", "not sent", "held back", ...
  std::string reason;  // why, with the field, file and line where it helps
  std::string to_go;   // "To go: ..." or "Nothing has to change: ..."
  bool done = false;   // sent and loaded by ESR
};

/// One thing the story is about: a placement, a post, a position or a file.
struct TraceSubject {
  std::string kind;  // placement, post, position, file
  std::string id;
  std::vector<std::pair<std::string, std::string>> facts;  // non-personal attributes, in order
  std::vector<TraceEvent> events;                          // in time order
  std::vector<TraceOutcome> outcomes;
  std::string verdict;              // what this subject's final line says
  bool checked = false;             // the identifier and reference-list checks ran
  std::vector<std::string> checks;  // what they found: "FIELD: message"; never a personal value
};

struct TraceReport {
  TraceQuery query;
  bool found = false;  // the state holds something about what was asked
  std::string window;  // the applicant window of query.date, in words
  std::vector<TraceSubject> subjects;
  std::string verdict;  // the final line: what would have to change for it to go
};

/// Builds the story from the state (read only; no lock needed). Throws db::StoreError for
/// the database.
[[nodiscard]] TraceReport build_trace(db::Database& db, const TraceQuery& query);

/// The story as text for a person: a header per subject, one line per event, the outcomes, and
/// a last line starting "verdict: ".
[[nodiscard]] std::string format_trace_text(const TraceReport& report);

/// The story as one JSON object (for scripts): query, found, window, subjects (kind, id, facts,
/// events, outcomes, verdict) and verdict.
[[nodiscard]] std::string format_trace_json(const TraceReport& report);

}  // namespace esr::report
