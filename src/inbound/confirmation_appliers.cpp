#include "esr/inbound/confirmation_appliers.hpp"

#include <fmt/format.h>

#include <optional>

#include "esr/store/state_schema.hpp"

namespace esr::inbound {

void ConfirmationApplier::report(const dialect::ParsedRecord& record, std::string field,
                                 std::string message) {
  unmatched_.push_back({file_name_, record.line, std::move(field), std::move(message)});
}

namespace {

// The id of the latest sent file of these types for the office, if any.
std::optional<std::int64_t> latest_sent(store::Database& db, const std::string& office,
                                        const char* types_sql) {
  auto statement = db.prepare(fmt::format(
      "SELECT id FROM files WHERE direction = 'out' AND local_office = ?1 AND type IN ({})"
      " AND outcome IN ('sent', 'pending') ORDER BY sequence DESC LIMIT 1",
      types_sql));
  statement.bind(1, office);
  if (!statement.step()) return std::nullopt;
  return statement.column_int64(0);
}

class ApcApplier : public ConfirmationApplier {
 public:
  ApcApplier(store::Database& db, FileContext context)
      : db_(db),
        context_(std::move(context)),
        app_file_(latest_sent(db, context_.local_office, "'APP'")),
        find_(db.prepare("SELECT id, json_extract(fields, '$[3]'), position_id FROM applicants"
                         " WHERE export_file_id = ?1 AND export_ordinal = ?2")),
        update_(
            db.prepare("UPDATE applicants SET state = ?2, esr_message = nullif(?3, ''),"
                       " esr_message_type = nullif(?4, ''), applicant_number = nullif(?5, ''),"
                       " assignment_id = nullif(?6, ''), updated_at = ?7, confirmed_file_id = ?8"
                       " WHERE id = ?1")) {
    file_name_ = context_.name;
  }

  void apply(const dialect::ParsedRecord& record, const std::string&) override {
    if (!record.valid) return;
    auto v = record.values;  // 1 type, 2 vacancy id (ordinal), 4 deanery, 5 status, 6 message,
                             // 7 message type, 8 applicant number, 9 assignment id, 10 position id
    if (!app_file_) {
      report(record, "2 ESR_vacancy_id", "no APP file has been sent for this office to confirm");
      return;
    }
    if (v[1].empty()) {
      report(record, "2 ESR_vacancy_id", "is empty; cannot tell which applicant this confirms");
      return;
    }
    find_.bind(1, *app_file_).bind(2, std::stoll(std::string(v[1])));
    if (!find_.step()) {
      find_.reset();
      report(record, "2 ESR_vacancy_id",
             fmt::format("ordinal {} matches no applicant of the latest APP file", v[1]));
      return;
    }
    auto id = find_.column_int64(0);
    auto deanery = find_.column_text(1);
    auto position = find_.column_int64(2);
    find_.reset();
    if (!v[3].empty() && v[3] != deanery) {
      report(record, "4 Deanery_number",
             fmt::format("'{}' differs from the applicant's deanery number '{}'", v[3], deanery));
      return;
    }
    if (!v[9].empty() && v[9] != std::to_string(position)) {
      report(record, "10 Position_ID",
             fmt::format("{} differs from the applicant's position id {}", v[9], position));
      return;
    }
    bool success = v[4] == "SUCCESS";
    update_.bind(1, id)
        .bind(2, success ? "EXPORTED_AND_PROCESSED" : "EXPORTED_PROCESSED_WITH_ERRORS")
        .bind(3, v[5])
        .bind(4, v[6])
        .bind(5, v[7])
        .bind(6, v[8])
        .bind(7, store::utc_now_iso())
        .bind(8, context_.file_id);
    update_.run();
    ++(success ? confirmed_ : failed_);
  }

  std::string finish() override {
    return fmt::format("applicants_processed={} applicants_with_errors={} unmatched_lines={}",
                       confirmed_, failed_, unmatched_.size());
  }

 private:
  store::Database& db_;
  FileContext context_;
  std::optional<std::int64_t> app_file_;
  store::Statement find_, update_;
  std::int64_t confirmed_ = 0, failed_ = 0;
};

class DccApplier : public ConfirmationApplier {
 public:
  DccApplier(store::Database& db, FileContext context)
      : context_(std::move(context)),
        notification_file_(latest_sent(db, context_.local_office, "'DNC', 'DNF'")),
        find_(db.prepare("SELECT id, line FROM notifications WHERE export_file_id = ?1 AND "
                         "export_ordinal = ?2")),
        update_(db.prepare("UPDATE notifications SET state = ?2, esr_reason = nullif(?3, ''),"
                           " confirmed_file_id = ?4 WHERE id = ?1")) {
    file_name_ = context_.name;
  }

  void apply(const dialect::ParsedRecord& record, const std::string&) override {
    if (!record.valid || record.confirmation == nullptr) return;
    const auto& line = *record.confirmation;
    if (!notification_file_) {
      report(record, "position", "no DNC or DNF file has been sent for this office to confirm");
      return;
    }
    find_.bind(1, *notification_file_).bind(2, std::stoll(line.position));
    if (!find_.step()) {
      find_.reset();
      report(record, "position",
             fmt::format("ordinal {} matches no notification of the latest DNC/DNF file",
                         line.position));
      return;
    }
    auto id = find_.column_int64(0);
    auto written = find_.column_text(1);
    find_.reset();
    if (!echo_matches(line.record, written)) {
      report(record, "record",
             fmt::format("the echoed record differs from notification {} as sent", line.position));
      return;
    }
    bool success = line.outcome == "SUCCESS";
    update_.bind(1, id)
        .bind(2, success ? "confirmed" : "failed")
        .bind(3, line.reason)
        .bind(4, context_.file_id);
    update_.run();
    ++(success ? confirmed_ : failed_);
  }

  std::string finish() override {
    return fmt::format("notifications_confirmed={} notifications_failed={} unmatched_lines={}",
                       confirmed_, failed_, unmatched_.size());
  }

 private:
  // ESR may echo the record with or without the quotes esrd wrote; compare the quoted form
  // first, then the unquoted one.
  static bool echo_matches(std::string_view echoed, const std::string& written) {
    if (echoed == written) return true;
    std::string bare;
    for (char c : written) {
      if (c != '"') bare += c;
    }
    std::string echoed_bare;
    for (char c : echoed) {
      if (c != '"') echoed_bare += c;
    }
    return bare == echoed_bare || written.starts_with(std::string(echoed)) ||
           bare.starts_with(echoed_bare);
  }

  FileContext context_;
  std::optional<std::int64_t> notification_file_;
  store::Statement find_, update_;
  std::int64_t confirmed_ = 0, failed_ = 0;
};

}  // namespace

std::unique_ptr<ConfirmationApplier> make_confirmation_applier(store::Database& db,
                                                               FileContext context) {
  if (context.type == "APC") return std::make_unique<ApcApplier>(db, std::move(context));
  return std::make_unique<DccApplier>(db, std::move(context));
}

}  // namespace esr::inbound
