#pragma once
// Configuration: an INI file read by Boost.Program_options, every key also a --section.key option.
#include <boost/program_options.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "esr/outbound/rtc_export.hpp"

namespace esr::cli {

/// Every setting esrd reads. Defaults are the historical contract (DESIGN §4).
struct Config {
  std::filesystem::path config_file;
  std::filesystem::path data_dir = "./esrd-data";
  std::filesystem::path schema_dir;     // empty: found next to the binary or in the source tree
  std::filesystem::path reference_dir;  // likewise, for the reference lists
  std::vector<std::string> local_offices;
  std::string timezone = "Europe/London";
  std::vector<std::string> collect_slots;
  std::vector<std::string> export_slots;
  std::string grace = "6h";
  std::string log_level = "info";
  std::string log_format = "text";
  int window_min_days = 2;       // applicant window: D + min_days <= start
  int window_max_days = 13 * 7;  // ... start < D + max_days
  int max_applicants_per_position = 40;
  bool write_empty_files = false;
  std::string line_ending = "crlf";  // crlf or lf for outbound files
  // Per outbound type; empty: line_ending.
  std::string line_ending_rtc, line_ending_app, line_ending_dnc, line_ending_dnf;
  bool http_enabled = false;
  int http_port = 9187;
};

/// The options that are configuration keys (usable in the file and as --section.key).
[[nodiscard]] boost::program_options::options_description config_options(Config& config);

/// A local office code as typed (emd, Emd) in the form file names and the state use (EMD).
[[nodiscard]] std::string office_code(std::string_view typed);

/// Fills the defaults that depend on other values (the default office list, slots).
void finish_config(Config& config);

/// The first value of `config` that makes no sense, as "key: what is wrong", or nullopt.
[[nodiscard]] std::optional<std::string> config_problem(const Config& config);

/// The line ending of each outbound type: its own key when set, else export.line_ending
/// ("crlf" or "lf", any letter case). Call after config_problem() found nothing.
[[nodiscard]] outbound::LineEndings line_endings(const Config& config);

}  // namespace esr::cli
