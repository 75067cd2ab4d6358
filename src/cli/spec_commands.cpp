// validate, parse and schema: the commands that need only the schemas, no state.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "esr/cli/command_error.hpp"
#include "esr/dialect/file_identity.hpp"
#include "esr/dialect/file_parser.hpp"
#include "esr/spec/field_advice.hpp"
#include "esr/spec/markdown.hpp"

namespace esr::cli {

namespace po = boost::program_options;

namespace {

struct Opened {
  dialect::FileIdentity identity;
  std::filesystem::path path;
  std::string display;
};

// Identifies the file or prints why it cannot be read; nullopt means "exit with this code".
std::optional<Opened> open_for_reading(CommandContext& context, ExitCode& failure) {
  Opened opened;
  opened.path = context.args.front();
  opened.display = opened.path.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(opened.path, ec)) {
    std::cout << fmt::format("{}:0:file: not a readable regular file\n", opened.display);
    failure = ExitCode::rejected;
    return std::nullopt;
  }
  opened.identity = dialect::identify_file(opened.path.filename().string(), context.schemas(),
                                           context.option("type"));
  if (opened.identity.spec == nullptr) {
    std::cout << fmt::format("{}:0:file name: {}\n", opened.display, opened.identity.error);
    failure = ExitCode::rejected;
    return std::nullopt;
  }
  return opened;
}

void add_type_option(po::options_description& options) {
  options.add_options()("type", po::value<std::string>(),
                        "read the file as this type (RMF, APP, TIS_POSTS...) whatever its name");
}

ExitCode run_validate(CommandContext& context) {
  ExitCode failure = ExitCode::success;
  auto opened = open_for_reading(context, failure);
  if (!opened) return failure;
  const spec::ReferenceLists* lists = context.references();
  dialect::ParseCallbacks callbacks;
  callbacks.on_problem = [](const spec::Problem& problem) {
    std::cout << spec::to_string(problem) << '\n';
  };
  // Reference lists and identifier rules: warnings, or a problem for a closed list.
  std::size_t warnings = 0, list_errors = 0;
  std::vector<spec::FieldAdvice> advice;
  callbacks.on_record = [&](const dialect::ParsedRecord& record) {
    if (record.spec == nullptr) return;
    advice.clear();
    spec::advise_record(*record.spec, record.values, lists, advice);
    for (const auto& item : advice) {
      (item.error ? list_errors : warnings) += 1;
      std::cout << spec::to_string({opened->display, record.line,
                                    record.spec->fields[item.field_index].label(),
                                    (item.error ? "" : "warning: ") + item.message})
                << '\n';
    }
  };
  auto summary = dialect::parse_file(opened->path, opened->display, *opened->identity.spec,
                                     context.schemas(), callbacks);
  if (summary.transcoded_lines > 0) {
    spdlog::warn("file={} lines_read_as_windows1252={} first_line={}", opened->display,
                 summary.transcoded_lines, summary.first_transcoded_line);
  }
  auto warned = warnings > 0 ? fmt::format(", {} warning(s)", warnings) : std::string();
  if (summary.problems + list_errors > 0) {
    std::cerr << fmt::format("{}: {} problem(s) in {} of {} record(s){}\n", opened->display,
                             summary.problems + list_errors, summary.invalid_records,
                             summary.records, warned);
    return ExitCode::rejected;
  }
  std::cerr << fmt::format("{}: valid, {} record(s) of {}{}\n", opened->display, summary.records,
                           opened->identity.spec->type, warned);
  return ExitCode::success;
}

nlohmann::json record_json(const dialect::ParsedRecord& record) {
  nlohmann::json out;
  out["line"] = record.line;
  out["ordinal"] = record.ordinal;
  out["record_type"] = std::string(record.record_type);
  out["valid"] = record.valid;
  if (record.confirmation != nullptr) {
    out["position"] = record.confirmation->position;
    out["outcome"] = record.confirmation->outcome;
    out["reason"] = record.confirmation->reason;
  }
  if (record.spec != nullptr && record.values.size() == record.spec->fields.size() &&
      record.confirmation == nullptr) {
    auto& fields = out["fields"];
    fields = nlohmann::json::object();
    for (std::size_t i = 0; i < record.values.size(); ++i) {
      const auto& field = record.spec->fields[i];
      fields[field.ref.empty() ? field.name : field.ref] = std::string(record.values[i]);
    }
  } else {
    auto& values = out["values"];
    values = nlohmann::json::array();
    for (auto value : record.values) values.push_back(std::string(value));
  }
  return out;
}

ExitCode run_parse(CommandContext& context) {
  ExitCode failure = ExitCode::success;
  auto opened = open_for_reading(context, failure);
  if (!opened) return failure;
  bool json = context.flag("json");
  dialect::ParseCallbacks callbacks;
  callbacks.on_record = [&](const dialect::ParsedRecord& record) {
    if (json) {
      std::cout << record_json(record).dump(-1, ' ', false,
                                            nlohmann::json::error_handler_t::replace)
                << '\n';
      return;
    }
    std::string line = fmt::format("{}:{}", record.line, record.record_type);
    if (record.confirmation != nullptr) {
      line += fmt::format(" position={} outcome={}", record.confirmation->position,
                          record.confirmation->outcome);
      if (!record.confirmation->reason.empty())
        line += fmt::format(" reason=\"{}\"", record.confirmation->reason);
    }
    for (std::size_t i = 0; i < record.values.size(); ++i) {
      bool named = record.spec != nullptr && record.confirmation == nullptr &&
                   i < record.spec->fields.size();
      std::string key = named ? record.spec->fields[i].ref : fmt::format("{}", i + 1);
      if (!record.values[i].empty()) line += fmt::format(" {}={}", key, record.values[i]);
    }
    std::cout << line << '\n';
  };
  callbacks.on_problem = [](const spec::Problem& problem) {
    std::cerr << spec::to_string(problem) << '\n';
  };
  auto summary = dialect::parse_file(opened->path, opened->display, *opened->identity.spec,
                                     context.schemas(), callbacks);
  return summary.problems > 0 ? ExitCode::rejected : ExitCode::success;
}

ExitCode run_schema(CommandContext& context) {
  const auto& registry = context.schemas();
  if (context.args.empty()) {
    std::cout << spec::render_reference(registry);
    return ExitCode::success;
  }
  const auto& name = context.args.front();
  const spec::FileSpec* spec = registry.by_name(name);
  if (spec == nullptr) spec = registry.for_file_type(name);
  if (spec == nullptr) {
    std::string known;
    for (const auto& schema : registry.all()) known += " " + schema.type;
    throw CommandError::usage(
        fmt::format("esrd schema: no schema named '{}'; known:{}", name, known));
  }
  std::cout << spec::render_markdown(*spec);
  return ExitCode::success;
}

}  // namespace

void add_spec_commands(std::vector<CommandSpec>& commands) {
  commands.push_back(
      {"validate", "validate FILE [--type TYPE]",
       "check a file against its schema; print every problem as FILE:LINE:FIELD: message", 1, 1,
       false, add_type_option, run_validate});
  commands.push_back({"parse", "parse FILE [--json] [--type TYPE]",
                      "print the records of a file (JSON lines with --json)", 1, 1, false,
                      [](po::options_description& options) {
                        add_type_option(options);
                        options.add_options()("json", "one JSON object per record");
                      },
                      run_parse});
  commands.push_back({"schema", "schema [TYPE]",
                      "print the field table of a file type (all of them without TYPE)", 0, 1,
                      false, nullptr, run_schema});
}

}  // namespace esr::cli
