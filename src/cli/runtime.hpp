#pragma once
// Opening a data directory for a command: folders, lock, database, jobs (private to cli).
#include <optional>

#include "command.hpp"
#include "esr/db/database.hpp"
#include "esr/jobs/job_runner.hpp"
#include "esr/ops/data_dir.hpp"
#include "esr/ops/instance_lock.hpp"

namespace esr::cli {

/// Holds what a state-changing command needs. Construction creates the data directory layout,
/// takes the job lock (waiting up to a minute for a job of another process to finish), opens and
/// migrates the database and finishes outbound files left half-published by a crash.
/// Throws for the environment.
class Runtime {
 public:
  explicit Runtime(CommandContext& context, bool take_job_lock = true);

  [[nodiscard]] db::Database& db() { return *db_; }
  [[nodiscard]] const ops::DataDir& dir() const { return dir_; }
  [[nodiscard]] jobs::JobRunner& jobs() { return *jobs_; }
  [[nodiscard]] jobs::JobSettings settings() const;

 private:
  CommandContext& context_;
  ops::DataDir dir_;
  std::optional<ops::InstanceLock> job_lock_;
  std::optional<db::Database> db_;
  std::optional<jobs::JobRunner> jobs_;
};

/// The business date: --date D when given, else today in the configured time zone.
/// Returns nullopt (and prints why) when --date is not a valid YYYY-MM-DD.
[[nodiscard]] spec::BusinessDate business_date(CommandContext& context);

/// Adds --date to a command's options.
void add_date_option(boost::program_options::options_description& options);

}  // namespace esr::cli
