// check and backup (DESIGN §5): the database and the archive, looked after while the daemon runs.
// Neither migrates the schema nor takes the job lock: they only read the state.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "command.hpp"
#include "esr/cli/command_error.hpp"
#include "esr/db/backup.hpp"
#include "esr/ops/data_dir.hpp"
#include "esr/ops/state_check.hpp"
#include "esr/state/state_schema.hpp"
#include "esr/util/utc_time.hpp"

namespace esr::cli {

namespace {

// The state database of the configured data directory, opened as it is (no migration); an
// environment error when there is none.
db::Database existing_state(CommandContext& context, const char* command) {
  ops::DataDir dir{context.config.data_dir};
  std::error_code ec;
  if (!std::filesystem::is_regular_file(dir.database(), ec)) {
    throw CommandError::environment(fmt::format(
        "esrd {}: no state at {} (nothing has run here yet)", command, dir.database().string()));
  }
  return db::Database::open(dir.database());
}

ExitCode run_check(CommandContext& context) {
  auto db = existing_state(context, "check");
  auto check = ops::check_state(db, ops::DataDir{context.config.data_dir});
  for (const auto& problem : check.problems) std::cout << problem << '\n';
  std::cout << fmt::format(
      "check: database integrity {}, {} sent file(s) against the archive, {} archived file(s) "
      "against the ledger: {}\n",
      check.problems.empty() ? "ok" : "see above", check.sent_files_checked,
      check.archived_files_checked,
      check.sound() ? "sound" : fmt::format("{} problem(s)", check.problems.size()));
  if (check.sound()) {
    spdlog::info("command=check outcome=sound sent_files={} archived_files={}",
                 check.sent_files_checked, check.archived_files_checked);
    return ExitCode::success;
  }
  spdlog::error("command=check outcome=problems problems={}", check.problems.size());
  return ExitCode::rejected;
}

ExitCode run_backup(CommandContext& context) {
  std::filesystem::path destination = context.args.front();
  std::error_code ec;
  if (std::filesystem::is_directory(destination, ec)) {
    destination /= fmt::format("esrd-{}.sqlite", util::utc_now_compact());
  }
  auto db = existing_state(context, "backup");
  db::backup_into(db, destination);
  spdlog::info("command=backup database={} copy={}", db.path().string(), destination.string());
  std::cout << fmt::format("backup: {}\n", destination.string());
  return ExitCode::success;
}

}  // namespace

void add_maintenance_commands(std::vector<CommandSpec>& commands) {
  commands.push_back({"check", "check",
                      "integrity of the database, and of the archive against the ledger (exit 1 "
                      "when a problem is found)",
                      0, 0, true, nullptr, run_check});
  commands.push_back({"backup", "backup DEST",
                      "a consistent copy of the database, safe while the daemon runs (DEST: a new "
                      "file, or a folder for esrd-<UTC time>.sqlite)",
                      1, 1, true, nullptr, run_backup});
}

}  // namespace esr::cli
