#include "esr/outbound/applicants.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <map>
#include <set>
#include <stdexcept>

#include "esr/dialect/record_writer.hpp"
#include "esr/outbound/applicant_record.hpp"
#include "esr/outbound/office_export.hpp"
#include "esr/outbound/state_views.hpp"
#include "esr/rules/applicant_rule.hpp"
#include "esr/spec/identifiers.hpp"
#include "esr/spec/record_repair.hpp"
#include "esr/state/applicant_state.hpp"
#include "esr/state/state_schema.hpp"
#include "esr/util/utc_time.hpp"

namespace esr::outbound {

namespace {

// The applicants of one office (?1) waiting for the APP, with their position and placement, and
// the order the APP lists them in (the order of the index applicants_by_state: no sort).
constexpr std::string_view kWaitingFrom =
    "FROM applicants a JOIN positions pos ON pos.position_id = a.position_id"
    " JOIN tis_placements p ON p.placement_id = a.placement_id";
std::string waiting_where() {
  return fmt::format("WHERE a.state = {} AND a.local_office = ?1",
                     state::sql_list({state::ApplicantState::to_export}));
}
constexpr std::string_view kAppOrder = "a.position_id, a.start_date, a.placement_id";

using state::ApplicantState;
using state::sql_list;

// What an applicant's state text is in SQL: the CHECK'd value of applicants.state.
std::string text(ApplicantState state) { return std::string(state::to_text(state)); }

}  // namespace

GenerationCounts generate_applicants(db::Database& db, const spec::FileSpec& app_spec,
                                     const spec::BusinessDate& date, const ApplicantRules& rules) {
  GenerationCounts counts;
  const AppLayout layout(app_spec.records.front());
  auto now = util::utc_now_iso();
  const esr::rules::ApplicantWindow window(date, rules.window_min_days, rules.window_max_days);
  std::set<std::string> excluded;
  {
    auto select = db.prepare("SELECT placement_id FROM exclusions");
    while (select.step()) excluded.insert(select.column_text(0));
  }
  // Existing records that are not yet sent, to find the ones that no longer apply.
  std::map<std::pair<std::string, std::int64_t>, ApplicantState> unsent;
  {
    auto select = db.prepare(
        "SELECT placement_id, position_id, state FROM applicants WHERE state IN (?1, ?2)");
    select.bind(1, text(ApplicantState::to_export)).bind(2, text(ApplicantState::invalid_data));
    while (select.step()) {
      unsent[{select.column_text(0), select.column_int64(1)}] =
          *state::applicant_state_from_text(select.column_text(2));
    }
  }
  // A record not yet sent follows the placement; one sent is never changed.
  const auto unsent_states = sql_list({ApplicantState::to_export, ApplicantState::invalid_data,
                                       ApplicantState::deleted_before_export});
  auto upsert = db.prepare(fmt::format(
      "INSERT INTO applicants(placement_id, position_id, local_office, deanery_number, state,"
      " reason, effective_date, start_date, end_date, created_at, updated_at, warnings)"
      " VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, ''), ?7, ?8, ?9, ?10, ?10, nullif(?11, ''))"
      " ON CONFLICT(placement_id, position_id) DO UPDATE SET state = excluded.state,"
      " reason = excluded.reason, held_back = 0, deanery_number = excluded.deanery_number,"
      " effective_date = excluded.effective_date, start_date = excluded.start_date,"
      " end_date = excluded.end_date, local_office = excluded.local_office,"
      " updated_at = excluded.updated_at, warnings = excluded.warnings"
      " WHERE applicants.state IN ({})"
      " AND (applicants.state != excluded.state OR applicants.reason IS NOT excluded.reason"
      " OR applicants.warnings IS NOT excluded.warnings"
      " OR applicants.effective_date != excluded.effective_date"
      " OR applicants.start_date != excluded.start_date OR applicants.end_date != excluded.end_date"
      " OR applicants.deanery_number != excluded.deanery_number)",
      unsent_states));
  auto sent =
      db.prepare(fmt::format("SELECT 1 FROM applicants WHERE placement_id = ?1 AND position_id = ?2"
                             " AND state NOT IN ({})",
                             unsent_states));
  auto candidates = db.prepare(
      fmt::format("SELECT {}, {} FROM {} JOIN positions pos ON pos.deanery_number = p.npn"
                  " WHERE p.present = 1 AND pos.deleted = 0 AND pos.matched = 1"
                  " ORDER BY pos.position_id, p.placement_id",
                  position_columns("pos."), placement_columns(), placement_source()));
  while (candidates.step()) {
    auto position = position_from_row(candidates);
    auto placement_id = candidates.column_text(kPositionColumnCount);
    auto placement = placement_from_row(candidates, kPositionColumnCount);
    if (!placement) continue;
    // The applicant rule decides; the query above only narrows the rows it has to read.
    esr::rules::ExclusionFacts exclusion{excluded.count(placement_id) > 0, {}};
    auto blockers = esr::rules::applicant_blockers(placement_facts(*placement),
                                                   position_facts(position), window, exclusion);
    if (!blockers.empty()) {
      auto waiting = unsent.find({placement_id, position.id});
      bool still_goes = waiting != unsent.end() && waiting->second == ApplicantState::to_export &&
                        esr::rules::waiting_applicant_still_goes(blockers);
      if (!still_goes) continue;
    }
    sent.bind(1, placement_id).bind(2, position.id);
    bool already_sent = sent.step();
    sent.reset();
    if (already_sent) {
      // A changed placement updates its record only before export.
      ++counts.unchanged_sent;
      continue;
    }
    unsent.erase({placement_id, position.id});
    auto record = build_applicant_record(layout, *placement, position, date);
    auto state = record.verdict.usable() ? ApplicantState::to_export : ApplicantState::invalid_data;
    auto reason = fmt::format("{}", fmt::join(record.verdict.blocking, "; "));
    upsert.bind(1, placement_id)
        .bind(2, position.id)
        .bind(3, position.local_office)
        .bind(4, position.deanery_number)
        .bind(5, text(state))
        .bind(6, reason)
        .bind(7, date.iso())
        .bind(8, placement->start.iso())
        .bind(9, placement->end.iso())
        .bind(10, now)
        .bind(11, fmt::format("{}", fmt::join(record.warnings, "; ")));
    upsert.run();
    if (db.changes() > 0) {
      for (const auto& warning : record.warnings) {
        spdlog::warn("applicant placement={} position={} {}", placement_id, position.id, warning);
      }
      if (state == ApplicantState::invalid_data) {
        spdlog::warn("applicant placement={} position={} state=INVALID_DATA reason=\"{}\"",
                     placement_id, position.id, reason);
      }
    }
    ++(state == ApplicantState::to_export ? counts.to_export : counts.invalid);
  }
  // What was waiting but no longer applies: placement or position gone, or no longer eligible.
  auto withdraw = db.prepare(
      fmt::format("UPDATE applicants SET state = {}, reason = ?3, held_back = 0,"
                  " updated_at = ?4 WHERE placement_id = ?1 AND position_id = ?2 AND state IN ({})",
                  sql_list({ApplicantState::deleted_before_export}),
                  sql_list({ApplicantState::to_export, ApplicantState::invalid_data})));
  for (const auto& [key, state] : unsent) {
    withdraw.bind(1, key.first)
        .bind(2, key.second)
        .bind(
            3,
            "the placement or position went, or the placement is no longer eligible, before export")
        .bind(4, now);
    withdraw.run();
    ++counts.deleted_before_export;
  }
  return counts;
}

std::vector<Reserved> export_app(db::Database& db, Publisher& publisher,
                                 const spec::FileSpec& app_spec, const ExportScope& scope,
                                 const ApplicantRules& rules) {
  const AppLayout layout(app_spec.records.front());
  std::vector<std::string> offices;
  {
    auto select = db.prepare(
        fmt::format("SELECT DISTINCT local_office FROM applicants WHERE state = {} AND (?1 = '' OR "
                    "local_office = ?1)"
                    " ORDER BY local_office",
                    sql_list({ApplicantState::to_export})));
    select.bind(1, scope.local_office.value_or(""));
    while (select.step()) offices.push_back(select.column_text(0));
  }
  std::vector<Reserved> reserved;
  for (const auto& office : offices) {
    auto started = std::chrono::steady_clock::now();
    std::int64_t written = 0;
    std::int64_t held = 0;
    auto fill = [&](OutboundFile& file) {
      std::map<std::int64_t, int> per_position;
      // Every waiting applicant is judged again below: one held back by an earlier run may go now.
      auto unhold = db.prepare(fmt::format(
          "UPDATE applicants SET held_back = 0 WHERE state = {} AND local_office = ?1 AND "
          "held_back = 1",
          sql_list({ApplicantState::to_export})));
      unhold.bind(1, office);
      unhold.run();
      // The record is built again from the state's columns, as the generator built it in this
      // run; one that no longer passes the schema (the state changed in between) is held.
      auto select = db.prepare(fmt::format(
          "SELECT a.id, a.effective_date, {}, {} {} {} {} ORDER BY {}", position_columns("pos."),
          placement_columns(), kWaitingFrom, person_join(), waiting_where(), kAppOrder));
      select.bind(1, office);
      auto hold = db.prepare("UPDATE applicants SET reason = ?2, held_back = 1 WHERE id = ?1");
      auto invalid = db.prepare(fmt::format(
          "UPDATE applicants SET state = {}, reason = ?2, updated_at = ?3 WHERE id = ?1",
          sql_list({ApplicantState::invalid_data})));
      constexpr int kFirst = 2;
      while (select.step()) {
        auto id = select.column_int64(0);
        auto position = position_from_row(select, kFirst);
        if (++per_position[position.id] > rules.max_per_position) {
          hold.bind(1, id).bind(2, fmt::format("more than {} applicants against position {} in one"
                                               " APP file; sent in a later run",
                                               rules.max_per_position, position.id));
          hold.run();
          ++held;
          continue;
        }
        auto placement = placement_from_row(select, kFirst + kPositionColumnCount);
        auto date = spec::BusinessDate::from_iso(select.column_text(1));
        auto record =
            placement && date
                ? build_applicant_record(layout, *placement, position, *date)
                : ApplicantRecord{{}, {{"the placement's or the record's dates"}, {}}, {}};
        if (!record.verdict.usable()) {
          auto reason = fmt::format("{}", fmt::join(record.verdict.blocking, "; "));
          invalid.bind(1, id).bind(2, reason).bind(3, util::utc_now_iso());
          invalid.run();
          spdlog::warn("applicant id={} position={} state=INVALID_DATA at export reason=\"{}\"", id,
                       position.id, reason);
          continue;
        }
        dialect::append_record(file.content, layout.record, record.values);
        file.content += scope.line_endings.app;
        ++written;
      }
      if (held > 0) {
        spdlog::warn(
            "file_type=APP office={} held_back={} reason=\"more than {} applicants against one "
            "position\"",
            office, held, rules.max_per_position);
      }
      file.records = written;
      return written > 0;
    };
    // What is still waiting and not held back is what was written (the held and the invalid were
    // updated above), in the file's order: one statement marks them all with their line number.
    auto mark = [&](const Reserved& app) {
      auto update = db.prepare(fmt::format(
          "UPDATE applicants SET state = {}, export_file_id = ?2, export_ordinal = w.line,"
          " exported_at = ?3, reason = NULL FROM (SELECT a.id, row_number() OVER (ORDER BY {}) AS "
          "line {} {} AND a.held_back = 0) w WHERE applicants.id = w.id",
          sql_list({ApplicantState::exported}), kAppOrder, kWaitingFrom, waiting_where()));
      update.bind(1, office).bind(2, app.file_id).bind(3, util::utc_now_iso());
      update.run();
      if (db.changes() != written) {
        throw std::logic_error(
            fmt::format("APP of {}: {} applicant(s) written but {} marked exported", office,
                        written, db.changes()));
      }
    };
    auto app = export_office_file(db, publisher, {"APP", office, scope.date, {}, 0}, fill, mark);
    if (!app) continue;
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    spdlog::info("file={} type=APP office={} applicants={} held_back={} duration_ms={}", app->name,
                 office, written, held, took.count());
    reserved.push_back(*app);
  }
  return reserved;
}

}  // namespace esr::outbound
