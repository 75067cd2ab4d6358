#pragma once
// TIS extracts: posts_YYYYMMDD.csv and placements_YYYYMMDD.csv, full snapshots diffed into events.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "esr/inbound/inbound_processor.hpp"

namespace esr::inbound {

/// Loads TIS snapshots, through the same intake as ESR's files. Each file is validated whole
/// (FILE:LINE:COLUMN problems) as it is applied in one transaction with its ledger row, or
/// rolled back, recorded as rejected and then quarantined. A snapshot is
/// full for every local office it mentions: what the previous snapshot of that office held and
/// this one lacks is gone. The difference is stored as tis_events (post created, removed, or
/// turned from CURRENT to INACTIVE, the last two with the post's row before; placement created,
/// changed with the changed columns, or deleted), except for an office's first snapshot, its
/// baseline, which raises none. Loading posts re-evaluates position matching, and a live
/// position that becomes matched gets a position_live event. Not thread-safe.
class TisImporter {
 public:
  TisImporter(db::Database& db, const spec::SchemaRegistry& schemas, ops::DataDir dir);

  /// A file, or a folder of extracts (posts before placements of the same date, dates in order).
  [[nodiscard]] std::vector<ProcessResult> import(const std::filesystem::path& path,
                                                  const ProcessOptions& options);

  /// Every extract waiting in tis/, each moved to archive/ or quarantine/ afterwards.
  [[nodiscard]] std::vector<ProcessResult> import_waiting(const ProcessOptions& options);

 private:
  db::Database& db_;
  const spec::SchemaRegistry& schemas_;
  ops::DataDir dir_;
};

/// Why `name` is not the name of a TIS extract (posts_YYYYMMDD.csv, placements_YYYYMMDD.csv),
/// as a problem of line 0; nullopt when it is one.
[[nodiscard]] std::optional<spec::Problem> tis_extract_name_problem(
    const spec::SchemaRegistry& schemas, const std::string& name);

}  // namespace esr::inbound
