#include "esr/report/status.hpp"

#include <fmt/format.h>

#include <vector>

#include "esr/state/applicant_state.hpp"
#include "esr/state/notification_state.hpp"

namespace esr::report {

using db::Database;

const std::vector<std::string>& applicant_states() {
  static const std::vector<std::string> states = [] {
    std::vector<std::string> out;
    for (const auto& [state, text] : state::kApplicantStates) out.emplace_back(text);
    return out;
  }();
  return states;
}

StatusCounts empty_status() {
  StatusCounts counts;
  for (const auto& state : applicant_states()) counts.applicants[state] = 0;
  for (const auto& [state, text] : state::kNotificationStates)
    counts.notifications[std::string(text)] = 0;
  return counts;
}

namespace {

void read_unmatched_confirmations(Database& db, StatusCounts& counts) {
  auto total = db.prepare("SELECT count(*) FROM unmatched_confirmations");
  if (total.step()) counts.confirmations_unmatched = total.column_int64(0);
  auto recent = db.prepare(
      "SELECT f.name, u.line, u.field, u.message FROM unmatched_confirmations u"
      " JOIN files f ON f.id = u.file_id ORDER BY u.id DESC LIMIT ?1");
  recent.bind(1, recent_unmatched_listed);
  while (recent.step()) {
    counts.recent_unmatched.push_back({recent.column_text(0),
                                       static_cast<std::size_t>(recent.column_int64(1)),
                                       recent.column_text(2), recent.column_text(3)});
  }
}

}  // namespace

StatusCounts read_status(Database& db) {
  StatusCounts counts = empty_status();
  db.exec("BEGIN");
  try {
    auto positions = db.prepare(
        "SELECT count(*), coalesce(sum(deleted = 0 AND matched = 1), 0),"
        " coalesce(sum(deleted = 0 AND matched = 0), 0), coalesce(sum(deleted = 1), 0) FROM "
        "positions");
    if (positions.step()) {
      counts.positions_total = positions.column_int64(0);
      counts.positions_matched = positions.column_int64(1);
      counts.positions_unmatched = positions.column_int64(2);
      counts.positions_deleted = positions.column_int64(3);
    }
    auto applicants = db.prepare("SELECT state, count(*) FROM applicants GROUP BY state");
    while (applicants.step())
      counts.applicants[applicants.column_text(0)] = applicants.column_int64(1);
    auto warned = db.prepare(fmt::format(
        "SELECT count(*) FROM applicants WHERE warnings IS NOT NULL AND state NOT IN ({})",
        state::sql_list(
            {state::ApplicantState::invalid_data, state::ApplicantState::deleted_before_export})));
    if (warned.step()) counts.applicants_with_warnings = warned.column_int64(0);
    auto notifications = db.prepare("SELECT state, count(*) FROM notifications GROUP BY state");
    while (notifications.step()) {
      counts.notifications[notifications.column_text(0)] = notifications.column_int64(1);
    }
    auto files = db.prepare(
        "SELECT coalesce(sum(direction = 'in'), 0),"
        " coalesce(sum(direction = 'in' AND outcome = 'quarantined'), 0),"
        " coalesce(sum(direction = 'out' AND outcome = 'sent'), 0),"
        " coalesce(sum(direction = 'out' AND outcome != 'sent'), 0) FROM files");
    if (files.step()) {
      counts.files_received = files.column_int64(0);
      counts.files_quarantined = files.column_int64(1);
      counts.files_sent = files.column_int64(2);
      counts.files_pending = files.column_int64(3);
    }
    auto runs = db.prepare(
        "SELECT job, slot_key, coalesce(started_at, ''), coalesce(finished_at, ''), outcome"
        " FROM job_runs WHERE id IN (SELECT max(id) FROM job_runs GROUP BY job)");
    while (runs.step()) {
      StatusCounts::LastRun run{runs.column_text(0), runs.column_text(1), runs.column_text(2),
                                runs.column_text(3), runs.column_text(4)};
      counts.last_runs[run.job] = run;
    }
    read_unmatched_confirmations(db, counts);
  } catch (...) {
    db.exec("ROLLBACK");
    throw;
  }
  db.exec("COMMIT");
  return counts;
}

}  // namespace esr::report
