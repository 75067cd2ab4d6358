#include "esr/inbound/confirmation_appliers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "esr/db/transaction.hpp"
#include "esr/dialect/field_splitter.hpp"
#include "esr/rules/confirmation_match.hpp"
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
    const rules::ApcLineFacts line{v[at.vacancy_id], v[at.deanery_number], v[at.position_id]};
    std::optional<state::SentApplicant> sent;
    if (app_file_ && !line.vacancy_id.empty()) {
      sent = applicants_.at_ordinal(*app_file_, std::stoll(std::string(line.vacancy_id)));
    }
    std::optional<rules::SentApplicantFacts> facts;
    if (sent) {
      facts = rules::SentApplicantFacts{sent->state == state::ApplicantState::exported,
                                        std::string(state::to_text(sent->state)),
                                        sent->deanery_number, sent->position_id};
    }
    if (auto refusal = rules::apc_refusal(line, app_file_.has_value(), facts)) {
      report(record, std::move(refusal->field), std::move(refusal->why));
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
    std::vector<rules::SentNotificationFacts> facts;
    for (const auto& n : found) {
      facts.push_back(
          {n.file, awaiting(n), echo_.matches(n.line), std::string(state::to_text(n.state))});
    }
    auto match = rules::dcc_match(ordinal, facts, [&] {
      auto files = notifications_.files_of(context_.local_office);
      return rules::SentNotificationFileCounts{files.sent, files.awaiting};
    });
    if (match.answers) {
      confirm(found[*match.answers], line);
    } else {
      report(record, std::move(match.refusal->field), std::move(match.refusal->why));
    }
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
