#include "esr/jobs/job_runner.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "esr/db/transaction.hpp"
#include "esr/inbound/tis_import.hpp"
#include "esr/outbound/applicants.hpp"
#include "esr/outbound/notifications.hpp"
#include "esr/outbound/rtc_export.hpp"

namespace esr::jobs {

JobRunner::JobRunner(db::Database& db, const spec::SchemaRegistry& schemas, ops::DataDir dir,
                     JobSettings settings)
    : db_(db),
      schemas_(schemas),
      dir_(std::move(dir)),
      settings_(std::move(settings)),
      publisher_(db_, dir_) {
  recover();
}

void JobRunner::recover() {
  auto finished = publisher_.publish_pending();
  if (!finished.empty()) {
    spdlog::warn("recovery=outbound_files_finished count={}", finished.size());
  }
}

JobReport JobRunner::collect() {
  auto started = std::chrono::steady_clock::now();
  inbound::InboundProcessor processor(db_, schemas_, dir_, settings_.inbound);
  inbound::ProcessOptions options;
  auto results = processor.collect(options);
  JobReport report;
  std::size_t applied = 0, already = 0;
  for (const auto& result : results) {
    ++report.files_in;
    if (result.outcome == inbound::Outcome::rejected || result.problem_count > 0)
      ++report.files_rejected;
    applied += result.outcome == inbound::Outcome::applied ? 1 : 0;
    already += result.outcome == inbound::Outcome::already_applied ? 1 : 0;
  }
  auto ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  report.detail =
      fmt::format("files={} applied={} already_applied={} rejected={} duration_ms={:.0f}",
                  report.files_in, applied, already, report.files_rejected, ms);
  return report;
}

JobReport JobRunner::export_files(const spec::BusinessDate& date,
                                  const std::optional<std::string>& office,
                                  const std::set<std::string>& types) {
  auto started = std::chrono::steady_clock::now();
  auto wanted = [&](const char* type) {
    return types.empty() ? std::string(type) != "DNF" : types.count(type) > 0;
  };
  JobReport report;
  if (types.empty()) {
    // The daily export starts from the latest TIS extracts waiting in tis/.
    inbound::TisImporter importer(db_, schemas_, dir_);
    for (const auto& result : importer.import_waiting({})) {
      ++report.files_in;
      if (result.outcome == inbound::Outcome::rejected) ++report.files_rejected;
    }
  }
  outbound::ExportScope scope{date, office, settings_.line_endings, settings_.write_empty_files};
  outbound::ApplicantRules rules{settings_.window_min_days, settings_.window_max_days,
                                 settings_.max_applicants_per_position};
  const auto* app_spec = schemas_.for_file_type("APP");
  if (app_spec == nullptr) throw spec::SchemaError("no schema reads APP files");
  outbound::GenerationCounts generated;
  if (wanted("APP")) {
    db::Transaction transaction(db_);
    generated = outbound::generate_applicants(transaction, *app_spec, date, rules);
    transaction.commit();
  }
  const auto* not_spec = schemas_.for_file_type("DNC");
  if (not_spec == nullptr) throw spec::SchemaError("no schema reads DNC files");
  outbound::NotificationRules notification_rules{settings_.window_max_days, settings_.office_names};
  outbound::NotificationCounts notified;
  if (wanted("DNC")) {
    db::Transaction transaction(db_);
    notified = outbound::generate_notifications(transaction, *not_spec, date, notification_rules);
    transaction.commit();
  }
  std::size_t rtc = 0, app = 0, dnc = 0, dnf = 0;
  if (wanted("RTC")) rtc = outbound::export_rtc(db_, publisher_, scope).size();
  if (wanted("APP")) app = outbound::export_app(db_, publisher_, *app_spec, scope, rules).size();
  if (wanted("DNC")) dnc = outbound::export_dnc(db_, publisher_, *not_spec, scope).size();
  if (types.count("DNF") > 0) {
    dnf = outbound::export_dnf(db_, publisher_, *not_spec, scope, notification_rules).size();
  }
  auto published = publisher_.publish_pending();
  report.files_out = published.size();
  auto ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  report.detail = fmt::format(
      "tis_files={} files_out={} rtc={} app={} dnc={} dnf={} applicants_to_export={} "
      "applicants_invalid={}"
      " applicants_withdrawn={} tis_events={} notifications={} notifications_held_invalid={}"
      " duration_ms={:.0f}",
      report.files_in, report.files_out, rtc, app, dnc, dnf, generated.to_export, generated.invalid,
      generated.deleted_before_export, notified.events, notified.stored, notified.held_invalid, ms);
  return report;
}

JobReport JobRunner::run(const std::string& job, const spec::BusinessDate& date) {
  if (job == "collect") return collect();
  return export_files(date, std::nullopt, {});
}

}  // namespace esr::jobs
