#include "command.hpp"

namespace esr::cli {
void add_daemon_commands(std::vector<CommandSpec>&) {}
}  // namespace esr::cli
