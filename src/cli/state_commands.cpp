#include "command.hpp"

namespace esr::cli {
void add_state_commands(std::vector<CommandSpec>&) {}
}  // namespace esr::cli
