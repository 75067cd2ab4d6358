#pragma once
// Counts of what the state holds, for `esrd status` (DESIGN §5).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/spec/problem.hpp"
#include "esr/state/status_counts.hpp"

namespace esr::report {

struct StatusCounts {
  // positions.total counts every position held, deleted ones included.
  std::int64_t positions_total = 0, positions_matched = 0, positions_unmatched = 0,
               positions_deleted = 0;
  std::map<std::string, std::int64_t> applicants;  // every state, zero when none
  // Applicants sent or waiting without a part of the record (a group left out): not a state.
  std::int64_t applicants_with_warnings = 0;
  std::map<std::string, std::int64_t> notifications;  // pending, exported, confirmed, failed
  std::int64_t files_received = 0, files_quarantined = 0, files_sent = 0, files_pending = 0;
  using LastRun = state::LatestJobRun;
  std::map<std::string, LastRun> last_runs;  // by job
  // APC/DCC lines that confirmed nothing (unmatched_confirmations), and the latest of them,
  // newest first, as FILE:LINE:FIELD: message (the messages quote no personal value).
  std::int64_t confirmations_unmatched = 0;
  std::vector<spec::Problem> recent_unmatched;
};

/// How many unmatched confirmation lines read_status lists in recent_unmatched.
inline constexpr std::int64_t recent_unmatched_listed = 10;

/// Every key at zero: what `status` reports before anything has run.
[[nodiscard]] StatusCounts empty_status();

/// Reads the counts in one read transaction, so they agree with each other.
[[nodiscard]] StatusCounts read_status(db::Database& db);

/// The applicant states, in lifecycle order.
[[nodiscard]] const std::vector<std::string>& applicant_states();

}  // namespace esr::report
