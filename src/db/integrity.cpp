#include "esr/db/integrity.hpp"

namespace esr::db {

std::vector<std::string> integrity_problems(Database& db) {
  std::vector<std::string> problems;
  auto integrity = db.prepare("PRAGMA integrity_check");
  while (integrity.step()) {
    auto line = integrity.column_text(0);
    if (line != "ok") problems.push_back(std::move(line));
  }
  return problems;
}

}  // namespace esr::db
