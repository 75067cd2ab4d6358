// A hand-run job waits for the job another process holds (the daemon's 18:00 export, say), and
// says so after a second instead of seeming to hang (issue 19, item 6).
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "e2e_support.hpp"

namespace esr::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class JobLock : public TempDataDir {
 protected:
  /// Forks a process that holds state/job.lock, with its pid written in, for `held`; returns
  /// once the lock is taken.
  pid_t hold_job_lock(std::chrono::milliseconds held) {
    fs::create_directories(data() / "state");
    const auto lock_file = (data() / "state" / "job.lock").string();
    int ready[2];
    if (::pipe(ready) != 0) return -1;
    const pid_t child = ::fork();
    if (child == 0) {
      int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT, 0600);
      if (fd < 0 || ::flock(fd, LOCK_EX) != 0) ::_exit(1);
      const auto pid = std::to_string(::getpid()) + "\n";
      if (::ftruncate(fd, 0) != 0 || ::write(fd, pid.data(), pid.size()) < 0) ::_exit(1);
      if (::write(ready[1], "x", 1) != 1) ::_exit(1);
      std::this_thread::sleep_for(held);
      ::_exit(0);
    }
    char byte = 0;
    ::close(ready[1]);
    EXPECT_EQ(::read(ready[0], &byte, 1), 1) << "the lock holder did not start";
    ::close(ready[0]);
    return child;
  }

  static void reap(pid_t child) {
    int status = 0;
    ::waitpid(child, &status, 0);
  }
};

TEST_F(JobLock, AJobWaitingForAnotherProcessSaysSoThenRunsWhenItIsFree) {
  const auto holder = hold_job_lock(std::chrono::milliseconds(2500));
  ASSERT_GT(holder, 0);
  auto run = run_esrd({"export", "--date", "2026-11-23"});
  reap(holder);
  EXPECT_EQ(run.exit_code, 0) << run.describe();
  EXPECT_THAT(run.err, HasSubstr("esrd: waiting for another esrd process (pid " +
                                 std::to_string(holder) + ") to finish its job on"))
      << run.describe();
}

TEST_F(JobLock, AJobThatGetsTheLockAtOnceSaysNothingAboutWaiting) {
  auto run = run_esrd({"export", "--date", "2026-11-23"});
  EXPECT_EQ(run.exit_code, 0) << run.describe();
  EXPECT_THAT(run.err, Not(HasSubstr("waiting for"))) << run.describe();
}

}  // namespace
}  // namespace esr::e2e
