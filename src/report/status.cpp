#include "esr/report/status.hpp"

#include <vector>

#include "esr/state/applicant_state.hpp"
#include "esr/state/notification_state.hpp"
#include "esr/state/read_snapshot.hpp"
#include "esr/state/status_counts.hpp"

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

StatusCounts read_status(Database& db) {
  StatusCounts counts = empty_status();
  state::ReadSnapshot snapshot(db);
  auto positions = state::count_positions(db);
  counts.positions_total = positions.total;
  counts.positions_matched = positions.matched;
  counts.positions_unmatched = positions.unmatched;
  counts.positions_deleted = positions.deleted;
  for (const auto& [applicant_state, count] : state::count_applicants(db))
    counts.applicants[std::string(state::to_text(applicant_state))] = count;
  counts.applicants_with_warnings = state::count_applicants_with_warnings(db);
  for (const auto& [notification_state, count] : state::count_notifications(db))
    counts.notifications[std::string(state::to_text(notification_state))] = count;
  auto files = state::count_files(db);
  counts.files_received = files.received;
  counts.files_quarantined = files.quarantined;
  counts.files_sent = files.sent;
  counts.files_pending = files.pending;
  counts.last_runs = state::latest_job_runs(db);
  counts.confirmations_unmatched = state::count_unmatched_confirmations(db);
  counts.recent_unmatched = state::recent_unmatched_confirmations(db, recent_unmatched_listed);
  return counts;
}

}  // namespace esr::report
