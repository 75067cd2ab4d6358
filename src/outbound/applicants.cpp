#include "esr/outbound/applicants.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <map>
#include <set>

#include "esr/dialect/record_writer.hpp"
#include "esr/ops/fault_point.hpp"
#include "esr/outbound/state_views.hpp"
#include "esr/rules/applicant_rule.hpp"
#include "esr/spec/identifiers.hpp"
#include "esr/spec/record_repair.hpp"
#include "esr/store/json_text.hpp"
#include "esr/store/state_schema.hpp"
#include "esr/store/transaction.hpp"

namespace esr::outbound {

namespace {

std::string compact_date(const std::string& iso) {
  auto date = spec::BusinessDate::from_iso(iso);
  return date ? date->compact() : std::string();
}

// The 47 APP values of one applicant (docs/applicant-mapping.md). Warnings name the placement
// and the field only, never the value.
std::vector<std::string> app_values(const Placement& p, const Position& position,
                                    const spec::BusinessDate& date,
                                    std::vector<std::string>& warnings) {
  const Person& q = p.person;
  std::vector<std::string> v(47);
  v[0] = "DA";
  v[3] = position.deanery_number;
  v[4] = date.compact();
  v[5] = q.email;
  v[6] = p.last_name();
  v[7] = p.first_name();
  v[8] = q.middle_names;
  v[9] = q.title;
  v[10] = compact_date(q.date_of_birth);
  // The extract's closed list (M, F, U) is stored in its listed spelling; U is null (unknown).
  auto gender = q.gender;
  v[11] = (gender == "M" || gender == "F") ? gender : std::string();
  if (!q.address1.empty()) {  // ESR ignores the address without its first line
    v[12] = q.address1;
    v[13] = q.address2;
    v[14] = q.address3;
    v[15] = q.town;
    v[16] = q.county;
    v[17] = q.postcode;
    v[18] = q.country;
  }
  v[19] = q.home_tel;
  v[20] = q.mobile_tel;
  v[21] = q.ethnic_origin;
  if (auto gmc = spec::normalise_gmc(q.gmc_number)) {
    v[22] = "GMC";
    v[23] = *gmc;
    v[24] = compact_date(q.gmc_expiry_date);
  } else if (!q.gmc_number.empty()) {
    warnings.push_back("gmc_number is not 7 digits: left out");
  }
  if (auto gdc = spec::normalise_gdc(q.gdc_number)) {
    v[25] = "GDC";
    v[26] = *gdc;
    v[27] = compact_date(q.gdc_expiry_date);
  } else if (!q.gdc_number.empty()) {
    warnings.push_back("gdc_number is not numeric: left out");
  }
  v[28] = q.sexual_orientation;
  v[29] = q.religious_belief;
  v[30] = "APP";
  v[31] = q.nationality;
  v[32] = q.ntn;
  if (auto ni = spec::normalise_ni_number(q.ni_number)) {
    v[33] = *ni;
  } else if (!q.ni_number.empty()) {
    warnings.push_back("ni_number fails the XX999999Y rule: left out");
  }
  v[34] = std::to_string(position.id);
  v[35] = position.number;
  v[36] = q.disability;
  v[37] = p.start.compact();
  v[38] = p.end.compact();
  v[39] = q.marital_status;
  v[40] = q.previous_surname;
  v[41] = q.country_of_birth;
  return v;
}

}  // namespace

GenerationCounts generate_applicants(store::Database& db, const spec::FileSpec& app_spec,
                                     const spec::BusinessDate& date, const ApplicantRules& rules) {
  GenerationCounts counts;
  const auto& record_spec = app_spec.records.front();
  auto now = store::utc_now_iso();
  const esr::rules::ApplicantWindow window(date, rules.window_min_days, rules.window_max_days);
  std::set<std::string> excluded;
  {
    auto select = db.prepare("SELECT placement_id FROM exclusions");
    while (select.step()) excluded.insert(select.column_text(0));
  }
  // Existing records that are not yet sent, to find the ones that no longer apply.
  std::map<std::pair<std::string, std::int64_t>, std::string> unsent;
  {
    auto select = db.prepare(
        "SELECT placement_id, position_id, state FROM applicants WHERE state IN ('TO_EXPORT', "
        "'INVALID_DATA')");
    while (select.step())
      unsent[{select.column_text(0), select.column_int64(1)}] = select.column_text(2);
  }
  auto upsert = db.prepare(
      "INSERT INTO applicants(placement_id, position_id, local_office, state, reason, fields, "
      "start_date, created_at, updated_at, warnings)"
      " VALUES (?1, ?2, ?3, ?4, nullif(?5, ''), ?6, ?7, ?8, ?8, nullif(?9, ''))"
      " ON CONFLICT(placement_id, position_id) DO UPDATE SET state = excluded.state,"
      " reason = excluded.reason, fields = excluded.fields, start_date = excluded.start_date,"
      " local_office = excluded.local_office, updated_at = excluded.updated_at,"
      " warnings = excluded.warnings"
      " WHERE applicants.state IN ('TO_EXPORT', 'INVALID_DATA', 'DELETED_BEFORE_EXPORT')"
      " AND (applicants.fields != excluded.fields OR applicants.state != excluded.state"
      " OR applicants.warnings IS NOT excluded.warnings)");
  auto sent = db.prepare(
      "SELECT 1 FROM applicants WHERE placement_id = ?1 AND position_id = ?2"
      " AND state NOT IN ('TO_EXPORT', 'INVALID_DATA', 'DELETED_BEFORE_EXPORT')");
  auto candidates = db.prepare(
      fmt::format("SELECT {}, {} FROM {} JOIN positions pos ON pos.deanery_number = p.npn"
                  " WHERE p.present = 1 AND pos.deleted = 0 AND pos.matched = 1"
                  " ORDER BY pos.position_id, p.placement_id",
                  position_columns("pos."), placement_columns(), placement_source()));
  std::vector<std::string_view> views;
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
      bool still_goes = waiting != unsent.end() && waiting->second == "TO_EXPORT" &&
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
    std::vector<std::string> warnings;
    auto values = app_values(*placement, position, date, warnings);
    // An incomplete optional part (a GMC number without its expiry date, an address without its
    // country) is left out with a warning; only what makes the record unusable holds it back.
    auto verdict = spec::check_and_repair(record_spec, values);
    warnings.insert(warnings.end(), verdict.left_out.begin(), verdict.left_out.end());
    std::string state = verdict.usable() ? "TO_EXPORT" : "INVALID_DATA";
    auto reason = fmt::format("{}", fmt::join(verdict.blocking, "; "));
    views.assign(values.begin(), values.end());
    upsert.bind(1, placement_id)
        .bind(2, position.id)
        .bind(3, position.local_office)
        .bind(4, state)
        .bind(5, reason)
        .bind(6, store::to_json_array(views))
        .bind(7, placement->start.iso())
        .bind(8, now)
        .bind(9, fmt::format("{}", fmt::join(warnings, "; ")));
    upsert.run();
    if (db.changes() > 0) {
      for (const auto& warning : warnings) {
        spdlog::warn("applicant placement={} position={} {}", placement_id, position.id, warning);
      }
      if (state == "INVALID_DATA") {
        spdlog::warn("applicant placement={} position={} state=INVALID_DATA reason=\"{}\"",
                     placement_id, position.id, reason);
      }
    }
    ++(state == "TO_EXPORT" ? counts.to_export : counts.invalid);
  }
  // What was waiting but no longer applies: placement or position gone, or no longer eligible.
  auto withdraw = db.prepare(
      "UPDATE applicants SET state = 'DELETED_BEFORE_EXPORT', reason = ?3, updated_at = ?4"
      " WHERE placement_id = ?1 AND position_id = ?2 AND state IN ('TO_EXPORT', 'INVALID_DATA')");
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

std::vector<Reserved> export_app(store::Database& db, Publisher& publisher,
                                 const spec::FileSpec& app_spec, const ExportScope& scope,
                                 const ApplicantRules& rules) {
  const auto& record_spec = app_spec.records.front();
  std::vector<std::string> offices;
  {
    auto select = db.prepare(
        "SELECT DISTINCT local_office FROM applicants WHERE state = 'TO_EXPORT' AND (?1 = '' OR "
        "local_office = ?1)"
        " ORDER BY local_office");
    select.bind(1, scope.local_office.value_or(""));
    while (select.step()) offices.push_back(select.column_text(0));
  }
  std::vector<Reserved> reserved;
  for (const auto& office : offices) {
    auto started = std::chrono::steady_clock::now();
    store::Transaction transaction(db);
    OutboundFile file{"APP", office, scope.date, {}, 0};
    std::vector<std::int64_t> ids;
    std::map<std::int64_t, int> per_position;
    std::int64_t held = 0;
    auto select = db.prepare(
        "SELECT id, position_id, fields FROM applicants WHERE state = 'TO_EXPORT' AND local_office "
        "= ?1"
        " ORDER BY position_id, start_date, placement_id");
    select.bind(1, office);
    auto hold = db.prepare("UPDATE applicants SET reason = ?2 WHERE id = ?1");
    std::vector<std::string> values;
    while (select.step()) {
      auto id = select.column_int64(0);
      auto position = select.column_int64(1);
      if (++per_position[position] > rules.max_per_position) {
        hold.bind(1, id).bind(
            2, fmt::format("{}more than {} applicants against position {} in one APP file;"
                           " sent in a later run",
                           kHeldBack, rules.max_per_position, position));
        hold.run();
        ++held;
        continue;
      }
      if (!store::from_json_array(select.column_text(2), values)) continue;
      dialect::append_record(file.content, record_spec, values);
      file.content += scope.line_endings.app;
      ids.push_back(id);
    }
    if (held > 0) {
      spdlog::warn(
          "file_type=APP office={} held_back={} reason=\"more than {} applicants against one "
          "position\"",
          office, held, rules.max_per_position);
    }
    if (ids.empty()) continue;
    file.records = static_cast<std::int64_t>(ids.size());
    auto app = publisher.reserve(file);
    auto mark = db.prepare(
        "UPDATE applicants SET state = 'EXPORTED', export_file_id = ?2, export_ordinal = ?3, "
        "exported_at = ?4,"
        " reason = NULL WHERE id = ?1 AND state = 'TO_EXPORT'");
    auto now = store::utc_now_iso();
    for (std::size_t i = 0; i < ids.size(); ++i) {
      mark.bind(1, ids[i])
          .bind(2, app.file_id)
          .bind(3, static_cast<std::int64_t>(i + 1))
          .bind(4, now);
      mark.run();
    }
    ops::fault_point("app.before_commit");
    transaction.commit();
    ops::fault_point("app.after_commit");
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    spdlog::info("file={} type=APP office={} applicants={} held_back={} duration_ms={}", app.name,
                 office, ids.size(), held, took.count());
    reserved.push_back(app);
  }
  return reserved;
}

}  // namespace esr::outbound
