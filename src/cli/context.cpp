#include <spdlog/spdlog.h>
#include <unistd.h>

#include <array>

#include "command.hpp"
#include "esr/spec/field_advice.hpp"

namespace esr::cli {

namespace {

// A data folder (schemas, reference) when none is configured: beside an installed binary
// (PREFIX/bin/esrd -> PREFIX/share/esrd/NAME), else the source tree, else the install prefix.
std::filesystem::path default_data_dir(const char* name, const char* source,
                                       const char* installed) {
  std::array<char, 4096> buffer{};
  auto length = ::readlink("/proc/self/exe", buffer.data(), buffer.size() - 1);
  if (length > 0) {
    std::filesystem::path exe(std::string(buffer.data(), static_cast<std::size_t>(length)));
    auto beside = exe.parent_path().parent_path() / "share" / "esrd" / name;
    if (std::filesystem::is_directory(beside)) return beside;
  }
  if (std::filesystem::is_directory(source)) return source;
  return installed;
}

}  // namespace

const spec::SchemaRegistry& CommandContext::schemas() {
  if (!schemas_) {
    auto folder = config.schema_dir.empty() ? default_data_dir("schemas", ESRD_SOURCE_SCHEMA_DIR,
                                                               ESRD_INSTALLED_SCHEMA_DIR)
                                            : config.schema_dir;
    schemas_ = std::make_unique<spec::SchemaRegistry>(spec::SchemaRegistry::load(folder));
  }
  return *schemas_;
}

const spec::ReferenceLists* CommandContext::references() {
  if (references_looked_for_) return references_.get();
  references_looked_for_ = true;
  auto folder = config.reference_dir;
  if (folder.empty()) {
    folder = default_data_dir("reference", ESRD_SOURCE_REFERENCE_DIR, ESRD_INSTALLED_REFERENCE_DIR);
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
      spdlog::warn("reference_lists=not_found looked_in={} checks=skipped", folder.string());
      return nullptr;
    }
  }
  auto lists = spec::ReferenceLists::load(folder);
  spec::check_reference_names(schemas(), lists);
  references_ = std::make_unique<spec::ReferenceLists>(std::move(lists));
  return references_.get();
}

bool CommandContext::reload_config(std::string* error) {
  if (config_path.empty()) return true;
  Config fresh = config;
  // Keys from the file replace the current values unless the command line gave them.
  fresh.collect_slots.clear();
  fresh.export_slots.clear();
  fresh.local_offices.clear();
  try {
    boost::program_options::options_description file_options;
    file_options.add(config_options(fresh));
    auto parsed =
        boost::program_options::parse_config_file(config_path.c_str(), file_options, false);
    std::erase_if(parsed.options, [&](const boost::program_options::option& option) {
      return command_line_keys.count(option.string_key) > 0;
    });
    boost::program_options::variables_map values;
    boost::program_options::store(parsed, values);
    boost::program_options::notify(values);
  } catch (const std::exception& e) {
    if (error != nullptr) *error = e.what();
    return false;
  }
  if (command_line_keys.count("schedule.collect")) fresh.collect_slots = config.collect_slots;
  if (command_line_keys.count("schedule.export")) fresh.export_slots = config.export_slots;
  if (command_line_keys.count("offices.code")) fresh.local_offices = config.local_offices;
  finish_config(fresh);
  if (auto problem = config_problem(fresh)) {
    if (error != nullptr) *error = *problem;
    return false;
  }
  config = fresh;
  return true;
}

const std::vector<CommandSpec>& all_commands() {
  static const std::vector<CommandSpec> commands = [] {
    std::vector<CommandSpec> list;
    add_daemon_commands(list);
    add_state_commands(list);
    add_trace_commands(list);
    add_maintenance_commands(list);
    add_spec_commands(list);
    return list;
  }();
  return commands;
}

}  // namespace esr::cli
