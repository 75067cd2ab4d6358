#include "esr/schedule/slot.hpp"

#include <utility>

namespace esr::schedule {

Slot make_slot(date::local_time<std::chrono::minutes> local, std::chrono::sys_seconds at) {
  std::string key = date::format("%Y-%m-%dT%H:%M", local);
  key += '@';
  key += date::format("%Y-%m-%dT%H:%M:%SZ", at);
  return Slot{at, local, std::move(key)};
}

}  // namespace esr::schedule
