#include "esr/inbound/confirmation_appliers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "esr/dialect/field_splitter.hpp"
#include "esr/spec/schema_registry.hpp"
#include "esr/state/applicant_state.hpp"
#include "esr/state/notification_state.hpp"
#include "esr/state/state_schema.hpp"
#include "esr/util/utc_time.hpp"

namespace esr::inbound {

void ConfirmationApplier::report(const dialect::ParsedRecord& record, std::string field,
                                 std::string message) {
  unmatched_.push_back({file_name_, record.line, std::move(field), std::move(message)});
}

namespace {

// The id of the latest sent file of these types for the office, if any.
std::optional<std::int64_t> latest_sent(db::Database& db, const std::string& office,
                                        const char* types_sql) {
  auto statement = db.prepare(fmt::format(
      "SELECT id FROM files WHERE direction = 'out' AND local_office = ?1 AND type IN ({})"
      " AND outcome IN ('sent', 'pending') ORDER BY sequence DESC LIMIT 1",
      types_sql));
  statement.bind(1, office);
  if (!statement.step()) return std::nullopt;
  return statement.column_int64(0);
}

// Where each APC field the applier reads is in the loaded APC record, found once by its interface
// name. Throws spec::SchemaError naming a field the schema lacks.
struct ApcLayout {
  explicit ApcLayout(const spec::RecordSpec& record)
      : vacancy_id(field(record, "ESR_vacancy_id")),
        deanery_number(field(record, "Deanery_number")),
        status(field(record, "load_status_code")),
        message(field(record, "message_text")),
        message_type(field(record, "message_type")),
        applicant_number(field(record, "Applicant_number")),
        assignment_id(field(record, "assignment_id")),
        position_id(field(record, "Position_ID")) {}

  std::size_t vacancy_id, deanery_number, status, message, message_type, applicant_number,
      assignment_id, position_id;

 private:
  static std::size_t field(const spec::RecordSpec& record, std::string_view name) {
    return record.required_index(name);
  }
};

class ApcApplier : public ConfirmationApplier {
 public:
  ApcApplier(db::Database& db, FileContext context)
      : db_(db),
        context_(std::move(context)),
        app_file_(latest_sent(db, context_.local_office, "'APP'")),
        find_(db.prepare("SELECT id, deanery_number, position_id, state FROM applicants"
                         " WHERE export_file_id = ?1 AND export_ordinal = ?2")),
        update_(
            db.prepare("UPDATE applicants SET state = ?2, esr_message = nullif(?3, ''),"
                       " esr_message_type = nullif(?4, ''), applicant_number = nullif(?5, ''),"
                       " assignment_id = nullif(?6, ''), updated_at = ?7, confirmed_file_id = ?8"
                       " WHERE id = ?1 AND state = ?9")) {
    file_name_ = context_.name;
  }

  void apply(const dialect::ParsedRecord& record, const std::string&) override {
    if (!record.valid || record.spec == nullptr) return;
    if (!layout_ || layout_spec_ != record.spec) {
      layout_.emplace(*record.spec);
      layout_spec_ = record.spec;
    }
    const auto& at = *layout_;
    auto v = record.values;
    if (!app_file_) {
      report(record, "2 ESR_vacancy_id", "no APP file has been sent for this office to confirm");
      return;
    }
    if (v[at.vacancy_id].empty()) {
      report(record, "2 ESR_vacancy_id", "is empty; cannot tell which applicant this confirms");
      return;
    }
    find_.bind(1, *app_file_).bind(2, std::stoll(std::string(v[at.vacancy_id])));
    if (!find_.step()) {
      find_.reset();
      report(
          record, "2 ESR_vacancy_id",
          fmt::format("ordinal {} matches no applicant of the latest APP file", v[at.vacancy_id]));
      return;
    }
    auto id = find_.column_int64(0);
    auto deanery = find_.column_text(1);
    auto position = find_.column_int64(2);
    auto state = find_.column_text(3);
    find_.reset();
    // DESIGN §7: an applicant sent (EXPORTED) is answered once; a second line for it (repeated
    // in this APC, or in another APC while that APP is still the latest) changes nothing.
    if (state::applicant_state_from_text(state) != state::ApplicantState::exported) {
      report(record, "2 ESR_vacancy_id",
             fmt::format("ordinal {}: the applicant was already answered by ESR ({})",
                         v[at.vacancy_id], state));
      return;
    }
    if (!v[at.deanery_number].empty() && v[at.deanery_number] != deanery) {
      report(record, "4 Deanery_number",
             fmt::format("'{}' differs from the applicant's deanery number '{}'",
                         v[at.deanery_number], deanery));
      return;
    }
    if (!v[at.position_id].empty() && v[at.position_id] != std::to_string(position)) {
      report(record, "10 Position_ID",
             fmt::format("{} differs from the applicant's position id {}", v[at.position_id],
                         position));
      return;
    }
    bool success = v[at.status] == "SUCCESS";
    update_.bind(1, id)
        .bind(2, state::to_text(success ? state::ApplicantState::exported_and_processed
                                        : state::ApplicantState::exported_processed_with_errors))
        .bind(3, v[at.message])
        .bind(4, v[at.message_type])
        .bind(5, v[at.applicant_number])
        .bind(6, v[at.assignment_id])
        .bind(7, util::utc_now_iso())
        .bind(8, context_.file_id)
        .bind(9, state::to_text(state::ApplicantState::exported));
    update_.run();
    ++(success ? confirmed_ : failed_);
  }

