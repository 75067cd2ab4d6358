#include "esr/inbound/confirmation_appliers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "esr/db/transaction.hpp"
#include "esr/dialect/field_splitter.hpp"
#include "esr/spec/schema_registry.hpp"
#include "esr/state/applicants.hpp"
#include "esr/state/notifications.hpp"
#include "esr/util/utc_time.hpp"

namespace esr::inbound {

void ConfirmationApplier::report(const dialect::ParsedRecord& record, std::string field,
                                 std::string message) {
  unmatched_.push_back({file_name_, record.line, std::move(field), std::move(message)});
}

namespace {

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
  ApcApplier(db::Transaction& tx, FileContext context)
      : context_(std::move(context)),
        app_file_(state::latest_app_file(tx.database(), context_.local_office)),
        applicants_(tx) {
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
    auto sent = applicants_.at_ordinal(*app_file_, std::stoll(std::string(v[at.vacancy_id])));
    if (!sent) {
      report(
          record, "2 ESR_vacancy_id",
          fmt::format("ordinal {} matches no applicant of the latest APP file", v[at.vacancy_id]));
      return;
    }
    // DESIGN §7: an applicant sent (EXPORTED) is answered once; a second line for it (repeated
    // in this APC, or in another APC while that APP is still the latest) changes nothing.
    if (sent->state != state::ApplicantState::exported) {
      report(record, "2 ESR_vacancy_id",
             fmt::format("ordinal {}: the applicant was already answered by ESR ({})",
                         v[at.vacancy_id], state::to_text(sent->state)));
      return;
    }
    if (!v[at.deanery_number].empty() && v[at.deanery_number] != sent->deanery_number) {
      report(record, "4 Deanery_number",
             fmt::format("'{}' differs from the applicant's deanery number '{}'",
                         v[at.deanery_number], sent->deanery_number));
      return;
    }
    if (!v[at.position_id].empty() && v[at.position_id] != std::to_string(sent->position_id)) {
      report(record, "10 Position_ID",
             fmt::format("{} differs from the applicant's position id {}", v[at.position_id],
                         sent->position_id));
      return;
    }
    bool success = v[at.status] == "SUCCESS";
    applicants_.confirm(sent->id,
                        {success ? state::ApplicantState::exported_and_processed
                                 : state::ApplicantState::exported_processed_with_errors,
                         std::string(v[at.message]), std::string(v[at.message_type]),
                         std::string(v[at.applicant_number]), std::string(v[at.assignment_id]),
                         util::utc_now_iso(), context_.file_id});
    ++(success ? confirmed_ : failed_);
  }

  std::string finish() override {
    return fmt::format("applicants_processed={} applicants_with_errors={} unmatched_lines={}",
                       confirmed_, failed_, unmatched_.size());
  }

 private:
  FileContext context_;
  std::optional<std::int64_t> app_file_;
  std::optional<ApcLayout> layout_;  // of the record spec the lines are parsed with
  const spec::RecordSpec* layout_spec_ = nullptr;
  state::ApplicantConfirmations applicants_;
  std::int64_t confirmed_ = 0, failed_ = 0;
};

// Whether a notification is awaiting ESR's confirmation: sent, not yet confirmed or failed.
bool awaiting(const state::SentNotification& notification) {
  return notification.state == state::NotificationState::exported;
}

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
  DccApplier(db::Transaction& tx, FileContext context)
      : context_(std::move(context)), notifications_(tx) {
    file_name_ = context_.name;
  }

  void apply(const dialect::ParsedRecord& record, const std::string&) override {
    if (!record.valid || record.confirmation == nullptr) return;
    const auto& line = *record.confirmation;
    auto ordinal = std::stoll(line.position);
    auto found = notifications_.at_ordinal(context_.local_office, ordinal);
    echo_.set_echo(line.record);
    std::vector<const state::SentNotification*> candidates;
    for (const auto& n : found) {
      if (awaiting(n) && echo_.matches(n.line)) candidates.push_back(&n);
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
  void confirm(const state::SentNotification& notification, const dialect::ConfirmationLine& line) {
    bool success = line.outcome == "SUCCESS";
    notifications_.confirm(
        notification.id,
        success ? state::NotificationState::confirmed : state::NotificationState::failed,
        line.reason, context_.file_id);
    ++(success ? confirmed_ : failed_);
  }

  // Says why nothing matched, naming files and ordinals only: the echo carries personal values.
  void report_no_match(const dialect::ParsedRecord& record, std::int64_t ordinal,
                       const std::vector<state::SentNotification>& found) {
    std::vector<std::string> differing, answered;
    for (const auto& n : found) {
      if (awaiting(n)) {
        differing.push_back(n.file);  // it did not match, or it would be a candidate
      } else if (echo_.matches(n.line)) {
        answered.push_back(fmt::format("{} ({})", n.file, state::to_text(n.state)));
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
    auto files = notifications_.files_of(context_.local_office);
    if (files.sent == 0) return "no DNC or DNF file has been sent for this office";
    if (files.awaiting == 0) return "no DNC or DNF file of this office awaits confirmation";
    return fmt::format("{} DNC/DNF file(s) of this office await confirmation, none at that ordinal",
                       files.awaiting);
  }

  FileContext context_;
  state::NotificationConfirmations notifications_;
  EchoComparer echo_;
  std::int64_t confirmed_ = 0, failed_ = 0;
};

}  // namespace

std::unique_ptr<ConfirmationApplier> make_confirmation_applier(db::Transaction& tx,
                                                               FileContext context) {
  if (context.type == "APC") return std::make_unique<ApcApplier>(tx, std::move(context));
  return std::make_unique<DccApplier>(tx, std::move(context));
}

}  // namespace esr::inbound
