#include "esr/cli/app.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <set>
#include <sstream>

#include "command.hpp"
#include "esr/cli/command_error.hpp"
#include "esr/cli/logging.hpp"

namespace esr::cli {

namespace po = boost::program_options;

namespace {

constexpr const char* flag_options[] = {"--help",    "-h",      "--json",
                                        "--dry-run", "--force", "--version"};

bool is_flag(std::string_view token) {
  auto eq = token.find('=');
  auto name = token.substr(0, eq);
  for (auto flag : flag_options) {
    if (name == flag) return true;
  }
  return eq != std::string_view::npos;  // --key=value carries its own value
}

// Finds the command word: the first argument that is neither an option nor an option's value.
int find_command(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view token = argv[i];
    if (token.size() > 1 && token.front() == '-') {
      if (!is_flag(token)) ++i;  // skip the option's value
      continue;
    }
    return i;
  }
  return -1;
}

po::options_description global_options(Config& config) {
  po::options_description options("Global options");
  options.add_options()("help,h", "show help")("version", "show the version")(
      "config", po::value<std::filesystem::path>(&config.config_file),
      "configuration file (default config/esrd.conf)")(
      "data-dir", po::value<std::filesystem::path>(), "data directory (overrides paths.data)")(
      "schemas", po::value<std::filesystem::path>(), "schema folder (overrides paths.schemas)");
  return options;
}

void print_overview(const po::options_description& globals) {
  std::cout << "esrd " << ESRD_VERSION
            << ": the TIS side of the Streamlined ESR and Doctors in Training Interface\n\n"
               "usage: esrd [--config FILE] [--data-dir DIR] COMMAND [ARGS]\n\ncommands:\n";
  for (const auto& command : all_commands()) {
    std::cout << fmt::format("  {:<44} {}\n", command.usage, command.summary);
  }
  std::cout << "\n" << globals << "\n'esrd COMMAND --help' shows a command's options.\n";
}

ExitCode run(int argc, char** argv) {
  CommandContext context;
  auto globals = global_options(context.config);
  int command_at = find_command(argc, argv);
  if (command_at < 0) {
    bool asked = false;
    for (int i = 1; i < argc; ++i) {
      std::string_view token = argv[i];
      if (token == "--version") {
        // The version alone, as packaging tools and scripts read it.
        std::cout << "esrd " << ESRD_VERSION << "\n";
        return ExitCode::success;
      }
      asked = asked || token == "--help" || token == "-h";
    }
    print_overview(globals);
    return asked ? ExitCode::success : ExitCode::usage;
  }
  std::string name = argv[command_at];
  const CommandSpec* command = nullptr;
  for (const auto& candidate : all_commands()) {
    if (candidate.name == name) command = &candidate;
  }
  if (command == nullptr) {
    throw CommandError::usage(
        fmt::format("esrd: unknown command '{}'; 'esrd --help' lists the commands", name));
  }
  po::options_description command_options(fmt::format("Options of '{}'", command->name));
  if (command->add_options) command->add_options(command_options);
  po::options_description all;
  all.add(globals).add(command_options).add(config_options(context.config));
  po::options_description hidden;
  hidden.add_options()("args", po::value<std::vector<std::string>>(&context.args));
  po::options_description parse_set;
  parse_set.add(all).add(hidden);
  po::positional_options_description positional;
  positional.add("args", -1);

  std::vector<std::string> tokens;
  for (int i = 1; i < argc; ++i) {
    if (i != command_at) tokens.emplace_back(argv[i]);
  }
  try {
    po::store(po::command_line_parser(tokens).options(parse_set).positional(positional).run(),
              context.options);
    for (const auto& [key, value] : context.options) context.command_line_keys.insert(key);
    if (context.options.count("help")) {
      std::cout << "usage: esrd " << command->usage << "\n"
                << command->summary << "\n\n"
                << command_options << "\n"
                << globals << "\n";
      return ExitCode::success;
    }
    std::filesystem::path config_file = context.options.count("config")
                                            ? context.options["config"].as<std::filesystem::path>()
                                            : std::filesystem::path("config/esrd.conf");
    if (std::filesystem::exists(config_file)) {
      context.config_path = config_file;
      po::options_description file_options;
      file_options.add(config_options(context.config));
      // A key given on the command line replaces the file's value (or list) rather than adding.
      auto parsed = po::parse_config_file(config_file.c_str(), file_options, false);
      std::erase_if(parsed.options, [&](const po::option& option) {
        return context.options.count(option.string_key) > 0;
      });
      po::store(parsed, context.options);
    } else if (context.options.count("config")) {
      std::ostringstream quoted;
      quoted << config_file;
      throw CommandError::usage(fmt::format("esrd: configuration file {} not found", quoted.str()));
    }
    po::notify(context.options);
  } catch (const po::error& e) {
    throw CommandError::usage(
        fmt::format("esrd {}: {}\nusage: esrd {}", command->name, e.what(), command->usage));
  }
  if (context.options.count("data-dir")) {
    context.config.data_dir = context.options["data-dir"].as<std::filesystem::path>();
  }
  if (context.options.count("schemas")) {
    context.config.schema_dir = context.options["schemas"].as<std::filesystem::path>();
  }
  finish_config(context.config);
  int count = static_cast<int>(context.args.size());
  if (count < command->min_args || count > command->max_args) {
    throw CommandError::usage(
        fmt::format("esrd {}: expected {}\nusage: esrd {}", command->name,
                    command->min_args == command->max_args
                        ? fmt::format("{} argument(s)", command->min_args)
                        : fmt::format("{} to {} arguments", command->min_args, command->max_args),
                    command->usage));
  }
  if (auto problem = config_problem(context.config)) {
    throw CommandError::usage("esrd: configuration: " + *problem);
  }
  std::optional<std::filesystem::path> log_dir;
  if (command->uses_data_dir) log_dir = context.config.data_dir / "logs";
  setup_logging(context.config.log_level, context.config.log_format, log_dir);
  return command->run(context);
}

}  // namespace

int run_main(int argc, char** argv) {
  // Past a file-size limit (ulimit -f), write() then fails with EFBIG and the error names the
  // file, instead of the process being killed half-way through.
  std::signal(SIGXFSZ, SIG_IGN);
  try {
    return static_cast<int>(run(argc, argv));
  } catch (const std::exception& e) {
    return static_cast<int>(report_failure(e));
  }
}

}  // namespace esr::cli
