#pragma once
// Takes inbound ESR files (RMF, RMC, APC, DCC) into the state: validate, apply once, file away.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/ops/data_dir.hpp"
#include "esr/spec/business_date.hpp"
#include "esr/spec/problem.hpp"
#include "esr/spec/schema_registry.hpp"

namespace esr::inbound {

struct InboundSettings {
  std::vector<std::string> local_offices;
};

struct ProcessOptions {
  std::optional<spec::BusinessDate> date;  // overrides the date in the file name
  bool dry_run = false;     // validate and apply inside a transaction that is rolled back
  bool force = false;       // re-apply a file already applied
  bool from_inbox = false;  // move the file to archive/ or quarantine/ afterwards
};

enum class Outcome {
  applied,          // in the state now (APC/DCC may have had lines rejected: see problems)
  already_applied,  // same name and checksum applied before: nothing done
  rejected,         // quarantined (or, for a dry run, would be)
  checked,          // dry run: valid, nothing kept
};

[[nodiscard]] const char* to_string(Outcome outcome);

struct ProcessResult {
  Outcome outcome = Outcome::rejected;
  std::string file;  // bare name
  std::string type;
  std::string local_office;
  std::size_t records = 0;
  std::size_t problem_count = 0;
  std::vector<spec::Problem> problems;  // the first 1000
  std::string effects;                  // key=value summary of what changed
  std::filesystem::path moved_to;
  double seconds = 0;
};

/// ESR's files, one at a time, through the intake that every inbound file goes through
/// (identify, validate, apply in one transaction with the ledger row, then archive or quarantine
/// after the commit): a file takes effect exactly once or not at all, and a rejection is recorded
/// before its file is moved. Bad content is a result, never an exception; the environment (a
/// missing folder, a locked or full database) throws. Not thread-safe.
class InboundProcessor {
 public:
  InboundProcessor(db::Database& db, const spec::SchemaRegistry& schemas, ops::DataDir dir,
                   InboundSettings settings);

  [[nodiscard]] ProcessResult process(const std::filesystem::path& file,
                                      const ProcessOptions& options);

  /// Every file in inbox/, in business-date then sequence order (names that do not parse go
  /// last and are quarantined); each moved to archive/ or quarantine/.
  [[nodiscard]] std::vector<ProcessResult> collect(const ProcessOptions& options);

 private:
  db::Database& db_;
  const spec::SchemaRegistry& schemas_;
  ops::DataDir dir_;
  InboundSettings settings_;
};

}  // namespace esr::inbound
