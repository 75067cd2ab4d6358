#pragma once
// The state modules' tests: a fresh, migrated state database in a temporary folder, its rows read
// back as text, and files in its ledger for other rows to name.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/db/transaction.hpp"
#include "esr/state/ledger.hpp"
#include "esr/state/state_schema.hpp"
#include "support/temp_dir.hpp"

namespace esr::state::test {

/// The form of the *_at columns: UTC to the second (their values come from the wall clock, so
/// only the form is checked).
inline constexpr const char* kUtcSecond = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z";

class StateTest : public ::testing::Test {
 protected:
  /// Every row `sql` returns, its columns joined by '|', NULL as "<null>".
  [[nodiscard]] std::vector<std::string> rows(const std::string& sql) {
    auto select = db_.prepare(sql);
    std::vector<std::string> out;
    while (select.step()) {
      std::string row;
      for (int column = 0; column < select.column_count(); ++column) {
        if (column > 0) row += '|';
        row += select.column_is_null(column) ? "<null>" : select.column_text(column);
      }
      out.push_back(row);
    }
    return out;
  }

  /// Adds an inbound file to the ledger, applied on 2026-11-23, and returns its id.
  std::int64_t add_inbound_file(const std::string& name, const std::string& type,
                                const std::string& local_office) {
    LedgerEntry entry;
    entry.name = name;
    entry.type = type;
    entry.local_office = local_office;
    entry.business_date = "2026-11-23";
    db::Transaction transaction(db_);
    auto id = add_inbound(transaction, entry);
    transaction.commit();
    return id;
  }

  test_support::TempDir dir_;
  db::Database db_ = open_state(dir_.path() / "esrd.sqlite");
};

}  // namespace esr::state::test
