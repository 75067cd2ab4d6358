#pragma once
// Test support for the state modules: a state database migrated in a temporary folder, the
// ledger rows their writes name, and a few readers for what the tests check.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/state/state_schema.hpp"
#include "support/temp_dir.hpp"

namespace esr::state::test {

class StateDb : public ::testing::Test {
 protected:
  StateDb() : db_(open_state(dir_.path() / "esrd.sqlite")) {}

  /// A ledger row (files) of an applied inbound file; returns its id.
  std::int64_t add_file(const std::string& type, const std::string& business_date) {
    auto insert = db_.prepare(
        "INSERT INTO files(name, direction, type, business_date, outcome, started_at)"
        " VALUES (?1, 'in', ?2, ?3, 'applied', 'now')");
    insert.bind(1, type + "_" + std::to_string(++files_)).bind(2, type).bind(3, business_date);
    insert.run();
    return db_.last_insert_rowid();
  }

  /// The first column of every row of `sql`, as text ("NULL" for NULL).
  std::vector<std::string> texts(const std::string& sql) {
    auto select = db_.prepare(sql);
    std::vector<std::string> out;
    while (select.step())
      out.push_back(select.column_is_null(0) ? std::string("NULL") : select.column_text(0));
    return out;
  }

  /// The one number `sql` selects.
  std::int64_t number(const std::string& sql) {
    auto select = db_.prepare(sql);
    EXPECT_TRUE(select.step()) << sql;
    return select.column_int64(0);
  }

  test_support::TempDir dir_;
  db::Database db_;
  int files_ = 0;
};

}  // namespace esr::state::test
