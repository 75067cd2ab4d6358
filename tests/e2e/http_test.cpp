// The loopback HTTP endpoint of `esrd run`, end to end: the real daemon in a temporary data
// directory, /healthz and /metrics fetched over TCP, bound to 127.0.0.1 only, off by default,
// and a graceful SIGTERM.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "e2e_support.hpp"

namespace esr::e2e {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

// A port that was free a moment ago (the kernel's pick for 127.0.0.1:0).
std::uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

// Connects to ip:port; the connected descriptor, or -1 with errno set.
int connect_to(const std::string& ip, std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  ::inet_pton(AF_INET, ip.c_str(), &address.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    int saved = errno;
    ::close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

struct HttpReply {
  int status = 0;
  std::string head;  // status line and headers
  std::string body;
  std::string peer;  // the address the connection reached
};

// GET `path` from 127.0.0.1:port over a fresh connection (the endpoint closes it after answering).
HttpReply http_get(std::uint16_t port, const std::string& path) {
  HttpReply reply;
  int fd = connect_to("127.0.0.1", port);
  if (fd < 0) {
    ADD_FAILURE() << "cannot connect to 127.0.0.1:" << port << ": " << std::strerror(errno);
    return reply;
  }
  sockaddr_in peer{};
  socklen_t length = sizeof peer;
  ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length);
  char text[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &peer.sin_addr, text, sizeof text);
  reply.peer = text;
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  EXPECT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  std::string raw;
  char buffer[4096];
  for (;;) {
    auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    raw.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  auto split = raw.find("\r\n\r\n");
  if (split == std::string::npos) {
    ADD_FAILURE() << "no HTTP answer: '" << raw << "'";
    return reply;
  }
  reply.head = raw.substr(0, split);
  reply.body = raw.substr(split + 4);
  if (reply.head.starts_with("HTTP/1.1 ") && reply.head.size() >= 12)
    reply.status = std::stoi(reply.head.substr(9, 3));
  return reply;
}

// The listening TCP sockets on `port` in /proc/net/tcp or tcp6, as "ADDRESS" hex strings.
std::vector<std::string> listeners(const char* table, std::uint16_t port) {
  std::vector<std::string> found;
  std::ifstream in(table);
  std::string line;
  std::getline(in, line);  // the header
  char wanted[8];
  std::snprintf(wanted, sizeof wanted, "%04X", port);
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state;
    fields >> slot >> local >> remote >> state;
    auto colon = local.rfind(':');
    if (colon == std::string::npos || state != "0A") continue;  // 0A: LISTEN
    if (local.substr(colon + 1) == wanted) found.push_back(local.substr(0, colon));
  }
  return found;
}

// The IPv4 addresses of this machine's interfaces other than loopback.
std::vector<std::string> other_ipv4_addresses() {
  std::vector<std::string> found;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return found;
  for (auto* item = list; item != nullptr; item = item->ifa_next) {
    if (item->ifa_addr == nullptr || item->ifa_addr->sa_family != AF_INET) continue;
    auto* address = reinterpret_cast<sockaddr_in*>(item->ifa_addr);
    if ((ntohl(address->sin_addr.s_addr) >> 24) == 127) continue;
    char text[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &address->sin_addr, text, sizeof text);
    found.emplace_back(text);
  }
  ::freeifaddrs(list);
  return found;
}

// `esrd run` started in the background; SIGKILLed by the destructor if a test leaves it running.
class Daemon {
 public:
  Daemon(const fs::path& workdir, const fs::path& data_dir, const std::vector<std::string>& args)
      : out_(workdir / "daemon.out"), err_(workdir / "daemon.err") {
    std::vector<std::string> words{esrd_binary().string(), "--data-dir", data_dir.string(), "run"};
    words.insert(words.end(), args.begin(), args.end());
    pid_ = spawn_process(std::move(words), workdir, out_, err_);
  }
  ~Daemon() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  [[nodiscard]] bool started() const { return pid_ > 0; }
  /// What it has written so far to stderr (the log) and stdout.
  [[nodiscard]] std::string log() const { return read_if_there(err_) + read_if_there(out_); }

  /// Waits until `ready` holds or the daemon has exited (false then, or after `limit`).
  bool wait_for(const std::function<bool()>& ready, std::chrono::seconds limit = 60s) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (ready()) return true;
      if (poll_exit()) return false;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  /// SIGTERM, then the exit status (-1 when a signal ended it or it outlived `limit`).
  int terminate(std::chrono::seconds limit = 60s) {
    if (!exited_) ::kill(pid_, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!poll_exit()) {
      if (std::chrono::steady_clock::now() > deadline) return -1;
      std::this_thread::sleep_for(20ms);
    }
    return WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
  }

 private:
  bool poll_exit() {
    if (exited_) return true;
    if (::waitpid(pid_, &status_, WNOHANG) == pid_) exited_ = true;
    return exited_;
  }

  static std::string read_if_there(const fs::path& file) {
    std::error_code ec;
    return fs::exists(file, ec) ? read_file(file) : std::string();
  }

  fs::path out_, err_;
  pid_t pid_ = -1;
  int status_ = 0;
  bool exited_ = false;
};

std::vector<std::string> metric_lines(const std::string& body, const std::string& prefix) {
  std::vector<std::string> found;
  for (const auto& line : split_lines(body)) {
    if (line.starts_with(prefix)) found.push_back(line);
  }
  return found;
}

// Lower-case suite names, so `ctest -R "http|install"` selects these tests.
using http = TempDataDir;

TEST_F(http, ServesHealthzAndMetricsOnLoopbackOnlyAndStopsOnSigterm) {
  // Some state to report: one RMF collected by hand (a succeeded collect run).
  copy_sample_to_inbox(std::string("day1/inbox/") + emd_rmf);
  auto collect = run_esrd({"run-job", "collect", "--date", "2026-11-23"});
  ASSERT_EQ(collect.exit_code, 0) << collect.describe();

  auto port = free_port();
  // grace 0s: no missed slot runs at start-up, so the state stays as the test made it.
  Daemon daemon(
      root(), data(),
      {"--http.enabled", "true", "--http.port", std::to_string(port), "--schedule.grace", "0s"});
  ASSERT_TRUE(daemon.started());
  ASSERT_TRUE(daemon.wait_for([&] {
    int fd = connect_to("127.0.0.1", port);
    if (fd >= 0) ::close(fd);
    return fd >= 0;
  })) << "the endpoint never answered\n"
      << daemon.log();

  auto health = http_get(port, "/healthz");
  EXPECT_EQ(health.status, 200) << health.head;
  EXPECT_EQ(health.body, "ok\n");
  EXPECT_EQ(health.peer, "127.0.0.1");

  auto metrics = http_get(port, "/metrics");
  EXPECT_EQ(metrics.status, 200) << metrics.head;
  EXPECT_THAT(metrics.head, HasSubstr("Content-Type: text/plain; version=0.0.4"));
  const auto& body = metrics.body;
  EXPECT_THAT(split_lines(body), ::testing::Contains("esrd_files_received_total 1")) << body;
  EXPECT_THAT(split_lines(body), ::testing::Contains("esrd_files_rejected_total 0")) << body;
  EXPECT_EQ(metric_lines(body, "esrd_files_sent_total ").size(), 1U) << body;
  EXPECT_EQ(metric_lines(body, "esrd_applicants{state=\"EXPORTED\"} ").size(), 1U) << body;
  EXPECT_EQ(metric_lines(body, "esrd_applicants{").size(), 6U) << "every applicant state\n" << body;
  EXPECT_THAT(split_lines(body),
              ::testing::Contains("esrd_job_last_outcome{job=\"collect\",outcome=\"succeeded\"} 1"))
      << body;
  auto stamp = metric_lines(body, "esrd_job_last_run_timestamp_seconds{job=\"collect\"} ");
  ASSERT_EQ(stamp.size(), 1U) << body;
  auto seconds = std::stoll(stamp[0].substr(stamp[0].rfind(' ') + 1));
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  EXPECT_LE(std::llabs(now - seconds), 3600) << "the collect run ended just now: " << stamp[0];

  auto missing = http_get(port, "/nothing-here");
  EXPECT_EQ(missing.status, 404);

  // Bound to 127.0.0.1 and nothing else: one IPv4 listener at 0100007F (127.0.0.1 as the kernel
  // prints it), no wildcard 00000000, no IPv6 one; other addresses of this machine refuse.
  EXPECT_THAT(listeners("/proc/net/tcp", port), ::testing::ElementsAre("0100007F"));
  EXPECT_THAT(listeners("/proc/net/tcp6", port), ::testing::IsEmpty());
  for (const auto& address : other_ipv4_addresses()) {
    int fd = connect_to(address, port);
    if (fd >= 0) ::close(fd);
    EXPECT_LT(fd, 0) << "the endpoint answered on " << address;
  }

  EXPECT_EQ(daemon.terminate(), 0) << daemon.log();
  auto log = daemon.log();
  EXPECT_THAT(log, HasSubstr("http event=listening address=127.0.0.1 port=" + std::to_string(port)))
      << log;
  EXPECT_THAT(log, HasSubstr("daemon event=stopped")) << log;
  EXPECT_LT(connect_to("127.0.0.1", port), 0) << "still listening after the daemon stopped";
}

TEST_F(http, IsOffByDefault) {
  auto port = free_port();
  Daemon daemon(root(), data(), {"--http.port", std::to_string(port), "--schedule.grace", "0s"});
  ASSERT_TRUE(daemon.started());
  ASSERT_TRUE(daemon.wait_for([&] {
    return daemon.log().find("daemon event=started") != std::string::npos;
  })) << daemon.log();
  EXPECT_THAT(listeners("/proc/net/tcp", port), ::testing::IsEmpty());
  EXPECT_LT(connect_to("127.0.0.1", port), 0);
  EXPECT_EQ(daemon.terminate(), 0) << daemon.log();
  EXPECT_THAT(daemon.log(), ::testing::Not(HasSubstr("http event=listening")));
}

TEST_F(http, APortInUseStopsTheDaemonWithExitTwo) {
  // Hold the port with a listener of our own.
  int holder = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(holder, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(holder, 1), 0);
  socklen_t length = sizeof address;
  ::getsockname(holder, reinterpret_cast<sockaddr*>(&address), &length);
  auto port = std::to_string(ntohs(address.sin_port));

  RunOptions options;
  options.timeout = 60s;
  auto run = run_esrd({"run", "--http.enabled", "true", "--http.port", port}, options);
  ::close(holder);
  EXPECT_EQ(run.exit_code, 2) << run.describe();
  EXPECT_THAT(run.err, HasSubstr("http endpoint")) << run.describe();

  auto bad = run_esrd({"run", "--http.enabled", "true", "--http.port", "70000"}, options);
  EXPECT_EQ(bad.exit_code, 2) << bad.describe();
  EXPECT_THAT(bad.err, HasSubstr("http.port")) << bad.describe();
}

}  // namespace
}  // namespace esr::e2e
