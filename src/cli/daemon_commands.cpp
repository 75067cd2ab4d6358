// run: the daemon.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <optional>
#include <system_error>

#include "command.hpp"
#include "esr/cli/command_error.hpp"
#include "esr/ops/data_dir.hpp"
#include "esr/ops/instance_lock.hpp"
#include "esr/schedule/daemon.hpp"
#include "esr/schedule/http_endpoint.hpp"
#include "esr/state/state_schema.hpp"
#include "esr/util/descriptor_limit.hpp"
#include "runtime.hpp"

namespace esr::cli {

namespace {

std::optional<schedule::Plan> plan_from(const Config& config, std::string* error) {
  return schedule::build_plan(config.collect_slots, config.export_slots, config.timezone,
                              config.grace, error);
}

ExitCode run_daemon_command(CommandContext& context) {
  ops::DataDir dir{context.config.data_dir};
  dir.create_layout();
  auto lock_file = dir.state() / "esrd.lock";
  auto lock = ops::InstanceLock::try_acquire(lock_file);
  if (!lock) {
    auto holder = ops::lock_holder_pid(lock_file);
    spdlog::error("daemon event=refused reason=\"another daemon holds {}\"", lock_file.string());
    throw CommandError::environment(
        fmt::format("esrd run: another esrd daemon{} is already running on {}",
                    holder ? fmt::format(" (pid {})", *holder) : "", dir.root.string()));
  }
  std::string error;
  auto plan = plan_from(context.config, &error);
  if (!plan) {
    throw CommandError::usage("esrd run: " + error);
  }
  (void)context.schemas();  // a broken schema folder stops the daemon now, not at 18:00
  if (context.config.http_enabled &&
      (context.config.http_port < 1 || context.config.http_port > 65535)) {
    throw CommandError::usage(
        fmt::format("esrd run: http.port must be 1 to 65535, not {}", context.config.http_port));
  }
  auto db = state::open_state(dir.database(), &context.schemas());
  const auto descriptors = util::raise_descriptor_limit();
  // The loopback endpoint (http.enabled): its own thread, and a fresh read-only connection to the
  // state per /metrics request. Started after open_state, so the schema it reads exists; a port
  // that cannot be bound stops the daemon now rather than leaving it silently unmonitored.
  std::optional<schedule::HttpEndpoint> http;
  if (context.config.http_enabled) {
    try {
      http.emplace(static_cast<std::uint16_t>(context.config.http_port),
                   [file = dir.database()] { return schedule::read_status_file(file); });
    } catch (const std::system_error& e) {
      spdlog::error("daemon event=refused reason=\"http endpoint: {}\"", e.what());
      throw CommandError::environment(fmt::format("esrd run: http endpoint: {}", e.what()));
    }
  }
  schedule::SystemClock clock;
  schedule::Scheduler scheduler(db, *plan, clock);
  spdlog::info(
      "daemon event=started pid={} data_dir={} timezone={} slots={} grace_s={} open_files_limit={}",
      ::getpid(), dir.root.string(), context.config.timezone, plan->jobs.size(),
      plan->grace.count(), descriptors);
  schedule::DaemonHooks hooks;
  hooks.run_job = [&](const schedule::DueRun& due) {
    Runtime runtime(context);  // takes the job lock, so a hand-run job and a slot never overlap
    auto report = runtime.jobs().run(due.job, due.date);
    return std::make_pair(true, report.detail);
  };
  hooks.reload = [&]() -> std::optional<schedule::Plan> {
    std::string why;
    const Config previous = context.config;  // a reload applies whole or not at all
    if (!context.reload_config(&why)) {
      spdlog::error(
          "daemon event=reload_failed error=\"{}\" detail=\"keeping the old configuration\"", why);
      return std::nullopt;
    }
    auto fresh = plan_from(context.config, &why);
    if (!fresh) {
      context.config = previous;
      spdlog::error(
          "daemon event=reload_failed error=\"{}\" detail=\"keeping the old configuration\"", why);
      return std::nullopt;
    }
    spdlog::info("daemon event=reloaded slots={}", fresh->jobs.size());
    return fresh;
  };
  return static_cast<ExitCode>(schedule::run_daemon(scheduler, clock, hooks));
}

}  // namespace

void add_daemon_commands(std::vector<CommandSpec>& commands) {
  commands.push_back({"run", "run",
                      "the daemon: runs scheduled jobs until SIGTERM/SIGINT (SIGHUP reloads)", 0, 0,
                      true, nullptr, run_daemon_command});
}

}  // namespace esr::cli
