// `esrd run` end to end: the daemon runs collect and export on a cron slot, refuses a second
// daemon on the same data directory, survives SIGHUP (a reload) and stops cleanly on SIGTERM.
// A cron minute boundary may be up to 60 s away, so the test takes between a few seconds and
// about 70 s.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "e2e_support.hpp"

namespace esr::e2e {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

// An esrd process started in the background, SIGKILLed and reaped by the destructor if the test
// did not wait for it.
class BackgroundEsrd {
 public:
  BackgroundEsrd(const fs::path& workdir, const std::string& tag, std::vector<std::string> words) {
    fs::create_directories(workdir / ".daemon");
    out_path_ = (workdir / ".daemon" / (tag + ".out")).string();
    err_path_ = (workdir / ".daemon" / (tag + ".err")).string();
    pid_ = spawn_process(std::move(words), workdir, out_path_, err_path_);
  }
  BackgroundEsrd(const BackgroundEsrd&) = delete;
  BackgroundEsrd& operator=(const BackgroundEsrd&) = delete;
  ~BackgroundEsrd() {
    if (running()) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
    }
  }

  [[nodiscard]] pid_t pid() const { return pid_; }

  /// True while the process has not ended (reaps it when it has).
  bool running() {
    if (status_) return false;
    int status = 0;
    pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      status_ = status;
      return false;
    }
    return done == 0;
  }

  void signal(int number) const { ::kill(pid_, number); }

  /// Waits at most `limit` for the process to end; its wait status, or nullopt on time-out.
  std::optional<int> wait_for(std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (running()) {
      if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
      std::this_thread::sleep_for(20ms);
    }
    return status_;
  }

  /// How the process ended, for failure messages ("running" when it has not).
  [[nodiscard]] std::string describe_end() const {
    if (!status_) return "running";
    if (WIFEXITED(*status_)) {
      int code = WEXITSTATUS(*status_);
      return "exit status " + std::to_string(code) +
             (code == 127 ? " (execv failed: is esrd being rebuilt?)" : "");
    }
    if (WIFSIGNALED(*status_)) return "ended by signal " + std::to_string(WTERMSIG(*status_));
    return "wait status " + std::to_string(*status_);
  }

  [[nodiscard]] std::string err() const { return slurp(err_path_); }
  [[nodiscard]] std::string out() const { return slurp(out_path_); }

 private:
  static std::string slurp(const std::string& path) {
    try {
      return read_file(path);
    } catch (const std::exception&) {
      return {};
    }
  }

  pid_t pid_ = -1;
  std::optional<int> status_;
  std::string out_path_;
  std::string err_path_;
};

// Polls `done` every `step` until it holds or `limit` has passed; its last value.
bool poll_until(const std::function<bool()>& done, std::chrono::milliseconds limit,
                std::chrono::milliseconds step = 500ms) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (done()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(step);
  }
}

std::string read_or_empty(const fs::path& file) {
  try {
    return read_file(file);
  } catch (const std::exception&) {
    return {};
  }
}

// True when some line of `text` holds every one of `parts`.
bool has_line_with(const std::string& text, const std::vector<std::string>& parts) {
  for (const auto& line : split_lines(text)) {
    bool all = true;
    for (const auto& part : parts) all = all && line.find(part) != std::string::npos;
    if (all) return true;
  }
  return false;
}

bool has_file_like(const std::vector<std::string>& names, const std::string& prefix) {
  for (const auto& name : names) {
    if (name.rfind(prefix, 0) == 0 && name.ends_with(".DAT")) return true;
  }
  return false;
}

using Daemon = TempDataDir;

