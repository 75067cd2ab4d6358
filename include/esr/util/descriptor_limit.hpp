#pragma once
// The process's limit on open file descriptors.
#include <cstdint>

namespace esr::util {

/// Raises the soft RLIMIT_NOFILE to the hard limit (systemd's default soft limit is 1024 while
/// the hard one is far higher), so that bursts of connections or files do not starve a job.
/// Returns the soft limit in force afterwards (unchanged when it cannot be raised). Never throws.
std::uint64_t raise_descriptor_limit() noexcept;

}  // namespace esr::util
