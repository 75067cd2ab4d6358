#pragma once
// The ledger: every file in and out, by name, checksum and outcome.
#include <cstdint>
#include <optional>
#include <string>

#include "esr/db/database.hpp"

namespace esr::ops {

struct LedgerEntry {
  std::int64_t id = 0;
  std::string name;
  std::string direction;  // in, out
  std::string type;
  std::string local_office;
  std::string business_date;  // YYYY-MM-DD
  std::optional<std::int64_t> sequence;
  std::string sha256;
  std::int64_t size = 0;
  std::int64_t records = 0;
  std::string outcome;  // in: applied, quarantined; out: pending, publishing, sent
  std::string reason;
};

/// Reads and writes the `files` table. Callers own the transaction. Not thread-safe (one
/// Database per thread).
class Ledger {
 public:
  explicit Ledger(db::Database& db) : db_(db) {}

  /// The most recent inbound entry of this name that was applied, if any.
  [[nodiscard]] std::optional<LedgerEntry> last_applied(const std::string& name);
  /// The inbound rejections (outcome quarantined) recorded for these bytes under this name: how
  /// many, and the latest's id (0 when none).
  struct Rejections {
    std::size_t count = 0;
    std::int64_t latest_id = 0;
  };
  [[nodiscard]] Rejections rejections_of(const std::string& name, const std::string& sha256);
  /// Adds an entry and returns its id; started/finished times are now.
  std::int64_t add(const LedgerEntry& entry);
  /// Sets an entry's record count and finished time (now): for a file streamed into the state,
  /// whose entry is added first so that its rows can name it.
  void finish(std::int64_t id, std::int64_t records);

 private:
  db::Database& db_;
};

}  // namespace esr::ops
