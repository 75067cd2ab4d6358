// trace: the story of a placement, post, position, person or file, from the state alone.
#include <fmt/format.h>

#include <array>
#include <iostream>
#include <sstream>

#include "command.hpp"
#include "esr/cli/command_error.hpp"
#include "esr/ops/data_dir.hpp"
#include "esr/report/trace.hpp"
#include "esr/state/state_schema.hpp"
#include "runtime.hpp"

namespace esr::cli {

namespace po = boost::program_options;

namespace {

struct Selector {
  const char* option;
  report::TraceBy by;
};

constexpr std::array<Selector, 5> selectors = {{
    {"placement", report::TraceBy::placement},
    {"npn", report::TraceBy::npn},
    {"position", report::TraceBy::position},
    {"person", report::TraceBy::person},
    {"file", report::TraceBy::file},
}};

constexpr const char* usage_hint =
    "esrd trace: give exactly one of --placement ID, --npn NPN, --position ID, --person ID, --file "
    "NAME";

ExitCode run_trace(CommandContext& context) {
  std::optional<report::TraceQuery> query;
  for (const auto& selector : selectors) {
    if (!context.options.count(selector.option)) continue;
    if (query) throw CommandError::usage(usage_hint);
    query.emplace();
    query->by = selector.by;
    query->value = context.option(selector.option);
  }
  if (!query || query->value.empty()) throw CommandError::usage(usage_hint);
  query->date = business_date(context);
  query->window_min_days = context.config.window_min_days;
  query->window_max_days = context.config.window_max_days;
  query->max_per_position = context.config.max_applicants_per_position;
  query->schemas = &context.schemas();
  query->references = context.references();

  // Read only: no job lock, and no data directory is created.
  ops::DataDir dir{context.config.data_dir};
  if (!std::filesystem::exists(dir.database())) {
    std::ostringstream quoted;
    quoted << dir.database();
    throw CommandError::environment(
        fmt::format("esrd trace: no state at {} (nothing has run here yet)", quoted.str()));
  }
  auto db = state::open_state(dir.database(), query->schemas);
  auto report = report::build_trace(db, *query);
  if (context.flag("json")) {
    std::cout << report::format_trace_json(report) << '\n';
  } else {
    std::cout << report::format_trace_text(report);
  }
  return report.found ? ExitCode::success : ExitCode::rejected;
}

}  // namespace

void add_trace_commands(std::vector<CommandSpec>& commands) {
  commands.push_back(
      {"trace",
       "trace --placement ID|--npn NPN|--position ID|--person ID|--file NAME [--date D] [--json]",
       "the whole story of one thing from the state, and what would have to change for it to go", 0,
       0, false,
       [](po::options_description& options) {
         options.add_options()("placement", po::value<std::string>(), "a TIS placement id")(
             "npn", po::value<std::string>(), "a post's NPN (the positions' deanery number)")(
             "position", po::value<std::string>(), "an ESR position id")(
             "person", po::value<std::string>(), "a TIS person id: every placement of the person")(
             "file", po::value<std::string>(), "a file name, inbound or outbound")(
             "json", "one JSON object, for scripts");
         add_date_option(options);
       },
       run_trace});
}

}  // namespace esr::cli