  std::string finish() override {
    return fmt::format("applicants_processed={} applicants_with_errors={} unmatched_lines={}",
                       confirmed_, failed_, unmatched_.size());
  }

 private:
  db::Database& db_;
  FileContext context_;
  std::optional<std::int64_t> app_file_;
  std::optional<ApcLayout> layout_;  // of the record spec the lines are parsed with
  const spec::RecordSpec* layout_spec_ = nullptr;
  db::Statement find_, update_;
  std::int64_t confirmed_ = 0, failed_ = 0;
};

// One notification at a DCC line's ordinal in a DNC/DNF of the office.
struct NotificationAtOrdinal {
  std::int64_t id = 0;
  bool awaiting = false;  // state `exported`: sent, not yet confirmed or failed
  std::string state;      // as stored (notification_state.hpp), for the operator
  std::string line;       // the record as esrd wrote it
  std::string file;       // the DNC/DNF's name
};

// Whether the echoed record is the written one as a whole record: the same fields, compared one
// by one after unquoting, so ESR may echo with or without the quotes esrd wrote but a truncated
// echo, or one differing field, never matches.
class EchoComparer {
 public:
  // An echo that cannot be split matches nothing. It must outlive the calls to matches().
  void set_echo(std::string_view echoed) { echo_ok_ = !echo_.split(echoed).has_value(); }
  [[nodiscard]] bool matches(std::string_view written) {
    if (!echo_ok_ || written_.split(written)) return false;
    return std::ranges::equal(echo_.fields(), written_.fields());
  }

 private:
  dialect::FieldSplitter echo_, written_;
  bool echo_ok_ = false;
};

// At most this many file names in one message; the rest are counted.
constexpr std::size_t named_files = 5;

std::string file_list(const std::vector<std::string>& files) {
  std::string text;
  for (std::size_t i = 0; i < files.size() && i < named_files; ++i) {
    if (i > 0) text += ", ";
    text += files[i];
  }
  if (files.size() > named_files) text += fmt::format(" and {} more", files.size() - named_files);
  return text;
}

class DccApplier : public ConfirmationApplier {
 public:
  DccApplier(db::Database& db, FileContext context)
      : context_(std::move(context)),
        at_ordinal_(db.prepare(
            "SELECT n.id, n.state, n.line, f.name FROM files f"
            " JOIN notifications n ON n.export_file_id = f.id"
            " WHERE f.direction = 'out' AND f.local_office = ?1 AND f.type IN ('DNC', 'DNF')"
            " AND f.outcome IN ('sent', 'pending') AND n.export_ordinal = ?2"
            " ORDER BY f.sequence")),
        office_files_(db.prepare(
            "SELECT count(DISTINCT f.id), count(DISTINCT CASE WHEN n.state = ?2"
            " THEN f.id END) FROM files f LEFT JOIN notifications n ON n.export_file_id = f.id"
            " WHERE f.direction = 'out' AND f.local_office = ?1 AND f.type IN ('DNC', 'DNF')"
            " AND f.outcome IN ('sent', 'pending')")),
        update_(db.prepare("UPDATE notifications SET state = ?2, esr_reason = nullif(?3, ''),"
                           " confirmed_file_id = ?4 WHERE id = ?1 AND state = ?5")) {
    file_name_ = context_.name;
  }