TEST_F(Daemon, RunsScheduledJobsRefusesASecondDaemonReloadsOnHupAndStopsOnTerm) {
  // Day-1 inputs: the two RMFs in inbox/, the TIS extract in tis/.
  copy_sample_to_inbox(std::string("day1/inbox/") + emd_rmf);
  copy_sample_to_inbox(std::string("day1/inbox/") + kss_rmf);
  fs::create_directories(data() / "tis");
  for (const char* name : {"posts_20261123.csv", "placements_20261123.csv"}) {
    fs::copy_file(sample(std::string("day1/tis/") + name), data() / "tis" / name);
  }
  const fs::path log_file = data() / "logs" / "esrd.log";
  auto log = [&] { return read_or_empty(log_file); };

  BackgroundEsrd daemon(root(), "first",
                        {esrd_binary().string(), "--data-dir", data().string(), "run",
                         "--schedule.collect", "* * * * *", "--schedule.export", "* * * * *"});
  auto describe = [&] {
    return "daemon: " + daemon.describe_end() + "\n--- daemon stderr ---\n" + daemon.err() +
           "\n--- logs/esrd.log ---\n" + log();
  };

  // Ready: the event loop has its signal handlers once it logs the next run.
  ASSERT_TRUE(
      poll_until([&] { return has_line_with(log(), {"scheduler event=next_run"}); }, 15s, 100ms))
      << describe();
  ASSERT_TRUE(daemon.running()) << describe();

  // A second daemon on the same data directory is refused with exit 2, naming the first.
  RunOptions quick;
  quick.timeout = 30s;
  auto second =
      run_esrd({"run", "--schedule.collect", "* * * * *", "--schedule.export", "* * * * *"}, quick);
  EXPECT_EQ(second.exit_code, 2) << second.describe();
  EXPECT_THAT(second.err, HasSubstr("another esrd daemon")) << second.describe();
  EXPECT_THAT(second.err, HasSubstr("pid " + std::to_string(daemon.pid()))) << second.describe();
  ASSERT_TRUE(daemon.running()) << "the refused daemon must not disturb the first\n" << describe();

  // SIGHUP reloads and does not stop it.
  daemon.signal(SIGHUP);
  std::this_thread::sleep_for(1s);
  ASSERT_TRUE(daemon.running()) << "SIGHUP stopped the daemon\n" << describe();
  EXPECT_TRUE(poll_until([&] { return has_line_with(log(), {"daemon event=reload"}); }, 5s, 100ms))
      << describe();

  // Within the next minute boundary (and a margin): collect empties inbox/, export writes the RTCs.
  bool done = poll_until(
      [&] {
        auto outbox_names = outbox_files();
        return inbox_files().empty() && has_file_like(outbox_names, "DE_EMD_RTC_") &&
               has_file_like(outbox_names, "DE_KSS_RTC_") &&
               has_line_with(log(), {"job=export", "event=finished"});
      },
      75s);
  EXPECT_TRUE(done) << "inbox: " << ::testing::PrintToString(inbox_files())
                    << "\noutbox: " << ::testing::PrintToString(outbox_files()) << "\n"
                    << describe();

  daemon.signal(SIGTERM);
  auto status = daemon.wait_for(10s);
  ASSERT_TRUE(status.has_value()) << "esrd did not stop within 10 s of SIGTERM\n" << describe();
  ASSERT_TRUE(WIFEXITED(*status)) << daemon.describe_end() << "\n" << describe();
  EXPECT_EQ(WEXITSTATUS(*status), 0) << describe();

  auto text = log();
  EXPECT_TRUE(has_line_with(text, {"job=collect", "event=finished"})) << describe();
  EXPECT_TRUE(has_line_with(text, {"job=export", "event=finished"})) << describe();
  EXPECT_TRUE(has_line_with(text, {"daemon event=stopping", "SIGTERM"})) << describe();
  EXPECT_TRUE(has_line_with(text, {"daemon event=stopped"})) << describe();
  EXPECT_FALSE(has_line_with(text, {"event=failed"})) << describe();
  // collect ran before export in the same slot, and each at most once per slot.
  EXPECT_LT(text.find("job=collect"), text.find("job=export")) << describe();

  // The lock went with the daemon: a new one can start (and is stopped straight away).
  BackgroundEsrd next(root(), "next",
                      {esrd_binary().string(), "--data-dir", data().string(), "run"});
  EXPECT_TRUE(poll_until(
      [&] {
        auto all = log();
        auto started = all.rfind("daemon event=started");
        return started != std::string::npos && started > text.size() &&
               all.find("scheduler event=next_run", started) != std::string::npos;
      },
      15s, 100ms))
      << describe();
  ASSERT_TRUE(next.running()) << "a daemon could not start after the first stopped ("
                              << next.describe_end() << ")\n"
                              << next.err();
  next.signal(SIGTERM);
  auto next_status = next.wait_for(10s);
  ASSERT_TRUE(next_status.has_value());
  EXPECT_TRUE(WIFEXITED(*next_status) && WEXITSTATUS(*next_status) == 0) << next.err();
}

TEST_F(Daemon, ABadCronExpressionStopsTheDaemonWithExitTwo) {
  RunOptions quick;
  quick.timeout = 30s;
  auto run = run_esrd({"run", "--schedule.collect", "61 * * * *"}, quick);
  EXPECT_EQ(run.exit_code, 2) << run.describe();
  EXPECT_THAT(run.err, HasSubstr("schedule.collect")) << run.describe();
}

}  // namespace
}  // namespace esr::e2e
