#pragma once
// Logging set-up: spdlog to stderr and, with a data directory, to a rotating file.
#include <filesystem>
#include <optional>
#include <string>

namespace esr::cli {

/// Installs the default logger. `format` is "text" (key=value lines) or "json" (one JSON object
/// per line). With `log_dir`, also writes logs/esrd.log rotating at 10 MiB, 10 files kept.
/// Logging never throws into business code: sink errors go to spdlog's error handler.
void setup_logging(const std::string& level, const std::string& format,
                   const std::optional<std::filesystem::path>& log_dir);

}  // namespace esr::cli