  void apply(const dialect::ParsedRecord& record, const std::string&) override {
    if (!record.valid || record.confirmation == nullptr) return;
    const auto& line = *record.confirmation;
    auto ordinal = std::stoll(line.position);
    auto found = notifications_at(ordinal);
    echo_.set_echo(line.record);
    std::vector<const NotificationAtOrdinal*> candidates;
    for (const auto& n : found) {
      if (n.awaiting && echo_.matches(n.line)) candidates.push_back(&n);
    }
    if (candidates.size() == 1) {
      confirm(*candidates.front(), line);
      return;
    }
    if (candidates.empty()) {
      report_no_match(record, ordinal, found);
      return;
    }
    std::vector<std::string> files;
    for (const auto* n : candidates) files.push_back(n->file);
    report(record, "record",
           fmt::format("ordinal {} matches {} notifications awaiting confirmation (files {}): "
                       "ambiguous",
                       ordinal, candidates.size(), file_list(files)));
  }

  std::string finish() override {
    return fmt::format("notifications_confirmed={} notifications_failed={} unmatched_lines={}",
                       confirmed_, failed_, unmatched_.size());
  }

 private:
  std::vector<NotificationAtOrdinal> notifications_at(std::int64_t ordinal) {
    std::vector<NotificationAtOrdinal> found;
    at_ordinal_.bind(1, context_.local_office).bind(2, ordinal);
    while (at_ordinal_.step()) {
      auto state = at_ordinal_.column_text(1);
      found.push_back(
          {at_ordinal_.column_int64(0),
           state::notification_state_from_text(state) == state::NotificationState::exported, state,
           at_ordinal_.column_text(2), at_ordinal_.column_text(3)});
    }
    at_ordinal_.reset();
    return found;
  }

  void confirm(const NotificationAtOrdinal& notification, const dialect::ConfirmationLine& line) {
    bool success = line.outcome == "SUCCESS";
    update_.bind(1, notification.id)
        .bind(2, state::to_text(success ? state::NotificationState::confirmed
                                        : state::NotificationState::failed))
        .bind(3, line.reason)
        .bind(4, context_.file_id)
        .bind(5, state::to_text(state::NotificationState::exported));
    update_.run();
    ++(success ? confirmed_ : failed_);
  }

  // Says why nothing matched, naming files and ordinals only: the echo carries personal values.
  void report_no_match(const dialect::ParsedRecord& record, std::int64_t ordinal,
                       const std::vector<NotificationAtOrdinal>& found) {
    std::vector<std::string> differing, answered;
    for (const auto& n : found) {
      if (n.awaiting) {
        differing.push_back(n.file);  // it did not match, or it would be a candidate
      } else if (echo_.matches(n.line)) {
        answered.push_back(fmt::format("{} ({})", n.file, n.state));
      }
    }
    auto headline =
        fmt::format("ordinal {} matches no notification awaiting confirmation", ordinal);
    std::vector<std::string> why;
    if (differing.size() == 1) {
      why.push_back(
          fmt::format("ordinal {} of {} awaits confirmation but its record differs from the echo",
                      ordinal, differing.front()));
    } else if (!differing.empty()) {
      why.push_back(
          fmt::format("the notifications at ordinal {} of {} await confirmation but their records "
                      "differ from the echo",
                      ordinal, file_list(differing)));
    }
    if (!answered.empty()) {
      why.push_back(
          fmt::format("the echoed record was already answered in {}", file_list(answered)));
    }
    if (why.empty()) why.push_back(awaiting_summary());
    std::string message = headline;
    for (const auto& reason : why) message += "; " + reason;
    report(record, differing.empty() ? "position" : "record", std::move(message));
  }

  // Which of the office's DNC/DNF files could have been confirmed, for the operator.
  std::string awaiting_summary() {
    office_files_.bind(1, context_.local_office)
        .bind(2, state::to_text(state::NotificationState::exported));
    std::int64_t sent = 0, awaiting = 0;
    if (office_files_.step()) {
      sent = office_files_.column_int64(0);
      awaiting = office_files_.column_int64(1);
    }
    office_files_.reset();
    if (sent == 0) return "no DNC or DNF file has been sent for this office";
    if (awaiting == 0) return "no DNC or DNF file of this office awaits confirmation";
    return fmt::format("{} DNC/DNF file(s) of this office await confirmation, none at that ordinal",
                       awaiting);
  }

  FileContext context_;
  db::Statement at_ordinal_, office_files_, update_;
  EchoComparer echo_;
  std::int64_t confirmed_ = 0, failed_ = 0;
};

}  // namespace

std::unique_ptr<ConfirmationApplier> make_confirmation_applier(db::Database& db,
                                                               FileContext context) {
  if (context.type == "APC") return std::make_unique<ApcApplier>(db, std::move(context));
  return std::make_unique<DccApplier>(db, std::move(context));
}

}  // namespace esr::inbound
