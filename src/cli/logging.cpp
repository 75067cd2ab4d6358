#include "esr/cli/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cstdio>
#include <vector>

#include "esr/cli/log_escape.hpp"

namespace esr::cli {

namespace {

// The message, escaped for its format (log_escape.hpp): one line, valid UTF-8, and in JSON a valid
// string body, whatever a file name or an error brings in.
class EscapedMessage : public spdlog::custom_flag_formatter {
 public:
  explicit EscapedMessage(LogFormat format) : format_(format) {}
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    escaped_.clear();
    append_log_escaped(std::string_view(msg.payload.data(), msg.payload.size()), format_, escaped_);
    dest.append(escaped_.data(), escaped_.data() + escaped_.size());
  }
  [[nodiscard]] std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<EscapedMessage>(format_);
  }

 private:
  LogFormat format_;
  std::string escaped_;
};

// Log files hold file names and counts, never personal values, but they are the service's
// record: owner-only like everything else it writes, whatever the umask (and after rotation).
spdlog::file_event_handlers owner_only_files() {
  spdlog::file_event_handlers handlers;
  handlers.after_open = [](const spdlog::filename_t&, std::FILE* file) {
    ::fchmod(::fileno(file), S_IRUSR | S_IWUSR);
  };
  return handlers;
}

}  // namespace

void setup_logging(const std::string& level, const std::string& format,
                   const std::optional<std::filesystem::path>& log_dir) {
  std::vector<spdlog::sink_ptr> sinks;
  sinks.push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());
  if (log_dir) {
    std::filesystem::create_directories(*log_dir);
    sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
        (*log_dir / "esrd.log").string(), 10 * 1024 * 1024, 10, false, owner_only_files()));
  }
  auto logger = std::make_shared<spdlog::logger>("esrd", sinks.begin(), sinks.end());
  // Messages are written as key=value text by the callers; the JSON form wraps the message as a
  // string field so that each line stays one valid JSON object.
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  if (format == "json") {
    formatter->add_flag<EscapedMessage>('*', LogFormat::json)
        .set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","msg":"%*"})");
  } else {
    formatter->add_flag<EscapedMessage>('*', LogFormat::text)
        .set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %*");
  }
  logger->set_formatter(std::move(formatter));
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_error_handler([](const std::string& message) {
    std::fprintf(stderr, "esrd: logging failed: %s\n", message.c_str());
  });
  spdlog::set_default_logger(logger);
}

}  // namespace esr::cli
