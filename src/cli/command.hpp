#pragma once
// What every command gets, and how commands are declared (private to the cli layer).
#include <boost/program_options.hpp>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "esr/cli/app.hpp"
#include "esr/cli/config.hpp"
#include "esr/spec/reference_lists.hpp"
#include "esr/spec/schema_registry.hpp"

namespace esr::cli {

struct CommandContext {
  Config config;
  boost::program_options::variables_map options;
  std::vector<std::string> args;            // positional arguments after the command name
  std::filesystem::path config_path;        // the file read, if it existed
  std::set<std::string> command_line_keys;  // options given on the command line

  /// Reads the configuration file again (SIGHUP); options given on the command line still win.
  /// Returns false with the reason in `error`.
  bool reload_config(std::string* error);

  /// The schemas, loaded on first use (throws spec::SchemaError).
  const spec::SchemaRegistry& schemas();
  /// The reference lists, loaded on first use and checked against the schemas (throws
  /// spec::ReferenceError). nullptr when none is configured and none is found where the binary
  /// looks: the list checks are then skipped, with a warning.
  const spec::ReferenceLists* references();
  [[nodiscard]] bool flag(const char* name) const { return options.count(name) > 0; }
  [[nodiscard]] std::string option(const char* name) const {
    return options.count(name) ? options[name].as<std::string>() : std::string();
  }

 private:
  std::unique_ptr<spec::SchemaRegistry> schemas_;
  std::unique_ptr<spec::ReferenceLists> references_;
  bool references_looked_for_ = false;
};

struct CommandSpec {
  std::string name;
  std::string usage;    // e.g. "validate FILE [--type TYPE]"
  std::string summary;  // one line
  int min_args = 0;
  int max_args = 0;
  bool uses_data_dir = false;  // sets up the data directory, its log file and the lock
  std::function<void(boost::program_options::options_description&)> add_options;
  std::function<ExitCode(CommandContext&)> run;
};

/// Every command, in the order `esrd --help` lists them.
const std::vector<CommandSpec>& all_commands();

// One factory per command family, each in its own file.
void add_spec_commands(std::vector<CommandSpec>& commands);
void add_state_commands(std::vector<CommandSpec>& commands);
void add_daemon_commands(std::vector<CommandSpec>& commands);
void add_trace_commands(std::vector<CommandSpec>& commands);
void add_maintenance_commands(std::vector<CommandSpec>& commands);

}  // namespace esr::cli
