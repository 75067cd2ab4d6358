#include "esr/cli/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace esr::cli {

namespace po = boost::program_options;

po::options_description config_options(Config& config) {
  po::options_description options(
      "Configuration (INI keys; also --section.key on the command line)");
  // One option per line reads as the table it is: kept out of clang-format.
  // clang-format off
  options.add_options()
      ("paths.data", po::value<std::filesystem::path>(&config.data_dir), "data directory")
      ("paths.schemas", po::value<std::filesystem::path>(&config.schema_dir), "folder of schema files")
      ("paths.reference", po::value<std::filesystem::path>(&config.reference_dir),
       "folder of reference lists")
      ("offices.code", po::value<std::vector<std::string>>(&config.local_offices)->composing(),
       "a local office code (repeatable); default the 13 production offices")
      ("schedule.timezone", po::value<std::string>(&config.timezone), "time zone of the schedule")
      ("schedule.collect", po::value<std::vector<std::string>>(&config.collect_slots)->composing(),
       "cron expression of a collect slot (repeatable)")
      ("schedule.export", po::value<std::vector<std::string>>(&config.export_slots)->composing(),
       "cron expression of an export slot (repeatable)")
      ("schedule.grace", po::value<std::string>(&config.grace), "a missed slot younger than this runs at start-up")
      ("log.level", po::value<std::string>(&config.log_level), "trace, debug, info, warn, error")
      ("log.format", po::value<std::string>(&config.log_format), "text or json")
      ("window.min_days", po::value<int>(&config.window_min_days), "applicant window starts D + this many days")
      ("window.max_days", po::value<int>(&config.window_max_days), "applicant window ends before D + this many days")
      ("export.max_per_position", po::value<int>(&config.max_applicants_per_position),
       "most applicants against one position in one APP file (ESR quarantines more than 40)")
      ("export.empty_files", po::value<bool>(&config.write_empty_files), "write outbound files with no records")
      ("export.line_ending", po::value<std::string>(&config.line_ending), "crlf or lf: the line ending of every outbound file type")
      ("export.line_ending_rtc", po::value<std::string>(&config.line_ending_rtc), "crlf or lf for RTC files (default: export.line_ending)")
      ("export.line_ending_app", po::value<std::string>(&config.line_ending_app), "crlf or lf for APP files (default: export.line_ending)")
      ("export.line_ending_dnc", po::value<std::string>(&config.line_ending_dnc), "crlf or lf for DNC files (default: export.line_ending)")
      ("export.line_ending_dnf", po::value<std::string>(&config.line_ending_dnf), "crlf or lf for DNF files (default: export.line_ending)")
      ("http.enabled", po::value<bool>(&config.http_enabled), "serve /healthz and /metrics on 127.0.0.1")
      ("http.port", po::value<int>(&config.http_port), "port of the loopback endpoint");
  // clang-format on
  return options;
}

namespace {

std::string lower(std::string_view text) {
  std::string out;
  for (char c : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string office_code(std::string_view typed) {
  std::string code;
  for (char c : typed) code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return code;
}

void finish_config(Config& config) {
  // What people type in either case means the same: INFO is info, emd is EMD.
  config.log_level = lower(config.log_level);
  config.log_format = lower(config.log_format);
  for (auto& office : config.local_offices) office = office_code(office);
  if (config.local_offices.empty()) {
    config.local_offices = {"EMD", "EOE", "KSS", "LDN", "MER", "NTH", "NWN",
                            "OXF", "PEN", "SEV", "WES", "WMD", "YHD"};
  }
  if (config.collect_slots.empty()) {
    config.collect_slots = {"30 14 * * *", "45 14 * * *", "15 15 * * *", "0 19 * * *"};
  }
  if (config.export_slots.empty()) config.export_slots = {"0 18 * * *"};
}

namespace {

// "\r\n" or "\n" for a configured "crlf"/"lf" (any case); nullopt for anything else.
std::optional<std::string> line_ending_bytes(std::string_view configured) {
  const auto name = lower(configured);
  if (name == "crlf") return "\r\n";
  if (name == "lf") return "\n";
  return std::nullopt;
}

// The interface's own limit: ESR quarantines an APP file with more against one position.
constexpr int interface_max_per_position = 40;

bool is_office_code(std::string_view code) {
  return code.size() == 3 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

struct LineEndingKey {
  const char* key;
  const std::string Config::*value;
};

constexpr LineEndingKey line_ending_keys[] = {
    {"export.line_ending_rtc", &Config::line_ending_rtc},
    {"export.line_ending_app", &Config::line_ending_app},
    {"export.line_ending_dnc", &Config::line_ending_dnc},
    {"export.line_ending_dnf", &Config::line_ending_dnf},
};

}  // namespace

std::optional<std::string> config_problem(const Config& config) {
  static const std::set<std::string> levels = {"trace",   "debug", "info",     "warn",
                                               "warning", "error", "critical", "off"};
  if (!levels.contains(config.log_level)) {
    return fmt::format(
        "log.level: '{}' is not one of trace, debug, info, warn, error, critical, off",
        config.log_level);
  }
  if (config.log_format != "text" && config.log_format != "json") {
    return fmt::format("log.format: '{}' is neither text nor json", config.log_format);
  }
  for (const auto& office : config.local_offices) {
    if (!is_office_code(office)) {
      return fmt::format("offices.code: '{}' is not a local office code (three letters, as EMD)",
                         office);
    }
  }
  if (config.window_min_days < 0) {
    return fmt::format("window.min_days: {} is negative", config.window_min_days);
  }
  if (config.window_max_days <= config.window_min_days) {
    return fmt::format("window.max_days: {} must be more than window.min_days ({})",
                       config.window_max_days, config.window_min_days);
  }
  if (config.max_applicants_per_position < 1 ||
      config.max_applicants_per_position > interface_max_per_position) {
    return fmt::format(
        "export.max_per_position: {} is not 1 to {} (ESR quarantines an APP file with more "
        "applicants against one position)",
        config.max_applicants_per_position, interface_max_per_position);
  }
  if (!line_ending_bytes(config.line_ending)) {
    return fmt::format("export.line_ending: '{}' is neither crlf nor lf", config.line_ending);
  }
  for (const auto& [key, value] : line_ending_keys) {
    const auto& configured = config.*value;
    if (!configured.empty() && !line_ending_bytes(configured)) {
      return fmt::format("{}: '{}' is neither crlf nor lf", key, configured);
    }
  }
  return std::nullopt;
}

outbound::LineEndings line_endings(const Config& config) {
  auto of = [&](const std::string& own) {
    return line_ending_bytes(own.empty() ? config.line_ending : own).value_or("\r\n");
  };
  return {of(config.line_ending_rtc), of(config.line_ending_app), of(config.line_ending_dnc),
          of(config.line_ending_dnf)};
}

}  // namespace esr::cli
