#pragma once
// The exclusions table: placements `esrd exclude` keeps from ever being sent as applicants. The
// only place that writes it; the applicant rule (rules/applicant_rule.hpp) decides what an
// exclusion means.
#include <set>
#include <string>

#include "esr/db/database.hpp"
#include "esr/db/transaction.hpp"

namespace esr::state {

/// One placement to keep from being sent, as a line of an exclusion file gives it.
struct Exclusion {
  std::string placement_id;
  std::string local_office;  // the office it was listed for; empty: none named (stored NULL)
  std::string source;        // the name of the file that listed it
  std::string added_at;      // UTC, as util::utc_now_iso() writes it
};

/// Adds exclusions one after another with one prepared statement, in the caller's transaction.
class ExclusionWriter {
 public:
  explicit ExclusionWriter(db::Transaction& tx);

  /// Adds `exclusion`; false when its placement was already excluded (the row is kept as it was).
  bool add(const Exclusion& exclusion);

 private:
  db::Database& db_;
  db::Statement insert_;
};

/// The ids of every excluded placement.
[[nodiscard]] std::set<std::string> excluded_placements(db::Database& db);

}  // namespace esr::state
