// replay, run-job, export, status: the commands that work on a data directory.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "command.hpp"
#include "esr/cli/command_error.hpp"
#include "esr/cli/config.hpp"
#include "esr/db/transaction.hpp"
#include "esr/inbound/tis_import.hpp"
#include "esr/jobs/job_log.hpp"
#include "esr/report/status.hpp"
#include "esr/state/exclusions.hpp"
#include "esr/state/state_schema.hpp"
#include "esr/util/utc_time.hpp"
#include "runtime.hpp"

namespace esr::cli {

namespace po = boost::program_options;

namespace {

// The --lo of `command` as a configured office code (any letter case), nullopt when not given;
// an office that is not configured is a usage error.
std::optional<std::string> office_option(const CommandContext& context, std::string_view command) {
  const auto given = context.option("lo");
  if (given.empty()) return std::nullopt;
  const auto code = office_code(given);
  const auto& offices = context.config.local_offices;
  if (std::find(offices.begin(), offices.end(), code) == offices.end()) {
    throw CommandError::usage(
        fmt::format("esrd {}: --lo {} is not a configured local office (offices.code: {})", command,
                    given, fmt::join(offices, ", ")));
  }
  return code;
}

// Refuses an input given by hand that esrd must not read: a symbolic link (never followed, so
// that a link cannot hand esrd its own database to echo back to ESR), a FIFO or device (reading
// one would hang holding the job lock), or nothing at all; `folder_allowed` for import-tis.
void require_plain_input(const std::filesystem::path& path, bool folder_allowed) {
  std::error_code ec;
  const auto status = std::filesystem::symlink_status(path, ec);
  const auto shown = path.string();
  if (ec || !std::filesystem::exists(status)) {
    throw CommandError::unreadable(
        {shown, 0, "file",
         folder_allowed ? "no such file or folder" : "not a readable regular file"});
  }
  if (std::filesystem::is_symlink(status)) {
    throw CommandError::unreadable(
        {shown, 0, "file", "a symbolic link, which esrd does not follow: give the file itself"});
  }
  if (std::filesystem::is_regular_file(status)) return;
  if (folder_allowed && std::filesystem::is_directory(status)) return;
  throw CommandError::unreadable({shown, 0, "file", "not a readable regular file"});
}

ExitCode run_replay(CommandContext& context) {
  std::filesystem::path file = context.args.front();
  require_plain_input(file, /*folder_allowed=*/false);
  inbound::ProcessOptions options;
  if (!context.option("date").empty()) options.date = business_date(context);
  options.dry_run = context.flag("dry-run");
  options.force = context.flag("force");
  Runtime runtime(context);
  inbound::InboundProcessor processor(runtime.db(), context.schemas(), runtime.dir(),
                                      runtime.settings().inbound);
  auto result = processor.process(file, options);
  for (const auto& problem : result.problems) std::cout << spec::to_string(problem) << '\n';
  std::cout << fmt::format(
      "{}: {} ({} records{}{})\n", result.file, inbound::to_string(result.outcome), result.records,
      result.problem_count ? fmt::format(", {} problems", result.problem_count) : "",
      result.effects.empty() ? "" : ", " + result.effects);
  if (result.outcome == inbound::Outcome::rejected || result.problem_count > 0)
    return ExitCode::rejected;
  return ExitCode::success;
}

ExitCode run_job(CommandContext& context) {
  const auto& job = context.args.front();
  if (!jobs::JobRunner::is_job(job)) {
    throw CommandError::usage(
        fmt::format("esrd run-job: unknown job '{}'; jobs: collect, export", job));
  }
  auto date = business_date(context);
  Runtime runtime(context);
  // The process id keeps two hand runs started in the same second apart: each is recorded.
  auto slot = fmt::format("manual:{}#{}", util::utc_now_iso(), ::getpid());
  auto run_id = jobs::start_run(runtime.db(), job, slot, "", date);
  jobs::JobReport report;
  auto work = [&] {
    report = runtime.jobs().run(job, date);
    return jobs::RunOutcome{true, report.detail};
  };
  if (!run_id) throw std::runtime_error(fmt::format("job slot {} is already recorded", slot));
  (void)jobs::run_claimed(runtime.db(), *run_id, job, slot, date, work);
  std::cout << fmt::format("{}: {}\n", job, report.detail);
  return report.input_rejected() ? ExitCode::rejected : ExitCode::success;
}

ExitCode run_export(CommandContext& context) {
  auto date = business_date(context);
  const auto office = office_option(context, "export");
  std::set<std::string> types;
  if (!context.option("type").empty()) {
    auto type = context.option("type");
    if (type != "APP" && type != "DNC" && type != "DNF" && type != "RTC") {
      throw CommandError::usage("esrd export: --type must be APP, DNC, DNF or RTC");
    }
    if (type == "DNF" && !office) {
      throw CommandError::usage("esrd export: a DNF is for one local office: give --lo");
    }
    types.insert(type);
  }
  Runtime runtime(context);
  auto report = runtime.jobs().export_files(date, office, types);
  spdlog::info("command=export date={} {}", date.iso(), report.detail);
  std::cout << fmt::format("export: {}\n", report.detail);
  return ExitCode::success;
}

ExitCode run_import_tis(CommandContext& context) {
  std::filesystem::path path = context.args.front();
  require_plain_input(path, /*folder_allowed=*/true);
  if (!std::filesystem::is_directory(path)) {
    // A file named by hand that is no extract is the operator's slip, not a delivery to file
    // away: said, and left where it is (nothing quarantined, nothing recorded).
    if (auto problem =
            inbound::tis_extract_name_problem(context.schemas(), path.filename().string())) {
      problem->file = path.string();
      throw CommandError::input(*problem);
    }
  }
  inbound::ProcessOptions options;
  if (!context.option("date").empty()) options.date = business_date(context);
  Runtime runtime(context);
  inbound::TisImporter importer(runtime.db(), context.schemas(), runtime.dir());
  bool rejected = false;
  for (const auto& result : importer.import(path, options)) {
    for (const auto& problem : result.problems) std::cout << spec::to_string(problem) << '\n';
    std::cout << fmt::format("{}: {} ({} records{})\n", result.file,
                             inbound::to_string(result.outcome), result.records,
                             result.effects.empty() ? "" : ", " + result.effects);
    rejected = rejected || result.outcome == inbound::Outcome::rejected;
  }
  return rejected ? ExitCode::rejected : ExitCode::success;
}

ExitCode run_exclude(CommandContext& context) {
  const auto office = office_option(context, "exclude");
  std::filesystem::path file = context.args.front();
  std::ifstream in(file);
  if (!in) {
    throw CommandError::unreadable({file.string(), 0, "file", "cannot be read"});
  }
  Runtime runtime(context);
  db::Transaction transaction(runtime.db());
  state::ExclusionWriter exclusions(transaction);
  std::string line;
  std::size_t added = 0, number = 0;
  bool bad = false;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.erase(0, 1);
    if (line.empty()) continue;
    if (line.find_first_of(" ,;\t") != std::string::npos || line.size() > 30) {
      std::cout << fmt::format(
          "{}:{}:placement_id: one placement id per line, at most 30 characters\n", file.string(),
          number);
      bad = true;
      continue;
    }
    if (exclusions.add({line, office.value_or(""), file.filename().string(), util::utc_now_iso()}))
      ++added;
  }
  if (bad) return ExitCode::rejected;  // nothing kept: the transaction rolls back
  transaction.commit();
  spdlog::info("command=exclude file={} placements_added={}", file.filename().string(), added);
  std::cout << fmt::format("exclusions: {} placement(s) added\n", added);
  return ExitCode::success;
}

nlohmann::json status_json(const report::StatusCounts& counts) {
  nlohmann::json out;
  out["positions"] = {{"total", counts.positions_total},
                      {"matched", counts.positions_matched},
                      {"unmatched", counts.positions_unmatched},
                      {"deleted", counts.positions_deleted}};
  out["applicants"] = nlohmann::json::object();
  for (const auto& [state, count] : counts.applicants) out["applicants"][state] = count;
  out["applicant_warnings"] = {
      {"sent_or_waiting_with_a_part_left_out", counts.applicants_with_warnings}};
  out["notifications"] = nlohmann::json::object();
  for (const auto& [state, count] : counts.notifications) out["notifications"][state] = count;
  out["files"] = {{"received", counts.files_received},
                  {"quarantined", counts.files_quarantined},
                  {"sent", counts.files_sent},
                  {"pending", counts.files_pending}};
  out["confirmations"] = {{"unmatched", counts.confirmations_unmatched}};
  out["jobs"] = nlohmann::json::object();
  for (const auto& [job, run] : counts.last_runs) {
    out["jobs"][job] = {{"slot", run.slot_key},
                        {"started_at", run.started_at},
                        {"finished_at", run.finished_at},
                        {"outcome", run.outcome}};
  }
  return out;
}

// APC/DCC lines that confirmed nothing: ESR answered something esrd cannot place.
void print_unmatched_confirmations(const report::StatusCounts& counts) {
  std::cout << fmt::format("confirmations: {} unmatched line(s)", counts.confirmations_unmatched);
  if (counts.recent_unmatched.empty()) {
    std::cout << '\n';
    return;
  }
  std::cout << fmt::format("{}\n",
                           counts.confirmations_unmatched > report::recent_unmatched_listed
                               ? fmt::format(", the latest {}:", counts.recent_unmatched.size())
                               : ":");
  for (const auto& problem : counts.recent_unmatched)
    std::cout << "  " << spec::to_string(problem) << '\n';
}

ExitCode run_status(CommandContext& context) {
  ops::DataDir dir{context.config.data_dir};
  if (!std::filesystem::exists(dir.database())) {
    std::ostringstream quoted;
    quoted << dir.database();
    auto missing =
        fmt::format("esrd status: no state at {} (nothing has run here yet)", quoted.str());
    if (!context.flag("json")) throw CommandError::environment(missing);
    // A monitor asking for JSON gets the empty counts: nothing has run is an answer, not a fault.
    std::cerr << missing << '\n';
    std::cout << status_json(report::empty_status()).dump() << '\n';
    return ExitCode::success;
  }
  // The schemas serve only an upgrade of an older state (migration 7 formats the notifications
  // not yet exported), so status still answers when they cannot be read, as it did before.
  const spec::SchemaRegistry* schemas = nullptr;
  try {
    schemas = &context.schemas();
  } catch (const spec::SchemaError&) {
    schemas = nullptr;  // open_state then refuses only an upgrade that needs them, saying so
  }
  auto db = state::open_state(dir.database(), schemas);
  auto counts = report::read_status(db);
  if (context.flag("json")) {
    std::cout << status_json(counts).dump() << '\n';
    return ExitCode::success;
  }
  std::cout << fmt::format("data directory: {}\n", dir.root.string());
  std::cout << fmt::format("positions:     {} held: {} matched, {} unmatched, {} deleted\n",
                           counts.positions_total, counts.positions_matched,
                           counts.positions_unmatched, counts.positions_deleted);
  std::cout << "applicants:   ";
  for (const auto& state : report::applicant_states()) {
    std::cout << fmt::format(" {}={}", state, counts.applicants[state]);
  }
  if (counts.applicants_with_warnings > 0) {
    std::cout << fmt::format(
        "\n              {} sent or waiting with a part of the record left out (esrd trace "
        "--placement ID says which; the log has each)",
        counts.applicants_with_warnings);
  }
  std::cout << "\nnotifications:";
  for (const auto& [state, count] : counts.notifications)
    std::cout << fmt::format(" {}={}", state, count);
  std::cout << fmt::format(
      "\nfiles:         {} received ({} quarantined), {} sent, {} waiting to publish\n",
      counts.files_received, counts.files_quarantined, counts.files_sent, counts.files_pending);
  for (const auto& [job, run] : counts.last_runs) {
    std::cout << fmt::format("last {:<8} {} {} (slot {}, started {})\n", job + ":", run.outcome,
                             run.finished_at, run.slot_key, run.started_at);
  }
  print_unmatched_confirmations(counts);
  return ExitCode::success;
}

}  // namespace

