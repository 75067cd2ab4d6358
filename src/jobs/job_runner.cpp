#include "esr/jobs/job_runner.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "esr/outbound/rtc_export.hpp"

namespace esr::jobs {

JobRunner::JobRunner(store::Database& db, const spec::SchemaRegistry& schemas, ops::DataDir dir,
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

JobReport JobRunner::collect(const spec::BusinessDate& date) {
  auto started = std::chrono::steady_clock::now();
  inbound::InboundProcessor processor(db_, schemas_, dir_, settings_.inbound);
  inbound::ProcessOptions options;
  (void)date;  // each file is applied as of the date in its own name
  auto results = processor.collect(options);
  JobReport report;
  std::size_t applied = 0, already = 0;
  for (const auto& result : results) {
    ++report.files_in;
    if (result.outcome == inbound::Outcome::rejected || result.problem_count > 0) ++report.files_rejected;
    applied += result.outcome == inbound::Outcome::applied ? 1 : 0;
    already += result.outcome == inbound::Outcome::already_applied ? 1 : 0;
  }
  auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  report.detail = fmt::format("files={} applied={} already_applied={} rejected={} duration_ms={:.0f}",
                              report.files_in, applied, already, report.files_rejected, ms);
  return report;
}

JobReport JobRunner::export_files(const spec::BusinessDate& date,
                                  const std::optional<std::string>& office,
                                  const std::set<std::string>& types) {
  auto wanted = [&](const char* type) { return types.empty() ? std::string(type) != "DNF" : types.count(type) > 0; };
  JobReport report;
  outbound::ExportScope scope{date, office, settings_.line_ending, settings_.write_empty_files};
  std::size_t rtc = 0;
  if (wanted("RTC")) rtc = outbound::export_rtc(db_, publisher_, scope).size();
  auto published = publisher_.publish_pending();
  report.files_out = published.size();
  report.detail = fmt::format("files_out={} rtc={}", report.files_out, rtc);
  return report;
}

JobReport JobRunner::run(const std::string& job, const spec::BusinessDate& date) {
  if (job == "collect") return collect(date);
  return export_files(date, std::nullopt, {});
}

}  // namespace esr::jobs
