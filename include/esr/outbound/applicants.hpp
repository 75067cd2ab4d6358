#pragma once
// Applicant records: generated from TIS placements on reconciled positions, sent in APP files.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "esr/db/transaction.hpp"
#include "esr/outbound/publisher.hpp"
#include "esr/outbound/rtc_export.hpp"
#include "esr/spec/schema_registry.hpp"

namespace esr::outbound {

struct ApplicantRules {
  int window_min_days = 2;    // D + min <= start
  int window_max_days = 91;   // start < D + max (13 weeks)
  int max_per_position = 40;  // ESR quarantines an APP file with more against one position
};

struct GenerationCounts {
  std::int64_t to_export = 0, invalid = 0, deleted_before_export = 0, unchanged_sent = 0;
};

/// Brings the applicants table up to date for business date `date` (DESIGN §7): one record per
/// eligible placement (APPROVED, eligible type, start inside the window, not excluded) per live,
/// matched position with its deanery number. A record not yet sent is created or updated; one
/// already sent is never changed; one whose placement or position has gone, or that is no longer
/// eligible, becomes DELETED_BEFORE_EXPORT. A record that fails the APP schema is INVALID_DATA
/// with the field and rule, and a corrected extract regenerates it. Runs in the caller's
/// transaction. Never logs personal values.
GenerationCounts generate_applicants(db::Transaction& tx, const spec::FileSpec& app_spec,
                                     const spec::BusinessDate& date, const ApplicantRules& rules);

/// Writes one APP file per office with applicants TO_EXPORT, at most `max_per_position`
/// against one position (the excess stays TO_EXPORT, with a reason, for the next run; a second
/// file in the same run would break APC matching, which uses the latest APP file). Each
/// applicant is marked EXPORTED with its file and 1-based ordinal in the transaction that
/// reserves the file. Returns the reserved files; the caller publishes.
std::vector<Reserved> export_app(db::Database& db, Publisher& publisher,
                                 const spec::FileSpec& app_spec, const ExportScope& scope,
                                 const ApplicantRules& rules);

}  // namespace esr::outbound
