#include <spdlog/spdlog.h>

#include <iostream>

#include "esr/cli/command_error.hpp"
#include "esr/spec/reference_lists.hpp"
#include "esr/spec/schema_registry.hpp"

namespace esr::cli {

ExitCode exit_status_of(const std::exception& error) {
  if (const auto* stopped = dynamic_cast<const CommandError*>(&error)) {
    return stopped->kind() == CommandError::Kind::input ? ExitCode::rejected : ExitCode::usage;
  }
  // Schemas, reference lists, the database, the file system: all the environment's.
  return ExitCode::usage;
}

ExitCode report_failure(const std::exception& error) {
  if (dynamic_cast<const CommandError*>(&error) != nullptr) {
    std::cerr << error.what() << '\n';  // already the whole line, as the command worded it
  } else if (dynamic_cast<const spec::SchemaError*>(&error) != nullptr) {
    std::cerr << "esrd: schema error: " << error.what() << '\n';
  } else if (dynamic_cast<const spec::ReferenceError*>(&error) != nullptr) {
    std::cerr << "esrd: reference list error: " << error.what() << '\n';
  } else {
    std::cerr << "esrd: " << error.what() << '\n';
    if (spdlog::default_logger()) spdlog::error("command failed error=\"{}\"", error.what());
  }
  return exit_status_of(error);
}

}  // namespace esr::cli
