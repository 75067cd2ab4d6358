#pragma once
// The optional loopback HTTP endpoint of `esrd run`: /healthz and Prometheus-format /metrics.
//
// Off by default (config http.enabled). It binds 127.0.0.1 only, never a wildcard address, and
// serves on its own thread with its own Asio io_context, so a long job on the daemon's loop does
// not stop it answering. Each /metrics request reads the counts from the SQLite state through a
// connection of its own (WAL lets it read beside the daemon's writer).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "esr/report/status.hpp"

namespace esr::schedule {

/// The Content-Type of the Prometheus text exposition format.
inline constexpr std::string_view metrics_content_type = "text/plain; version=0.0.4; charset=utf-8";

/// The Prometheus text exposition (format 0.0.4) of the counts: one HELP and TYPE line per metric
/// family, then its samples, in a fixed order:
///   esrd_files_received_total, esrd_files_rejected_total, esrd_files_sent_total (counters);
///   esrd_files_pending; esrd_positions{state}; esrd_applicants{state} (every state, zeros too);
///   esrd_notifications{state}; esrd_job_last_run_timestamp_seconds{job} (Unix time of the end of
///   the job's last run, else its start, else its slot; a job with no such time has no sample);
///   esrd_job_last_outcome{job,outcome} (1 for the last run's outcome, 0 for the other known
///   outcomes: running, succeeded, failed, missed, crashed).
/// Never throws except std::bad_alloc.
[[nodiscard]] std::string render_metrics(const report::StatusCounts& counts);

/// Seconds since the Unix epoch of a "YYYY-MM-DDTHH:MM:SSZ" time, or -1 when `text` is not one.
[[nodiscard]] std::int64_t parse_utc_seconds(std::string_view text);

/// One answer of the endpoint.
struct HttpAnswer {
  unsigned status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::string allow;  // the Allow header of a 405, else empty
};

/// Routes one request (no socket): GET or HEAD of /healthz gives 200 "ok\n"; of /metrics, 200 and
/// render_metrics(read_counts()), or 503 with the reason when read_counts throws; any other path
/// 404; any other method 405. A query string is ignored. The body of a HEAD answer is left in
/// place: the caller sends only its length.
[[nodiscard]] HttpAnswer answer_http(std::string_view method, std::string_view target,
                                     const std::function<report::StatusCounts()>& read_counts);

/// The counts of the state database `file`, read through a new connection that is closed
/// afterwards and set query_only, so it can never write. Throws db::StoreError.
[[nodiscard]] report::StatusCounts read_status_file(const std::filesystem::path& file);

/// The running endpoint. Construction binds 127.0.0.1:`port` (0: a free port, for tests) and
/// starts the serving thread; it throws std::system_error when the address cannot be bound (the
/// port is taken, say). The destructor, or stop(), closes the socket and joins the thread;
/// a request being answered then is cut short. One connection is one request (Connection: close);
/// a client has 10 s to send its request. At most 32 connections are open at once: more wait in
/// the kernel's listen queue, holding no descriptor of the daemon's, so idle clients cannot take
/// the descriptors a job needs. A failed accept (out of descriptors) is retried after 250 ms and
/// warned about at most once a minute, with the count of failures in between.
class HttpEndpoint {
 public:
  HttpEndpoint(std::uint16_t port, std::function<report::StatusCounts()> read_counts);
  ~HttpEndpoint();
  HttpEndpoint(const HttpEndpoint&) = delete;
  HttpEndpoint& operator=(const HttpEndpoint&) = delete;

  /// The bound address ("127.0.0.1") and port.
  [[nodiscard]] std::string address() const;
  [[nodiscard]] std::uint16_t port() const;
  /// Connections accepted and not yet closed (at most 32).
  [[nodiscard]] std::size_t open_connections() const;

  /// Stops serving; idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace esr::schedule
