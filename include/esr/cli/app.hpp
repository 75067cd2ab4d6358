#pragma once
// The esrd command line: parses arguments, sets up logging and runs one command.

namespace esr::cli {

/// Exit status of every command (DESIGN §5): 0 success; 1 input rejected or invalid;
/// 2 usage, configuration or environment error.
enum class ExitCode { success = 0, rejected = 1, usage = 2 };

/// Runs esrd with the process's arguments. Never throws: environment failures are logged and
/// turned into ExitCode::usage.
[[nodiscard]] int run_main(int argc, char** argv);

}  // namespace esr::cli
