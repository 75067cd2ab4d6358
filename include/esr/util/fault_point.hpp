#pragma once
// Named crash points for the fault-injection tests (DESIGN §9).
#include <string_view>

namespace esr::util {

/// When the environment variable ESRD_CRASH_AT names this point, the process kills itself with
/// SIGKILL here, as a power cut would. Costs one getenv per call when unset; production
/// configurations never set it.
void fault_point(std::string_view name);

}  // namespace esr::util
