#include "runtime.hpp"

#include <date/tz.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "esr/cli/command_error.hpp"
#include "esr/state/state_schema.hpp"

namespace esr::cli {

namespace po = boost::program_options;

Runtime::Runtime(CommandContext& context, bool take_job_lock)
    : context_(context), dir_{context.config.data_dir} {
  dir_.create_layout();
  if (take_job_lock) {
    auto lock_file = dir_.state() / "job.lock";
    const auto started = std::chrono::steady_clock::now();
    const auto deadline = started + std::chrono::seconds(60);
    bool said_waiting = false;
    auto holder_text = [&] {
      auto holder = ops::lock_holder_pid(lock_file);
      return holder ? fmt::format(" (pid {})", *holder) : std::string();
    };
    for (;;) {
      job_lock_ = ops::InstanceLock::try_acquire(lock_file);
      if (job_lock_) break;
      const auto now = std::chrono::steady_clock::now();
      if (now > deadline) {
        throw CommandError::environment(fmt::format(
            "esrd: another esrd process{} is running a job on {}; try again when it has finished",
            holder_text(), dir_.root.string()));
      }
      if (!said_waiting && now - started >= std::chrono::seconds(1)) {
        // A hand-run command that seems to hang is waiting for the daemon's job: say so.
        const auto holder = holder_text();  // the lock file read once for both lines
        std::cerr << fmt::format(
            "esrd: waiting for another esrd process{} to finish its job on {} (up to a minute)\n",
            holder, dir_.root.string());
        spdlog::info("command waiting_for=job.lock holder=\"{}\"", holder);
        said_waiting = true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  db_.emplace(state::open_state(dir_.database(), &context.schemas()));
  jobs_.emplace(*db_, context.schemas(), dir_, settings());
}

jobs::JobSettings Runtime::settings() const {
  const auto& config = context_.config;
  jobs::JobSettings settings;
  settings.inbound.local_offices = config.local_offices;
  settings.window_min_days = config.window_min_days;
  settings.window_max_days = config.window_max_days;
  settings.max_applicants_per_position = config.max_applicants_per_position;
  settings.write_empty_files = config.write_empty_files;
  settings.line_endings = line_endings(config);
  if (const auto* lists = context_.references()) {
    if (const auto* offices = lists->find("local_offices")) {
      for (const auto& office : offices->values)
        settings.office_names[office.code] = office.meaning;
    }
  }
  return settings;
}

spec::BusinessDate business_date(CommandContext& context) {
  auto given = context.option("date");
  if (!given.empty()) {
    auto parsed = spec::BusinessDate::from_iso(given);
    if (!parsed) {
      throw CommandError::usage(
          fmt::format("esrd: --date must be a real date YYYY-MM-DD, not '{}'", given));
    }
    return *parsed;
  }
  const auto* zone = date::locate_zone(context.config.timezone);
  auto local = date::make_zoned(zone, std::chrono::system_clock::now()).get_local_time();
  date::year_month_day ymd{date::floor<date::days>(local)};
  return spec::BusinessDate{static_cast<int>(ymd.year()),
                            static_cast<int>(static_cast<unsigned>(ymd.month())),
                            static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

void add_date_option(po::options_description& options) {
  options.add_options()("date", po::value<std::string>(),
                        "business date YYYY-MM-DD (default: today)");
}

}  // namespace esr::cli
