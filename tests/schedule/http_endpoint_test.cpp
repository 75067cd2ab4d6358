// The loopback HTTP endpoint: the Prometheus text from a StatusCounts value, the routing of
// requests (no socket), reading the counts from a state file, and one in-process round trip.
#include "esr/schedule/http_endpoint.hpp"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "esr/state/state_schema.hpp"

namespace esr::schedule {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool has_line(const std::string& text, const std::string& line) {
  for (const auto& candidate : lines_of(text)) {
    if (candidate == line) return true;
  }
  return false;
}

report::StatusCounts sample_counts() {
  report::StatusCounts counts;
  counts.positions_total = 10;
  counts.positions_matched = 6;
  counts.positions_unmatched = 3;
  counts.positions_deleted = 1;
  for (const auto& state : report::applicant_states()) counts.applicants[state] = 0;
  counts.applicants["TO_EXPORT"] = 4;
  counts.applicants["EXPORTED"] = 7;
  counts.notifications = {{"pending", 1}, {"exported", 2}, {"confirmed", 3}, {"failed", 0}};
  counts.files_received = 12;
  counts.files_quarantined = 2;
  counts.files_sent = 5;
  counts.files_pending = 1;
  counts.last_runs["collect"] = {"collect", "2026-11-23T14:30@2026-11-23T14:30:00Z",
                                 "2026-11-23T14:30:00Z", "2026-11-23T14:30:07Z", "succeeded"};
  counts.last_runs["export"] = {"export", "2026-11-23T18:00@2026-11-23T18:00:00Z",
                                "2026-11-23T18:00:01Z", "", "failed"};
  return counts;
}

TEST(ParseUtcSeconds, ReadsTheStoredFormAndRefusesAnythingElse) {
  EXPECT_EQ(parse_utc_seconds("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_utc_seconds("2026-11-23T14:30:00Z"), 1795444200);
  EXPECT_EQ(parse_utc_seconds("2024-02-29T23:59:59Z"), 1709251199);
  for (const char* bad :
       {"", "2026-11-23", "2026-11-23T14:30:00", "2026-11-23 14:30:00Z", "2026-02-30T00:00:00Z",
        "2026-11-23T24:00:00Z", "2026-1x-23T14:30:00Z", "2026-11-23T14:30:00+00:00"}) {
    EXPECT_EQ(parse_utc_seconds(bad), -1) << bad;
  }
}

TEST(RenderMetrics, GivesEveryCountAsAPrometheusSample) {
  auto text = render_metrics(sample_counts());
  for (const char* line : {
           "esrd_files_received_total 12",
           "esrd_files_rejected_total 2",
           "esrd_files_sent_total 5",
           "esrd_files_pending 1",
           "esrd_positions{state=\"matched\"} 6",
           "esrd_positions{state=\"unmatched\"} 3",
           "esrd_positions{state=\"deleted\"} 1",
           "esrd_applicants{state=\"TO_EXPORT\"} 4",
           "esrd_applicants{state=\"EXPORTED\"} 7",
           "esrd_applicants{state=\"EXPORTED_AND_PROCESSED\"} 0",
           "esrd_applicants{state=\"EXPORTED_PROCESSED_WITH_ERRORS\"} 0",
           "esrd_applicants{state=\"INVALID_DATA\"} 0",
           "esrd_applicants{state=\"DELETED_BEFORE_EXPORT\"} 0",
           "esrd_notifications{state=\"pending\"} 1",
           "esrd_notifications{state=\"exported\"} 2",
           "esrd_notifications{state=\"confirmed\"} 3",
           "esrd_notifications{state=\"failed\"} 0",
           "# TYPE esrd_files_received_total counter",
           "# TYPE esrd_applicants gauge",
       }) {
    EXPECT_TRUE(has_line(text, line)) << "missing: " << line << "\n" << text;
  }
}

TEST(RenderMetrics, GivesTheLastRunOfEachJobAndItsOutcome) {
  auto text = render_metrics(sample_counts());
  // collect ended 2026-11-23T14:30:07Z; export, with no end, is reported at its start.
  EXPECT_TRUE(has_line(text, "esrd_job_last_run_timestamp_seconds{job=\"collect\"} 1795444207"))
      << text;
  EXPECT_TRUE(has_line(text, "esrd_job_last_run_timestamp_seconds{job=\"export\"} 1795456801"))
      << text;
  EXPECT_TRUE(has_line(text, "esrd_job_last_outcome{job=\"collect\",outcome=\"succeeded\"} 1"))
      << text;
  EXPECT_TRUE(has_line(text, "esrd_job_last_outcome{job=\"collect\",outcome=\"failed\"} 0"))
      << text;
  EXPECT_TRUE(has_line(text, "esrd_job_last_outcome{job=\"export\",outcome=\"failed\"} 1")) << text;
  EXPECT_TRUE(has_line(text, "esrd_job_last_outcome{job=\"export\",outcome=\"succeeded\"} 0"))
      << text;
  int ones = 0;
  for (const auto& line : lines_of(text)) {
    if (line.starts_with("esrd_job_last_outcome{") && line.ends_with("} 1")) ++ones;
  }
  EXPECT_EQ(ones, 2) << "one outcome per job is 1\n" << text;
}

TEST(RenderMetrics, AMissedSlotIsReportedAtItsSlotAndAnUnknownOutcomeStillShows) {
  report::StatusCounts counts;
  counts.last_runs["collect"] = {"collect", "2026-11-23T14:30@2026-11-23T14:30:00Z", "", "",
                                 "missed"};
  counts.last_runs["export"] = {"export", "manual:whenever", "", "", "paused"};
  auto text = render_metrics(counts);
  EXPECT_TRUE(has_line(text, "esrd_job_last_run_timestamp_seconds{job=\"collect\"} 1795444200"))
      << text;
  EXPECT_TRUE(has_line(text, "esrd_job_last_outcome{job=\"collect\",outcome=\"missed\"} 1"))
      << text;
  EXPECT_THAT(text, Not(HasSubstr("esrd_job_last_run_timestamp_seconds{job=\"export\"}")))
      << "no time known: no sample rather than a made-up one";
  EXPECT_TRUE(has_line(text, "esrd_job_last_outcome{job=\"export\",outcome=\"paused\"} 1")) << text;
}

TEST(RenderMetrics, EscapesLabelValues) {
  report::StatusCounts counts;
  counts.last_runs["odd\"job\\\n"] = {"odd", "", "2026-11-23T14:30:00Z", "", "succeeded"};
  auto text = render_metrics(counts);
  EXPECT_TRUE(
      has_line(text, "esrd_job_last_run_timestamp_seconds{job=\"odd\\\"job\\\\\\n\"} 1795444200"))
      << text;
}

TEST(RenderMetrics, IsWellFormedExpositionText) {
  auto text = render_metrics(sample_counts());
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  const std::regex sample(R"(([a-z_]+)(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?[0-9]+)");
  const std::regex help(R"(# HELP ([a-z_]+) .+)");
  const std::regex type(R"(# TYPE ([a-z_]+) (counter|gauge))");
  std::set<std::string> helped, typed;
  std::string current;  // the family whose samples may follow
  for (const auto& line : lines_of(text)) {
    std::smatch match;
    if (std::regex_match(line, match, help)) {
      EXPECT_TRUE(helped.insert(match[1]).second) << "HELP twice: " << line;
    } else if (std::regex_match(line, match, type)) {
      EXPECT_TRUE(typed.insert(match[1]).second) << "TYPE twice: " << line;
      EXPECT_TRUE(helped.count(match[1])) << "TYPE before HELP: " << line;
      current = match[1];
    } else if (std::regex_match(line, match, sample)) {
      EXPECT_EQ(match[1], current) << "sample outside its family: " << line;
      EXPECT_TRUE(match[1].str().starts_with("esrd_")) << line;
    } else {
      ADD_FAILURE() << "not exposition text: '" << line << "'";
    }
  }
  for (const auto& name : typed) {
    if (name.ends_with("_total")) {
      EXPECT_THAT(text, HasSubstr("# TYPE " + name + " counter"));
    }
  }
}

// ---- routing -----------------------------------------------------------------------------------

report::StatusCounts counts_or_throw(bool fail) {
  if (fail) throw std::runtime_error("database is locked");
  return sample_counts();
}

TEST(AnswerHttp, ServesHealthzAndMetrics) {
  auto read = [] { return counts_or_throw(false); };
  auto health = answer_http("GET", "/healthz", read);
  EXPECT_EQ(health.status, 200U);
  EXPECT_EQ(health.body, "ok\n");
  auto metrics = answer_http("GET", "/metrics", read);
  EXPECT_EQ(metrics.status, 200U);
  EXPECT_EQ(metrics.content_type, metrics_content_type);
  EXPECT_EQ(metrics.body, render_metrics(sample_counts()));
  EXPECT_EQ(answer_http("HEAD", "/metrics", read).status, 200U);
  EXPECT_EQ(answer_http("GET", "/metrics?name[]=esrd_up", read).status, 200U)
      << "a query is ignored";
}

TEST(AnswerHttp, RefusesOtherPathsAndMethods) {
  auto read = [] { return counts_or_throw(false); };
  EXPECT_EQ(answer_http("GET", "/", read).status, 404U);
  EXPECT_EQ(answer_http("GET", "/metrics/", read).status, 404U);
  EXPECT_EQ(answer_http("GET", "/healthzz", read).status, 404U);
  auto post = answer_http("POST", "/metrics", read);
  EXPECT_EQ(post.status, 405U);
  EXPECT_EQ(post.allow, "GET, HEAD");
  EXPECT_EQ(answer_http("DELETE", "/healthz", read).status, 405U);
}

TEST(AnswerHttp, AFailedReadIs503AndHealthzStaysUp) {
  auto read = [] { return counts_or_throw(true); };
  auto metrics = answer_http("GET", "/metrics", read);
  EXPECT_EQ(metrics.status, 503U);
  EXPECT_THAT(metrics.body, HasSubstr("database is locked"));
  EXPECT_EQ(answer_http("GET", "/healthz", read).status, 200U);
}

// ---- the state file and a socket ---------------------------------------------------------------

class TempFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "esrd-http-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  std::filesystem::path root_;
};

using ReadStatusFile = TempFolder;

TEST_F(ReadStatusFile, ReadsAFreshStateAndCannotWriteIt) {
  auto file = root_ / "esrd.sqlite";
  {
    auto db = state::open_state(file);
    db.exec(
        "INSERT INTO job_runs(job, slot_key, business_date, started_at, finished_at, outcome)"
        " VALUES ('collect', 'manual:x', '2026-11-23', '2026-11-23T14:30:00Z', "
        "'2026-11-23T14:30:02Z', 'succeeded')");
  }
  auto counts = read_status_file(file);
  EXPECT_EQ(counts.files_received, 0);
  ASSERT_EQ(counts.last_runs.count("collect"), 1U);
  EXPECT_EQ(counts.last_runs["collect"].outcome, "succeeded");
  EXPECT_EQ(counts.applicants.at("EXPORTED"), 0);
}

TEST_F(ReadStatusFile, AMissingStateIsAnErrorAndIsNotCreated) {
  auto file = root_ / "nothing.sqlite";
  EXPECT_THROW((void)read_status_file(file), std::exception);
  EXPECT_FALSE(std::filesystem::exists(file));
}

// A connected loopback socket; throws when nothing listens.
int connect_to(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    throw std::runtime_error("connect");
  }
  return fd;
}

// A whole HTTP/1.1 exchange on a fresh connection; the answer's raw bytes.
std::string exchange(std::uint16_t port, const std::string& request) {
  const int fd = connect_to(port);
  std::size_t sent = 0;
  while (sent < request.size()) {
    auto n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string answer;
  char buffer[4096];
  for (;;) {
    auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return answer;
}

TEST(HttpEndpoint, AnswersOnLoopbackOnItsOwnThread) {
  HttpEndpoint endpoint(0, [] { return sample_counts(); });
  EXPECT_EQ(endpoint.address(), "127.0.0.1");
  ASSERT_NE(endpoint.port(), 0);
  auto health = exchange(endpoint.port(), "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_THAT(health, ::testing::StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(health, ::testing::EndsWith("\r\n\r\nok\n"));
  auto metrics = exchange(endpoint.port(), "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_THAT(metrics, ::testing::StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(metrics, HasSubstr("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"));
  EXPECT_THAT(metrics, HasSubstr("\nesrd_files_received_total 12\n"));
  auto head = exchange(endpoint.port(), "HEAD /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_THAT(head, ::testing::EndsWith("\r\n\r\n")) << "HEAD has no body";
  EXPECT_THAT(
      head, HasSubstr("Content-Length: " + std::to_string(render_metrics(sample_counts()).size())));
  auto garbage = exchange(endpoint.port(), "NOT HTTP AT ALL\r\n\r\n");
  EXPECT_THAT(garbage, ::testing::StartsWith("HTTP/1.1 400 ")) << garbage;
  endpoint.stop();
  endpoint.stop();  // idempotent
  EXPECT_THROW((void)exchange(endpoint.port(), "GET /healthz HTTP/1.1\r\n\r\n"), std::runtime_error)
      << "nothing listens after stop()";
}

TEST(HttpEndpoint, IdleClientsHoldAtMost32ConnectionsAndServiceResumesWhenTheyLeave) {
  HttpEndpoint endpoint(0, [] { return sample_counts(); });
  std::vector<int> idle;
  for (int i = 0; i < 100; ++i) idle.push_back(connect_to(endpoint.port()));  // the kernel queues
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (endpoint.open_connections() < 32 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // past two accept back-offs
  EXPECT_EQ(endpoint.open_connections(), 32U) << "accepted beyond the cap, or not up to it";
  for (int fd : idle) ::close(fd);
  auto health = exchange(endpoint.port(), "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_THAT(health, ::testing::StartsWith("HTTP/1.1 200 OK\r\n"));
}

TEST(HttpEndpoint, APortInUseIsASystemError) {
  HttpEndpoint first(0, [] { return sample_counts(); });
  EXPECT_THROW(HttpEndpoint(first.port(), [] { return sample_counts(); }), std::system_error);
}

}  // namespace
}  // namespace esr::schedule
