#include "esr/state/applicants.hpp"

#include <fmt/format.h>

namespace esr::state {

namespace {

// What an applicant's state text is in SQL: the CHECK'd value of applicants.state.
std::string text(ApplicantState state) { return std::string(to_text(state)); }

ApplicantState stored_state(const db::Statement& row, int column) {
  return *applicant_state_from_text(row.column_text(column));
}

// The states of a record not yet sent, which the generator may still change.
std::string unsent_states() {
  return sql_list({ApplicantState::to_export, ApplicantState::invalid_data,
                   ApplicantState::deleted_before_export});
}

// The applicants of one office (?1) waiting for the APP, with their position and placement, and
// the order the APP lists them in (the order of the index applicants_by_state: no sort).
constexpr std::string_view kWaitingFrom =
    "FROM applicants a JOIN positions pos ON pos.position_id = a.position_id"
    " JOIN tis_placements p ON p.placement_id = a.placement_id";
std::string waiting_where() {
  return fmt::format("WHERE a.state = {} AND a.local_office = ?1",
                     sql_list({ApplicantState::to_export}));
}
constexpr std::string_view kAppOrder = "a.position_id, a.start_date, a.placement_id";

}  // namespace

// ---- generation ------------------------------------------------------------------------------

std::map<ApplicantKey, ApplicantState> unsent_applicants(db::Database& db) {
  std::map<ApplicantKey, ApplicantState> unsent;
  auto select =
      db.prepare("SELECT placement_id, position_id, state FROM applicants WHERE state IN (?1, ?2)");
  select.bind(1, text(ApplicantState::to_export)).bind(2, text(ApplicantState::invalid_data));
  while (select.step()) {
    unsent[{select.column_text(0), select.column_int64(1)}] = stored_state(select, 2);
  }
  return unsent;
}

ApplicantGeneration::ApplicantGeneration(db::Transaction& tx)
    : db_(tx.database()),
      upsert_(db_.prepare(fmt::format(
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
          " OR applicants.start_date != excluded.start_date"
          " OR applicants.end_date != excluded.end_date"
          " OR applicants.deanery_number != excluded.deanery_number)",
          unsent_states()))),
      sent_(db_.prepare(
          fmt::format("SELECT 1 FROM applicants WHERE placement_id = ?1 AND position_id = ?2"
                      " AND state NOT IN ({})",
                      unsent_states()))),
      withdraw_(db_.prepare(fmt::format(
          "UPDATE applicants SET state = {}, reason = ?3, held_back = 0,"
          " updated_at = ?4 WHERE placement_id = ?1 AND position_id = ?2 AND state IN ({})",
          sql_list({ApplicantState::deleted_before_export}),
          sql_list({ApplicantState::to_export, ApplicantState::invalid_data})))) {}

bool ApplicantGeneration::was_sent(const ApplicantKey& key) {
  sent_.bind(1, key.placement_id).bind(2, key.position_id);
  bool sent = sent_.step();
  sent_.reset();
  return sent;
}

bool ApplicantGeneration::store(const GeneratedApplicant& applicant) {
  upsert_.bind(1, applicant.key.placement_id)
      .bind(2, applicant.key.position_id)
      .bind(3, applicant.local_office)
      .bind(4, applicant.deanery_number)
      .bind(5, text(applicant.state))
      .bind(6, applicant.reason)
      .bind(7, applicant.effective_date.iso())
      .bind(8, applicant.start_date.iso())
      .bind(9, applicant.end_date.iso())
      .bind(10, applicant.at)
      .bind(11, applicant.warnings);
  upsert_.run();
  return db_.changes() > 0;
}

void ApplicantGeneration::withdraw(const ApplicantKey& key, std::string_view reason,
                                   std::string_view at) {
  withdraw_.bind(1, key.placement_id).bind(2, key.position_id).bind(3, reason).bind(4, at);
  withdraw_.run();
}

ApplicantCandidates::ApplicantCandidates(db::Database& db)
    : select_(db.prepare(
          fmt::format("SELECT {}, {} FROM {} JOIN positions pos ON pos.deanery_number = p.npn"
                      " WHERE p.present = 1 AND pos.deleted = 0 AND pos.matched = 1"
                      " ORDER BY pos.position_id, p.placement_id",
                      position_columns("pos."), placement_columns(), placement_source()))) {}

bool ApplicantCandidates::next() { return select_.step(); }

ApplicantCandidate ApplicantCandidates::candidate() const {
  return {position_from_row(select_), select_.column_text(kPositionColumnCount),
          placement_from_row(select_, kPositionColumnCount)};
}

// ---- export ----------------------------------------------------------------------------------

std::vector<std::string> offices_to_export(db::Database& db,
                                           const std::optional<std::string>& office) {
  std::vector<std::string> offices;
  auto select = db.prepare(
      fmt::format("SELECT DISTINCT local_office FROM applicants WHERE state = {} AND (?1 = '' OR "
                  "local_office = ?1)"
                  " ORDER BY local_office",
                  sql_list({ApplicantState::to_export})));
  select.bind(1, office.value_or(""));
  while (select.step()) offices.push_back(select.column_text(0));
  return offices;
}

void release_held_back(db::Transaction& tx, std::string_view office) {
  auto unhold = tx.database().prepare(
      fmt::format("UPDATE applicants SET held_back = 0 WHERE state = {} AND local_office = ?1 AND "
                  "held_back = 1",
                  sql_list({ApplicantState::to_export})));
  unhold.bind(1, office);
  unhold.run();
}

WaitingApplicants::WaitingApplicants(db::Database& db, std::string_view office)
    : select_(db.prepare(fmt::format("SELECT a.id, a.effective_date, {}, {} {} {} {} ORDER BY {}",
                                     position_columns("pos."), placement_columns(), kWaitingFrom,
                                     person_join(), waiting_where(), kAppOrder))) {
  select_.bind(1, office);
}

bool WaitingApplicants::next() { return select_.step(); }

WaitingApplicant WaitingApplicants::applicant() const {
  constexpr int kPosition = 2;
  return {select_.column_int64(0), spec::BusinessDate::from_iso(select_.column_text(1)),
          position_from_row(select_, kPosition),
          placement_from_row(select_, kPosition + kPositionColumnCount)};
}

ApplicantExportMarks::ApplicantExportMarks(db::Transaction& tx)
    : hold_(
          tx.database().prepare("UPDATE applicants SET reason = ?2, held_back = 1 WHERE id = ?1")),
      invalid_(tx.database().prepare(fmt::format(
          "UPDATE applicants SET state = {}, reason = ?2, updated_at = ?3 WHERE id = ?1",
          sql_list({ApplicantState::invalid_data})))) {}

void ApplicantExportMarks::hold_back(std::int64_t id, std::string_view reason) {
  hold_.bind(1, id).bind(2, reason);
  hold_.run();
}

void ApplicantExportMarks::invalid(std::int64_t id, std::string_view reason, std::string_view at) {
  invalid_.bind(1, id).bind(2, reason).bind(3, at);
  invalid_.run();
}

std::int64_t mark_exported(db::Transaction& tx, std::string_view office, std::int64_t file_id,
                           std::string_view at) {
  auto& db = tx.database();
  auto update = db.prepare(fmt::format(
      "UPDATE applicants SET state = {}, export_file_id = ?2, export_ordinal = w.line,"
      " exported_at = ?3, reason = NULL FROM (SELECT a.id, row_number() OVER (ORDER BY {}) AS "
      "line {} {} AND a.held_back = 0) w WHERE applicants.id = w.id",
      sql_list({ApplicantState::exported}), kAppOrder, kWaitingFrom, waiting_where()));
  update.bind(1, office).bind(2, file_id).bind(3, at);
  update.run();
  return db.changes();
}

// ---- confirmation (APC) ----------------------------------------------------------------------

std::optional<std::int64_t> latest_app_file(db::Database& db, std::string_view office) {
  auto select = db.prepare(
      "SELECT id FROM files WHERE direction = 'out' AND local_office = ?1 AND type IN ('APP')"
      " AND outcome IN ('sent', 'pending') ORDER BY sequence DESC LIMIT 1");
  select.bind(1, office);
  if (!select.step()) return std::nullopt;
  return select.column_int64(0);
}

ApplicantConfirmations::ApplicantConfirmations(db::Transaction& tx)
    : find_(tx.database().prepare("SELECT id, deanery_number, position_id, state FROM applicants"
                                  " WHERE export_file_id = ?1 AND export_ordinal = ?2")),
      update_(tx.database().prepare(
          "UPDATE applicants SET state = ?2, esr_message = nullif(?3, ''),"
          " esr_message_type = nullif(?4, ''), applicant_number = nullif(?5, ''),"
          " assignment_id = nullif(?6, ''), updated_at = ?7, confirmed_file_id = ?8"
          " WHERE id = ?1 AND state = ?9")) {}

std::optional<SentApplicant> ApplicantConfirmations::at_ordinal(std::int64_t file_id,
                                                                std::int64_t ordinal) {
  find_.bind(1, file_id).bind(2, ordinal);
  std::optional<SentApplicant> found;
  if (find_.step()) {
    found = SentApplicant{find_.column_int64(0), find_.column_text(1), find_.column_int64(2),
                          stored_state(find_, 3)};
  }
  find_.reset();
  return found;
}

void ApplicantConfirmations::confirm(std::int64_t id, const ApplicantAnswer& answer) {
  update_.bind(1, id)
      .bind(2, to_text(answer.state))
      .bind(3, answer.message)
      .bind(4, answer.message_type)
      .bind(5, answer.applicant_number)
      .bind(6, answer.assignment_id)
      .bind(7, answer.at)
      .bind(8, answer.confirming_file_id)
      .bind(9, to_text(ApplicantState::exported));
  update_.run();
}

}  // namespace esr::state
