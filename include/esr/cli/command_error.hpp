#pragma once
// The one way a command stops early: a CommandError says what went wrong, in the words stderr
// shows, and which of DESIGN §5's kinds it is; exit_status.cpp turns it (and any other
// exception) into the exit status, in one place.
#include <stdexcept>
#include <string>

#include "esr/cli/app.hpp"
#include "esr/spec/problem.hpp"

namespace esr::cli {

class CommandError : public std::runtime_error {
 public:
  /// What a command can be stopped by, each with its exit status.
  enum class Kind {
    usage,        // an option, argument or configuration value is wrong: 2
    environment,  // the data directory, a file or the database is not usable: 2
    input,        // the input breaks a rule (a Problem: file, line, field, rule): 1
  };

  /// Bad options or arguments: `message` is the whole line stderr shows.
  [[nodiscard]] static CommandError usage(std::string message) {
    return {Kind::usage, std::move(message)};
  }
  /// The environment is not as needed: `message` is the whole line stderr shows.
  [[nodiscard]] static CommandError environment(std::string message) {
    return {Kind::environment, std::move(message)};
  }
  /// Input that breaks a rule, shown as `FILE:LINE:FIELD: message`.
  [[nodiscard]] static CommandError input(const spec::Problem& problem) {
    return {Kind::input, spec::to_string(problem)};
  }
  /// Nothing could be read at `problem`'s file (it is missing, or no regular file): nothing was
  /// rejected, so it is the environment's fault, but it is said the way a problem is.
  [[nodiscard]] static CommandError unreadable(const spec::Problem& problem) {
    return {Kind::environment, spec::to_string(problem)};
  }

  [[nodiscard]] Kind kind() const noexcept { return kind_; }

 private:
  CommandError(Kind kind, std::string message)
      : std::runtime_error(std::move(message)), kind_(kind) {}

  Kind kind_;
};

/// The exit status for what stopped a command (DESIGN §5): input → 1 (rejected); usage,
/// configuration, environment and anything unforeseen → 2.
[[nodiscard]] ExitCode exit_status_of(const std::exception& error);

/// Says on stderr what stopped the command, in the form its kind is shown in, logs what was not
/// foreseen, and returns its exit status: the single place an exception becomes one.
ExitCode report_failure(const std::exception& error);

}  // namespace esr::cli
