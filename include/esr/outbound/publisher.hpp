#pragma once
// Outbound files that appear complete or not at all, recorded exactly once.
#include <cstdint>
#include <string>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/db/transaction.hpp"
#include "esr/ops/data_dir.hpp"
#include "esr/spec/business_date.hpp"

namespace esr::outbound {

struct OutboundFile {
  std::string type;  // APP, DNF, DNC, RTC
  std::string local_office;
  spec::BusinessDate date;
  std::string content;  // every record with its line ending
  std::int64_t records = 0;
};

struct Reserved {
  std::int64_t file_id = 0;
  std::string name;
  std::int64_t sequence = 0;
};

/// Publishing takes three steps, so that a crash at any point loses and duplicates nothing:
/// 1. reserve(), inside the caller's `transaction`, draws the next sequence number from the one
///    counter shared by every office and type, and records the file as `pending` with its exact
///    bytes; the caller marks its records exported with the file id in the same transaction.
/// 2. publish_pending(), after the commit, writes each pending file to `outbox/.NAME.part`
///    (fsync), keeps a copy in archive/, records it `publishing`, renames it into place (fsync of
///    the folder) and records it `sent`, dropping the stored bytes.
/// 3. At start-up publish_pending() finishes whatever a crash interrupted: a `pending` file is
///    written again from its bytes; a `publishing` file whose .part is still there is renamed, and
///    one whose .part is gone was renamed already (the transfer agent may have taken it).
/// Not thread-safe; one Publisher per Database.
class Publisher {
 public:
  Publisher(db::Database& db, ops::DataDir dir) : db_(db), dir_(std::move(dir)) {}

  [[nodiscard]] Reserved reserve(db::Transaction& transaction, const OutboundFile& file);
  /// Returns the names published now. Outside any transaction: each outcome is committed as it
  /// is reached. Throws util::FileError / db::StoreError.
  std::vector<std::string> publish_pending();

 private:
  db::Database& db_;
  ops::DataDir dir_;
};

}  // namespace esr::outbound
