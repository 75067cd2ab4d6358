#pragma once
// The daily jobs, the same code whether the scheduler or an operator runs them.
#include <map>
#include <optional>
#include <set>
#include <string>

#include "esr/inbound/inbound_processor.hpp"
#include "esr/outbound/publisher.hpp"
#include "esr/outbound/rtc_export.hpp"

namespace esr::jobs {

struct JobSettings {
  inbound::InboundSettings inbound;
  int window_min_days = 2;
  int window_max_days = 91;
  int max_applicants_per_position = 40;
  bool write_empty_files = false;
  outbound::LineEndings line_endings;
  std::map<std::string, std::string> office_names;  // local office code -> name (S_NOT04)
};

/// What a job did, for the log, the exit status and job_runs.
struct JobReport {
  std::size_t files_in = 0;
  std::size_t files_rejected = 0;  // quarantined, or with rejected lines
  std::size_t files_out = 0;
  std::string detail;  // key=value summary
  [[nodiscard]] bool input_rejected() const { return files_rejected > 0; }
};

/// Runs jobs against one data directory. Before any job it finishes outbound files a crash left
/// half-published. Throws for the environment (database, file system); bad input is reported.
/// Not thread-safe.
class JobRunner {
 public:
  JobRunner(db::Database& db, const spec::SchemaRegistry& schemas, ops::DataDir dir,
            JobSettings settings);

  /// Every inbound file in inbox/, in business-date and sequence order; each file is applied as
  /// of the date in its own name.
  JobReport collect();

  /// Outbound files for `date`: RTC, APP, DNC (and DNF only when asked by `types`). Without
  /// `types`, the daily set: import TIS extracts waiting in tis/, then RTC, APP, DNC.
  JobReport export_files(const spec::BusinessDate& date, const std::optional<std::string>& office,
                         const std::set<std::string>& types);

  /// A job by name: collect or export (`date` is the export's; collect reads each file's own).
  JobReport run(const std::string& job, const spec::BusinessDate& date);

  [[nodiscard]] static bool is_job(const std::string& name) {
    return name == "collect" || name == "export";
  }

 private:
  void recover();

  db::Database& db_;
  const spec::SchemaRegistry& schemas_;
  ops::DataDir dir_;
  JobSettings settings_;
  outbound::Publisher publisher_;
};

}  // namespace esr::jobs
