#include "esr/util/utc_time.hpp"

#include <array>
#include <chrono>
#include <ctime>

namespace esr::util {

namespace {

std::string utc_now_as(const char* format) {
  auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  std::array<char, 32> text{};
  auto length = std::strftime(text.data(), text.size(), format, &parts);
  return std::string(text.data(), length);
}

}  // namespace

std::string utc_now_iso() { return utc_now_as("%Y-%m-%dT%H:%M:%SZ"); }

std::string utc_now_compact() { return utc_now_as("%Y%m%dT%H%M%SZ"); }

}  // namespace esr::util
