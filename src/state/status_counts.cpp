// The counts of `esrd status` (see status_counts.hpp). Read only.
#include "esr/state/status_counts.hpp"

#include <fmt/format.h>

#include <array>
#include <optional>
#include <string_view>

namespace esr::state {

namespace {

// The four numbers of the one row of `sql`; zeros when it has none.
std::array<std::int64_t, 4> four_counts(db::Database& db, std::string_view sql) {
  auto select = db.prepare(sql);
  std::array<std::int64_t, 4> counts{};
  if (select.step()) {
    for (int i = 0; i < 4; ++i) counts[static_cast<std::size_t>(i)] = select.column_int64(i);
  }
  return counts;
}

// The count of each state, from the (state text, count) rows of `sql`. The state columns' CHECKs
// admit no other text than the states' (migrations 7 and 8).
template <typename State>
std::map<State, std::int64_t> count_by_state(db::Database& db, std::string_view sql,
                                             std::optional<State> (*from_text)(std::string_view)) {
  auto select = db.prepare(sql);
  std::map<State, std::int64_t> counts;
  while (select.step()) {
    if (auto state = from_text(select.column_text(0))) counts[*state] = select.column_int64(1);
  }
  return counts;
}

}  // namespace

PositionCounts count_positions(db::Database& db) {
  auto [total, matched, unmatched, deleted] = four_counts(
      db,
      "SELECT count(*), coalesce(sum(deleted = 0 AND matched = 1), 0),"
      " coalesce(sum(deleted = 0 AND matched = 0), 0), coalesce(sum(deleted = 1), 0) FROM "
      "positions");
  return {total, matched, unmatched, deleted};
}

std::map<ApplicantState, std::int64_t> count_applicants(db::Database& db) {
  return count_by_state(db, "SELECT state, count(*) FROM applicants GROUP BY state",
                        &applicant_state_from_text);
}

std::int64_t count_applicants_with_warnings(db::Database& db) {
  auto select = db.prepare(fmt::format(
      "SELECT count(*) FROM applicants WHERE warnings IS NOT NULL AND state NOT IN ({})",
      sql_list({ApplicantState::invalid_data, ApplicantState::deleted_before_export})));
  return select.step() ? select.column_int64(0) : 0;
}

std::map<NotificationState, std::int64_t> count_notifications(db::Database& db) {
  return count_by_state(db, "SELECT state, count(*) FROM notifications GROUP BY state",
                        &notification_state_from_text);
}

FileCounts count_files(db::Database& db) {
  auto [received, quarantined, sent, pending] =
      four_counts(db,
                  "SELECT coalesce(sum(direction = 'in'), 0),"
                  " coalesce(sum(direction = 'in' AND outcome = 'quarantined'), 0),"
                  " coalesce(sum(direction = 'out' AND outcome = 'sent'), 0),"
                  " coalesce(sum(direction = 'out' AND outcome != 'sent'), 0) FROM files");
  return {received, quarantined, sent, pending};
}

std::map<std::string, LatestJobRun> latest_job_runs(db::Database& db) {
  auto select = db.prepare(
      "SELECT job, slot_key, coalesce(started_at, ''), coalesce(finished_at, ''), outcome"
      " FROM job_runs WHERE id IN (SELECT max(id) FROM job_runs GROUP BY job)");
  std::map<std::string, LatestJobRun> runs;
  while (select.step()) {
    LatestJobRun run{select.column_text(0), select.column_text(1), select.column_text(2),
                     select.column_text(3), select.column_text(4)};
    runs[run.job] = run;
  }
  return runs;
}

std::int64_t count_unmatched_confirmations(db::Database& db) {
  auto select = db.prepare("SELECT count(*) FROM unmatched_confirmations");
  return select.step() ? select.column_int64(0) : 0;
}

std::vector<spec::Problem> recent_unmatched_confirmations(db::Database& db, std::int64_t limit) {
  auto select = db.prepare(
      "SELECT f.name, u.line, u.field, u.message FROM unmatched_confirmations u"
      " JOIN files f ON f.id = u.file_id ORDER BY u.id DESC LIMIT ?1");
  select.bind(1, limit);
  std::vector<spec::Problem> lines;
  while (select.step()) {
    lines.push_back({select.column_text(0), static_cast<std::size_t>(select.column_int64(1)),
                     select.column_text(2), select.column_text(3)});
  }
  return lines;
}

}  // namespace esr::state
