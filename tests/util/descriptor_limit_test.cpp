// raise_descriptor_limit lifts the soft RLIMIT_NOFILE to the hard limit, in a child process so
// the test binary's own limit is left alone.
#include "esr/util/descriptor_limit.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace esr::util {
namespace {

TEST(DescriptorLimit, TheSoftLimitIsRaisedToTheHardOne) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_max < 64) ::_exit(3);
    limit.rlim_cur = 32;  // as a tight service manager might leave it
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) ::_exit(4);
    const auto raised = raise_descriptor_limit();
    rlimit after{};
    ::getrlimit(RLIMIT_NOFILE, &after);
    ::_exit(raised == after.rlim_cur && after.rlim_cur == after.rlim_max ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace esr::util
