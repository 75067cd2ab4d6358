#include <unistd.h>

#include <array>

#include "command.hpp"

namespace esr::cli {

namespace {

// The schema folder when none is configured: beside an installed binary, else the source tree.
std::filesystem::path default_schema_dir() {
  std::array<char, 4096> buffer{};
  auto length = ::readlink("/proc/self/exe", buffer.data(), buffer.size() - 1);
  if (length > 0) {
    std::filesystem::path exe(std::string(buffer.data(), static_cast<std::size_t>(length)));
    auto installed = exe.parent_path().parent_path() / "share" / "esrd" / "schemas";
    if (std::filesystem::is_directory(installed)) return installed;
  }
  if (std::filesystem::is_directory(ESRD_SOURCE_SCHEMA_DIR)) return ESRD_SOURCE_SCHEMA_DIR;
  return ESRD_INSTALLED_SCHEMA_DIR;
}

}  // namespace

const spec::SchemaRegistry& CommandContext::schemas() {
  if (!schemas_) {
    auto folder = config.schema_dir.empty() ? default_schema_dir() : config.schema_dir;
    schemas_ = std::make_unique<spec::SchemaRegistry>(spec::SchemaRegistry::load(folder));
  }
  return *schemas_;
}

const std::vector<CommandSpec>& all_commands() {
  static const std::vector<CommandSpec> commands = [] {
    std::vector<CommandSpec> list;
    add_daemon_commands(list);
    add_state_commands(list);
    add_spec_commands(list);
    return list;
  }();
  return commands;
}

}  // namespace esr::cli
