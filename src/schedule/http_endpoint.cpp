#include "esr/schedule/http_endpoint.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <map>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>

#include "esr/db/database.hpp"
#include "esr/db/store_error.hpp"
#include "esr/state/job_outcome.hpp"

namespace esr::schedule {

namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

constexpr std::string_view loopback = "127.0.0.1";
constexpr std::chrono::seconds request_timeout{10};
// While this many connections are open, new ones wait in the kernel's listen queue, where they
// hold no descriptor of ours: idle clients cannot starve the jobs of descriptors.
constexpr std::size_t max_open_connections = 32;
// After a failed accept (EMFILE, say), wait before the next, and warn at most once a minute.
constexpr std::chrono::milliseconds accept_backoff{250};
constexpr std::chrono::seconds accept_warning_interval{60};

// The connections open now; shared with each Session, which counts itself out when it ends.
struct OpenConnections {
  std::atomic<std::size_t> count = 0;  // written on the serving thread, read by open_connections()
};

// A label value in the exposition format: backslash, double quote and newline escaped.
std::string label_value(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

class Exposition {
 public:
  void family(std::string_view name, std::string_view type, std::string_view help) {
    text_ += "# HELP ";
    text_ += name;
    text_ += ' ';
    text_ += help;
    text_ += "\n# TYPE ";
    text_ += name;
    text_ += ' ';
    text_ += type;
    text_ += '\n';
  }

  // `labels` are name/value pairs.
  void sample(std::string_view name,
              std::initializer_list<std::pair<std::string_view, std::string_view>> labels,
              std::int64_t value) {
    text_ += name;
    if (labels.size() > 0) {
      text_ += '{';
      bool first = true;
      for (const auto& [label, label_text] : labels) {
        if (!first) text_ += ',';
        first = false;
        text_ += label;
        text_ += "=\"";
        text_ += label_value(label_text);
        text_ += '"';
      }
      text_ += '}';
    }
    text_ += ' ';
    text_ += std::to_string(value);
    text_ += '\n';
  }

  [[nodiscard]] std::string take() { return std::move(text_); }

 private:
  std::string text_;
};

std::int64_t value_or_zero(const std::map<std::string, std::int64_t>& counts,
                           const std::string& key) {
  auto found = counts.find(key);
  return found == counts.end() ? 0 : found->second;
}

// The time a job's last run is reported at: its end, else its start, else its slot
// ("<local>@<utc>").
std::int64_t last_run_seconds(const report::StatusCounts::LastRun& run) {
  for (const auto* text : {&run.finished_at, &run.started_at}) {
    auto seconds = parse_utc_seconds(*text);
    if (seconds >= 0) return seconds;
  }
  auto at = run.slot_key.rfind('@');
  if (at != std::string::npos)
    return parse_utc_seconds(std::string_view(run.slot_key).substr(at + 1));
  return -1;
}

std::string_view path_of(std::string_view target) {
  auto query = target.find_first_of("?#");
  return query == std::string_view::npos ? target : target.substr(0, query);
}

// One connection: read one request, answer it, close.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const std::function<report::StatusCounts()>& read_counts,
          std::shared_ptr<OpenConnections> open)
      : stream_(std::move(socket)), read_counts_(read_counts), open_(std::move(open)) {
    ++open_->count;
    parser_.header_limit(8 * 1024);
    parser_.body_limit(4 * 1024);
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session() { --open_->count; }

  void start() {
    stream_.expires_after(request_timeout);
    http::async_read(stream_, buffer_, parser_,
                     [self = shared_from_this()](beast::error_code error, std::size_t) {
                       self->on_read(error);
                     });
  }

 private:
  void on_read(beast::error_code error) {
    if (error) {
      if (error != http::error::end_of_stream && error != beast::error::timeout) {
        spdlog::debug("http event=bad_request error=\"{}\"", error.message());
        respond(HttpAnswer{400, "text/plain; charset=utf-8", "bad request\n", {}}, false, 11);
        return;
      }
      close();
      return;
    }
    const auto& request = parser_.get();
    auto method = request.method_string();
    auto target = request.target();
    auto answer = answer_http(std::string_view(method.data(), method.size()),
                              std::string_view(target.data(), target.size()), read_counts_);
    spdlog::debug("http event=request method={} target=\"{}\" status={}",
                  std::string_view(method.data(), method.size()),
                  std::string_view(target.data(), target.size()), answer.status);
    respond(std::move(answer), request.method() == http::verb::head, request.version());
  }

  void respond(HttpAnswer answer, bool head, unsigned version) {
    response_.result(answer.status);
    response_.version(version);
    response_.set(http::field::server, "esrd");
    response_.set(http::field::content_type, answer.content_type);
    response_.set(http::field::cache_control, "no-store");
    if (!answer.allow.empty()) response_.set(http::field::allow, answer.allow);
    response_.keep_alive(false);
    auto length = answer.body.size();
    if (!head) response_.body() = std::move(answer.body);
    response_.content_length(length);
    stream_.expires_after(request_timeout);
    http::async_write(
        stream_, response_,
        [self = shared_from_this()](beast::error_code, std::size_t) { self->close(); });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request_parser<http::string_body> parser_;
  http::response<http::string_body> response_;
  const std::function<report::StatusCounts()>& read_counts_;
  std::shared_ptr<OpenConnections> open_;
};

}  // namespace

std::int64_t parse_utc_seconds(std::string_view text) {
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z') {
    return -1;
  }
  auto number = [&](std::size_t at, std::size_t width) -> int {
    int value = 0;
    for (std::size_t i = at; i < at + width; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  int year = number(0, 4), month = number(5, 2), day = number(8, 2);
  int hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return -1;
  std::chrono::year_month_day date{std::chrono::year{year},
                                   std::chrono::month{static_cast<unsigned>(month)},
                                   std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) return -1;
  auto days = std::chrono::sys_days{date}.time_since_epoch().count();
  return static_cast<std::int64_t>(days) * 86400 + hour * 3600 + minute * 60 + second;
}

std::string render_metrics(const report::StatusCounts& counts) {
  Exposition out;
  out.family("esrd_files_received_total", "counter",
             "Inbound files received: ESR files and TIS extracts, applied or rejected.");
  out.sample("esrd_files_received_total", {}, counts.files_received);
  out.family("esrd_files_rejected_total", "counter",
             "Inbound files rejected whole and moved to quarantine/.");
  out.sample("esrd_files_rejected_total", {}, counts.files_quarantined);
  out.family("esrd_files_sent_total", "counter",
             "Outbound files sent (published to outbox/ for the transfer agent).");
  out.sample("esrd_files_sent_total", {}, counts.files_sent);
  out.family("esrd_files_pending", "gauge", "Outbound files recorded but not yet sent.");
  out.sample("esrd_files_pending", {}, counts.files_pending);

  out.family("esrd_positions", "gauge",
             "Positions held, by state (their sum is every position held).");
  out.sample("esrd_positions", {{"state", "matched"}}, counts.positions_matched);
  out.sample("esrd_positions", {{"state", "unmatched"}}, counts.positions_unmatched);
  out.sample("esrd_positions", {{"state", "deleted"}}, counts.positions_deleted);

  out.family("esrd_applicants", "gauge", "Applicant records, by state.");
  for (const auto& state : report::applicant_states()) {
    out.sample("esrd_applicants", {{"state", state}}, value_or_zero(counts.applicants, state));
  }
  for (const auto& [state, value] : counts.applicants) {  // a state this build does not list
    const auto& known = report::applicant_states();
    if (std::find(known.begin(), known.end(), state) == known.end()) {
      out.sample("esrd_applicants", {{"state", state}}, value);
    }
  }

  out.family("esrd_notifications", "gauge", "DNC/DNF notification records, by state.");
  for (const auto& [state, value] : counts.notifications)
    out.sample("esrd_notifications", {{"state", state}}, value);

  out.family("esrd_job_last_run_timestamp_seconds", "gauge",
             "Unix time of the last run of each job (its end; its start while running; its slot "
             "when missed).");
  for (const auto& [job, run] : counts.last_runs) {
    auto seconds = last_run_seconds(run);
    if (seconds >= 0) out.sample("esrd_job_last_run_timestamp_seconds", {{"job", job}}, seconds);
  }
  out.family("esrd_job_last_outcome", "gauge",
             "Outcome of the last run of each job: 1 for the outcome it had.");
  for (const auto& [job, run] : counts.last_runs) {
    bool known = false;
    for (const auto& [value, outcome] : state::kJobOutcomes) {
      known = known || outcome == run.outcome;
      out.sample("esrd_job_last_outcome", {{"job", job}, {"outcome", outcome}},
                 outcome == run.outcome ? 1 : 0);
    }
    if (!known) out.sample("esrd_job_last_outcome", {{"job", job}, {"outcome", run.outcome}}, 1);
  }
  return out.take();
}

HttpAnswer answer_http(std::string_view method, std::string_view target,
                       const std::function<report::StatusCounts()>& read_counts) {
  auto path = path_of(target);
  bool healthz = path == "/healthz";
  bool metrics = path == "/metrics";
  if (!healthz && !metrics)
    return HttpAnswer{
        404, "text/plain; charset=utf-8", "not found: try /healthz or /metrics\n", {}};
  if (method != "GET" && method != "HEAD") {
    return HttpAnswer{405, "text/plain; charset=utf-8", "method not allowed\n", "GET, HEAD"};
  }
  if (healthz) return HttpAnswer{200, "text/plain; charset=utf-8", "ok\n", {}};
  try {
    return HttpAnswer{200, std::string(metrics_content_type), render_metrics(read_counts()), {}};
  } catch (const std::exception& e) {
    spdlog::warn("http event=metrics_failed error=\"{}\"", e.what());
    return HttpAnswer{503,
                      "text/plain; charset=utf-8",
                      std::string("metrics unavailable: ") + e.what() + "\n",
                      {}};
  }
}

report::StatusCounts read_status_file(const std::filesystem::path& file) {
  if (!std::filesystem::is_regular_file(file)) {
    throw db::StoreError("cannot read the state: " + file.string() + " does not exist");
  }
  auto db = db::Database::open(file);
  db.refuse_writes();
  return report::read_status(db);
}

struct HttpEndpoint::Impl {
  explicit Impl(std::function<report::StatusCounts()> counts) : read_counts(std::move(counts)) {}

  void accept() {
    if (open->count >= max_open_connections) {
      accept_after(accept_backoff);  // full: leave the next clients in the listen queue
      return;
    }
    acceptor.async_accept([this](beast::error_code error, tcp::socket socket) {
      if (error) {
        if (error == net::error::operation_aborted || !acceptor.is_open()) return;
        // Out of descriptors (or another failure that would repeat at once): back off instead
        // of spinning, and say so once a minute, not millions of times.
        warn_accept_failed(error);
        accept_after(accept_backoff);
        return;
      }
      std::make_shared<Session>(std::move(socket), read_counts, open)->start();
      accept();
    });
  }

  void accept_after(std::chrono::milliseconds delay) {
    retry.expires_after(delay);
    retry.async_wait([this](beast::error_code error) {
      if (!error) accept();
    });
  }

  void warn_accept_failed(const beast::error_code& error) {
    const auto now = std::chrono::steady_clock::now();
    if (warned_at && now - *warned_at < accept_warning_interval) {
      ++failures_unreported;
      return;
    }
    spdlog::warn("http event=accept_failed error=\"{}\" repeated={} open_connections={}",
                 error.message(), failures_unreported, open->count.load());
    warned_at = now;
    failures_unreported = 0;
  }

  // Sessions refer to read_counts: declared before io, it outlives the sessions io still holds.
  std::function<report::StatusCounts()> read_counts;
  std::shared_ptr<OpenConnections> open = std::make_shared<OpenConnections>();
  net::io_context io{1};
  tcp::acceptor acceptor{io};
  net::steady_timer retry{io};
  std::optional<std::chrono::steady_clock::time_point> warned_at;
  std::size_t failures_unreported = 0;
  std::thread thread;
  std::uint16_t port = 0;
};

HttpEndpoint::HttpEndpoint(std::uint16_t port, std::function<report::StatusCounts()> read_counts)
    : impl_(std::make_unique<Impl>(std::move(read_counts))) {
  auto& acceptor = impl_->acceptor;
  beast::error_code error;
  tcp::endpoint endpoint{net::ip::make_address_v4(std::string(loopback)), port};
  auto fail = [&](const char* what) {
    throw std::system_error(
        std::error_code(error.value(), std::system_category()),
        std::string(what) + " " + std::string(loopback) + ":" + std::to_string(port));
  };
  if (acceptor.open(endpoint.protocol(), error)) fail("cannot open a socket for");
  if (acceptor.set_option(net::socket_base::reuse_address(true), error))
    fail("cannot set SO_REUSEADDR on");
  if (acceptor.bind(endpoint, error)) fail("cannot bind");
  if (acceptor.listen(net::socket_base::max_listen_connections, error)) fail("cannot listen on");
  impl_->port = acceptor.local_endpoint().port();
  impl_->accept();
  impl_->thread = std::thread([impl = impl_.get()] {
    try {
      impl->io.run();
    } catch (const std::exception& e) {
      spdlog::error("http event=stopped error=\"{}\"", e.what());
    }
  });
  spdlog::info("http event=listening address={} port={}", loopback, impl_->port);
}

HttpEndpoint::~HttpEndpoint() { stop(); }

std::string HttpEndpoint::address() const { return std::string(loopback); }

std::uint16_t HttpEndpoint::port() const { return impl_->port; }

std::size_t HttpEndpoint::open_connections() const { return impl_->open->count; }

void HttpEndpoint::stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  impl_->io.stop();
  impl_->thread.join();
  beast::error_code ignored;
  impl_->acceptor.close(ignored);
}

}  // namespace esr::schedule
