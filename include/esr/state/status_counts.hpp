#pragma once
// How much the state holds of each thing, for `esrd status` (DESIGN §5): positions, applicants
// and notifications by state, files in and out, the latest run of each job, the confirmation
// lines that matched nothing. Read only; read them inside one ReadSnapshot
// (state/read_snapshot.hpp) so that they agree with each other.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/spec/problem.hpp"
#include "esr/state/applicant_state.hpp"
#include "esr/state/notification_state.hpp"

namespace esr::state {

/// The positions held: `total` counts every one, deleted ones included; matched and unmatched
/// count the live ones.
struct PositionCounts {
  std::int64_t total = 0, matched = 0, unmatched = 0, deleted = 0;
};
[[nodiscard]] PositionCounts count_positions(db::Database& db);

/// How many applicants are in each state; a state with none is absent.
[[nodiscard]] std::map<ApplicantState, std::int64_t> count_applicants(db::Database& db);

/// How many applicants sent or waiting go without a part of their record (warnings), the ones
/// INVALID_DATA or DELETED_BEFORE_EXPORT aside.
[[nodiscard]] std::int64_t count_applicants_with_warnings(db::Database& db);

/// How many notifications are in each state; a state with none is absent.
[[nodiscard]] std::map<NotificationState, std::int64_t> count_notifications(db::Database& db);

/// The files of the ledger: received (quarantined included), quarantined, sent, and written but
/// not yet sent (pending or publishing).
struct FileCounts {
  std::int64_t received = 0, quarantined = 0, sent = 0, pending = 0;
};
[[nodiscard]] FileCounts count_files(db::Database& db);

/// A job's latest run (job_runs); a time not recorded is "".
struct LatestJobRun {
  std::string job, slot_key, started_at, finished_at, outcome;
};
/// The latest run of each job that has run, by job.
[[nodiscard]] std::map<std::string, LatestJobRun> latest_job_runs(db::Database& db);

/// How many APC/DCC lines matched nothing (unmatched_confirmations).
[[nodiscard]] std::int64_t count_unmatched_confirmations(db::Database& db);

/// The latest `limit` of those lines, newest first, as FILE:LINE:FIELD: message (the messages
/// quote no personal value).
[[nodiscard]] std::vector<spec::Problem> recent_unmatched_confirmations(db::Database& db,
                                                                        std::int64_t limit);

}  // namespace esr::state