void add_state_commands(std::vector<CommandSpec>& commands) {
  commands.push_back({"run-job", "run-job JOB [--date D]",
                      "run one job now (collect, export): the same code the scheduler runs", 1, 1,
                      true, add_date_option, run_job});
  commands.push_back(
      {"replay", "replay FILE [--date D] [--dry-run] [--force]",
       "process one inbound .DAT by hand; a file already applied is reported, not applied twice", 1,
       1, true,
       [](po::options_description& options) {
         add_date_option(options);
         options.add_options()("dry-run", "validate and show the effect; change nothing")(
             "force", "apply again a file already applied");
       },
       run_replay});
  commands.push_back({"export", "export [--date D] [--lo LO] [--type APP|DNC|DNF|RTC]",
                      "write outbound files now (DNF only ever on request)", 0, 0, true,
                      [](po::options_description& options) {
                        add_date_option(options);
                        options.add_options()("lo", po::value<std::string>(),
                                              "only this local office")(
                            "type", po::value<std::string>(), "only this file type");
                      },
                      run_export});
  commands.push_back({"import-tis", "import-tis PATH [--date D]",
                      "load a TIS extract (a file or a folder of them)", 1, 1, true,
                      add_date_option, run_import_tis});
  commands.push_back(
      {"exclude", "exclude FILE [--lo LO]",
       "day one for an office: placement ids (one per line) already sent by the previous interface",
       1, 1, true,
       [](po::options_description& options) {
         options.add_options()("lo", po::value<std::string>(), "the office the list is for");
       },
       run_exclude});
  commands.push_back(
      {"status", "status [--json]", "what the state holds", 0, 0, false,
       [](po::options_description& options) { options.add_options()("json", "one JSON object"); },
       run_status});
}

}  // namespace esr::cli
