#include "esr/outbound/applicants.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>

#include "esr/db/transaction.hpp"
#include "esr/dialect/record_writer.hpp"
#include "esr/outbound/applicant_record.hpp"
#include "esr/outbound/office_export.hpp"
#include "esr/outbound/rule_facts.hpp"
#include "esr/rules/applicant_rule.hpp"
#include "esr/rules/applicants_per_position.hpp"
#include "esr/spec/identifiers.hpp"
#include "esr/spec/record_repair.hpp"
#include "esr/state/applicants.hpp"
#include "esr/state/exclusions.hpp"
#include "esr/util/utc_time.hpp"

namespace esr::outbound {

using state::ApplicantState;

GenerationCounts generate_applicants(db::Transaction& tx, const spec::FileSpec& app_spec,
                                     const spec::BusinessDate& date, const ApplicantRules& rules) {
  auto& db = tx.database();
  GenerationCounts counts;
  const AppLayout layout(app_spec.records.front());
  auto now = util::utc_now_iso();
  const esr::rules::ApplicantWindow window(date, rules.window_min_days, rules.window_max_days);
  auto excluded = state::excluded_placements(db);
  // Existing records that are not yet sent, to find the ones that no longer apply.
  auto unsent = state::unsent_applicants(db);
  // A record not yet sent follows the placement; one sent is never changed.
  state::ApplicantGeneration applicants(tx);
  state::ApplicantCandidates candidates(db);
  while (candidates.next()) {
    auto [position, placement_id, placement] = candidates.candidate();
    if (!placement) continue;
    // The applicant rule decides; the candidates only narrow the rows it has to read.
    esr::rules::ExclusionFacts exclusion{excluded.count(placement_id) > 0, {}};
    auto blockers = esr::rules::applicant_blockers(placement_facts(*placement),
                                                   position_facts(position), window, exclusion);
    const state::ApplicantKey key{placement_id, position.id};
    if (!blockers.empty()) {
      auto waiting = unsent.find(key);
      bool still_goes = waiting != unsent.end() && waiting->second == ApplicantState::to_export &&
                        esr::rules::waiting_applicant_still_goes(blockers);
      if (!still_goes) continue;
    }
    if (applicants.was_sent(key)) {
      // A changed placement updates its record only before export.
      ++counts.unchanged_sent;
      continue;
    }
    unsent.erase(key);
    auto record = build_applicant_record(layout, *placement, position, date);
    auto state = record.verdict.usable() ? ApplicantState::to_export : ApplicantState::invalid_data;
    auto reason = fmt::format("{}", fmt::join(record.verdict.blocking, "; "));
    bool written = applicants.store({key, position.local_office, position.deanery_number, state,
                                     reason, fmt::format("{}", fmt::join(record.warnings, "; ")),
                                     date, placement->start, placement->end, now});
    if (written) {
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
  for (const auto& [key, state] : unsent) {
    applicants.withdraw(
        key,
        "the placement or position went, or the placement is no longer eligible, before export",
        now);
    ++counts.deleted_before_export;
  }
  return counts;
}

std::vector<Reserved> export_app(db::Database& db, Publisher& publisher,
                                 const spec::FileSpec& app_spec, const ExportScope& scope,
                                 const ApplicantRules& rules) {
  const AppLayout layout(app_spec.records.front());
  auto offices = state::offices_to_export(db, scope.local_office);
  std::vector<Reserved> reserved;
  for (const auto& office : offices) {
    auto started = std::chrono::steady_clock::now();
    std::int64_t written = 0;
    std::int64_t held = 0;
    auto fill = [&](db::Transaction& tx, OutboundFile& file) {
      esr::rules::ApplicantsPerPosition per_position(rules.max_per_position);
      // Every waiting applicant is judged again below: one held back by an earlier run may go now.
      state::release_held_back(tx, office);
      // The record is built again from the state's columns, as the generator built it in this
      // run; one that no longer passes the schema (the state changed in between) is held.
      state::WaitingApplicants waiting(db, office);
      state::ApplicantExportMarks marks(tx);
      while (waiting.next()) {
        auto [id, date, position, placement] = waiting.applicant();
        if (auto why = per_position.admit(position.id)) {
          marks.hold_back(id, *why);
          ++held;
          continue;
        }
        auto record =
            placement && date
                ? build_applicant_record(layout, *placement, position, *date)
                : ApplicantRecord{{}, {{"the placement's or the record's dates"}, {}}, {}};
        if (!record.verdict.usable()) {
          auto reason = fmt::format("{}", fmt::join(record.verdict.blocking, "; "));
          marks.invalid(id, reason, util::utc_now_iso());
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
    auto mark = [&](db::Transaction& tx, const Reserved& app) {
      auto marked = state::mark_exported(tx, office, app.file_id, util::utc_now_iso());
      if (marked != written) {
        throw std::logic_error(fmt::format(
            "APP of {}: {} applicant(s) written but {} marked exported", office, written, marked));
      }
    };
    auto app = export_office_file(db, publisher, {"APP", office, scope.date, {}, 0},
                                  std::function<bool(db::Transaction&, OutboundFile&)>(fill),
                                  std::function<void(db::Transaction&, const Reserved&)>(mark));
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
