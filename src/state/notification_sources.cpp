#include "esr/state/notification_sources.hpp"

#include <fmt/format.h>

#include "esr/state/applicant_state.hpp"

namespace esr::state {

namespace {

std::vector<Position> read_positions(db::Statement& select, std::string_view npn) {
  std::vector<Position> list;
  select.bind(1, npn);
  while (select.step()) list.push_back(position_from_row(select));
  select.reset();
  return list;
}

}  // namespace

NotificationSources::NotificationSources(db::Database& db)
    : post_placements_(db.prepare(fmt::format("SELECT {} FROM {} WHERE p.npn = ?1 AND p.present = 1"
                                              " ORDER BY p.rowid",
                                              placement_columns(), placement_source()))),
      live_positions_(db.prepare(fmt::format(
          "SELECT {} FROM positions WHERE deanery_number = ?1 AND deleted = 0 AND matched = 1"
          " ORDER BY position_id",
          position_columns()))),
      undeleted_positions_(db.prepare(
          fmt::format("SELECT {} FROM positions WHERE deanery_number = ?1 AND deleted = 0"
                      " ORDER BY position_id",
                      position_columns()))),
      live_post_of_(
          db.prepare("SELECT deanery_number FROM positions WHERE position_id = ?1 AND deleted = 0"
                     " AND matched = 1")),
      // Read here rather than in state/applicants: the applicants' dates as ESR was sent them.
      sent_(db.prepare(fmt::format(
          "SELECT start_date, end_date FROM applicants WHERE placement_id = ?1 AND position_id = "
          "?2 AND state IN ({}) ORDER BY id DESC LIMIT 1",
          sql_list({ApplicantState::exported, ApplicantState::exported_and_processed,
                    ApplicantState::exported_processed_with_errors})))),
      person_(db.prepare(
          fmt::format("SELECT {} FROM people q WHERE q.person_id = ?1", person_columns()))),
      placement_(
          db.prepare(fmt::format("SELECT {} FROM {} WHERE p.placement_id = ?1 AND p.present = 1",
                                 placement_columns(), placement_source()))),
      post_(db.prepare(
          "SELECT npn, local_office, status FROM tis_posts WHERE npn = ?1 AND present = 1")) {}

std::vector<Placement> NotificationSources::placements_of_post(std::string_view npn) {
  std::vector<Placement> list;
  post_placements_.bind(1, npn);
  while (post_placements_.step()) {
    if (auto placement = placement_from_row(post_placements_))
      list.push_back(std::move(*placement));
  }
  post_placements_.reset();
  return list;
}

std::vector<Position> NotificationSources::live_positions(std::string_view npn) {
  return read_positions(live_positions_, npn);
}

std::vector<Position> NotificationSources::undeleted_positions(std::string_view npn) {
  return read_positions(undeleted_positions_, npn);
}

std::optional<std::string> NotificationSources::live_post_of(std::int64_t position_id) {
  live_post_of_.bind(1, position_id);
  std::optional<std::string> npn;
  if (live_post_of_.step()) npn = live_post_of_.column_text(0);
  live_post_of_.reset();
  return npn;
}

std::optional<SentApplicantDates> NotificationSources::sent_applicant(std::string_view placement_id,
                                                                      std::int64_t position_id) {
  sent_.bind(1, placement_id).bind(2, position_id);
  std::optional<SentApplicantDates> sent;
  if (sent_.step()) sent = SentApplicantDates{sent_.column_text(0), sent_.column_text(1)};
  sent_.reset();
  return sent;
}

Person NotificationSources::person(std::string_view person_id) {
  person_.bind(1, person_id);
  Person found;
  if (person_.step()) found = person_from_row(person_);
  person_.reset();
  return found;
}

std::optional<Placement> NotificationSources::present_placement(std::string_view placement_id) {
  placement_.bind(1, placement_id);
  std::optional<Placement> found;
  if (placement_.step()) found = placement_from_row(placement_);
  placement_.reset();
  return found;
}

std::optional<TisPost> NotificationSources::present_post(std::string_view npn) {
  post_.bind(1, npn);
  std::optional<TisPost> found;
  if (post_.step())
    found = TisPost{post_.column_text(0), post_.column_text(1), post_.column_text(2)};
  post_.reset();
  return found;
}

void for_each_present_placement(db::Database& db,
                                const std::function<void(PlacementSpan&& placement)>& visit) {
  auto select = db.prepare(
      "SELECT placement_id, person_id, start_date, end_date, site_name, lifecycle,"
      " placement_type FROM tis_placements WHERE present = 1");
  while (select.step()) {
    auto start = spec::BusinessDate::from_iso(select.column_text(2));
    auto end = spec::BusinessDate::from_iso(select.column_text(3));
    if (!start || !end) continue;
    visit({select.column_text(0), select.column_text(1), *start, *end, select.column_text(4),
           select.column_text(5), select.column_text(6)});
  }
}

std::vector<Placement> placements_starting(db::Database& db, std::string_view office,
                                           const spec::BusinessDate& first,
                                           const spec::BusinessDate& last) {
  auto select =
      db.prepare(fmt::format("SELECT {} FROM {} WHERE p.present = 1 AND p.local_office = ?1"
                             " AND p.start_date BETWEEN ?2 AND ?3 ORDER BY p.npn, p.placement_id",
                             placement_columns(), placement_source()));
  select.bind(1, office).bind(2, first.iso()).bind(3, last.iso());
  std::vector<Placement> list;
  while (select.step()) {
    if (auto placement = placement_from_row(select)) list.push_back(std::move(*placement));
  }
  return list;
}

std::vector<PlacementTurn> placements_starting_or_ending(
    db::Database& db, std::string_view office,
    const std::pair<spec::BusinessDate, spec::BusinessDate>& starts,
    const std::pair<spec::BusinessDate, spec::BusinessDate>& ends) {
  auto select = db.prepare(
      "SELECT npn, start_date, end_date FROM tis_placements"
      " WHERE present = 1 AND local_office = ?1 AND (start_date BETWEEN ?2 AND ?3"
      " OR end_date BETWEEN ?4 AND ?5)");
  select.bind(1, office)
      .bind(2, starts.first.iso())
      .bind(3, starts.second.iso())
      .bind(4, ends.first.iso())
      .bind(5, ends.second.iso());
  std::vector<PlacementTurn> turns;
  while (select.step()) {
    turns.push_back({select.column_text(0), spec::BusinessDate::from_iso(select.column_text(1)),
                     spec::BusinessDate::from_iso(select.column_text(2))});
  }
  return turns;
}

std::vector<std::string> posts_with_live_positions(db::Database& db, std::string_view office) {
  auto select = db.prepare(
      "SELECT DISTINCT deanery_number FROM positions WHERE local_office = ?1 AND deleted = 0 "
      "AND matched = 1");
  select.bind(1, office);
  std::vector<std::string> npns;
  while (select.step()) npns.push_back(select.column_text(0));
  return npns;
}

std::vector<TisBaseline> tis_baselines(db::Database& db) {
  auto select =
      db.prepare("SELECT local_office, business_date FROM tis_baselines ORDER BY local_office");
  std::vector<TisBaseline> baselines;
  while (select.step()) baselines.push_back({select.column_text(0), select.column_text(1)});
  return baselines;
}

}  // namespace esr::state
