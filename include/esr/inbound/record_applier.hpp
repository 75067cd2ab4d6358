#pragma once
// What one inbound file type does with its records once the file has passed validation.
#include <cstdint>
#include <string>

#include "esr/db/database.hpp"
#include "esr/dialect/file_parser.hpp"
#include "esr/spec/business_date.hpp"

namespace esr::inbound {

/// Facts about the file being applied, for the appliers.
struct FileContext {
  std::int64_t file_id = 0;  // its ledger row
  std::string name;
  std::string type;  // RMF, RMC, APC, DCC
  std::string local_office;
  spec::BusinessDate business_date;
};

/// Applies the records of one file inside the caller's transaction. `apply` sees every record
/// in file order, valid or not (`record.valid`); an applier skips or reports invalid ones as its
/// file type requires. Throws db::StoreError on database failure (the caller rolls back).
class RecordApplier {
 public:
  virtual ~RecordApplier() = default;
  virtual void apply(const dialect::ParsedRecord& record, const std::string& problems) = 0;
  /// Called after the last record; returns a key=value summary for the log.
  virtual std::string finish() = 0;
};

}  // namespace esr::inbound
