#include "esr/spec/problem.hpp"

#include <fmt/format.h>

namespace esr::spec {

std::string to_string(const Problem& problem) {
  return fmt::format("{}:{}:{}: {}", problem.file, problem.line, problem.field, problem.message);
}

}  // namespace esr::spec
