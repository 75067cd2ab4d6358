#include "esr/schedule/daemon.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>

namespace esr::schedule {

namespace {

// Longest single wait: the plan is re-read from the clock at least this often, so a wall-clock
// change (NTP, DST is not one: slots are UTC instants) is noticed.
constexpr std::chrono::seconds max_wait{30};

class Loop {
 public:
  Loop(Scheduler& scheduler, const Clock& clock, const DaemonHooks& hooks)
      : scheduler_(scheduler),
        clock_(clock),
        hooks_(hooks),
        timer_(io_),
        signals_(io_, SIGTERM, SIGINT, SIGHUP) {}

  int run() {
    for (const auto& due : scheduler_.startup()) execute(due);
    cursor_ = clock_.now();
    wait_signals();
    arm();
    io_.run();
    spdlog::info("daemon event=stopped");
    return 0;
  }

 private:
  void execute(const DueRun& due) {
    auto claimed = scheduler_.claim(due);
    if (!claimed) {
      spdlog::info("job={} slot={} event=skipped detail=\"this slot already ran\"", due.job,
                   due.slot.key);
      return;
    }
    try {
      (void)scheduler_.run_claimed(*claimed, due, [&] {
        auto [ok, detail] = hooks_.run_job(due);
        return jobs::RunOutcome{ok, detail};
      });
    } catch (const std::exception&) {
      // Recorded failed and logged by run_claimed; the daemon carries on with the next slot.
    }
  }

  void arm() {
    if (stopping_) return;
    auto next = scheduler_.next_after(cursor_);
    auto now = clock_.now();
    std::chrono::seconds wait = max_wait;
    if (next) {
      auto until = next->first - now;
      wait =
          std::clamp<std::chrono::seconds>(std::chrono::duration_cast<std::chrono::seconds>(until),
                                           std::chrono::seconds(0), max_wait);
      if (!logged_next_ || *logged_next_ != next->first) {
        logged_next_ = next->first;
        spdlog::info("scheduler event=next_run at={} jobs={}", iso_utc(next->first),
                     next->second.size());
      }
    }
    timer_.expires_after(wait);
    timer_.async_wait([this](const boost::system::error_code& error) {
      if (error || stopping_) return;
      tick();
    });
  }

  void tick() {
    auto next = scheduler_.next_after(cursor_);
    if (next && clock_.now() >= next->first) {
      for (const auto& due : next->second) execute(due);
      cursor_ = next->first;
    }
    arm();
  }

  void wait_signals() {
    signals_.async_wait([this](const boost::system::error_code& error, int signal) {
      if (error) return;
      if (signal == SIGHUP) {
        spdlog::info("daemon event=reload");
        if (auto plan = hooks_.reload()) {
          scheduler_.replace_plan(std::move(*plan));
          logged_next_.reset();
          timer_.cancel();
          arm();
        }
        wait_signals();
        return;
      }
      spdlog::info("daemon event=stopping signal={}", signal == SIGTERM ? "SIGTERM" : "SIGINT");
      stopping_ = true;
      timer_.cancel();
      signals_.cancel();
      io_.stop();
    });
  }

  Scheduler& scheduler_;
  const Clock& clock_;
  const DaemonHooks& hooks_;
  boost::asio::io_context io_;
  boost::asio::steady_timer timer_;
  boost::asio::signal_set signals_;
  std::chrono::sys_seconds cursor_{};
  std::optional<std::chrono::sys_seconds> logged_next_;
  bool stopping_ = false;
};

}  // namespace

int run_daemon(Scheduler& scheduler, const Clock& clock, const DaemonHooks& hooks) {
  Loop loop(scheduler, clock, hooks);
  return loop.run();
}

}  // namespace esr::schedule
