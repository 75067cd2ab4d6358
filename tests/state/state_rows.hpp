#pragma once
// Test support for the state modules' tests: a migrated state database in a temporary folder,
// and the rows of other tables (files, positions, placements) they read beside their own,
// written directly. Every value is made up.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "esr/db/database.hpp"
#include "esr/state/state_schema.hpp"
#include "support/temp_dir.hpp"

namespace esr::test_support {

class StateRows : public ::testing::Test {
 protected:
  /// A ledger row; `sequence` is what orders an office's sent files.
  std::int64_t add_file(const std::string& type, std::optional<std::int64_t> sequence,
                        const std::string& office = "EMD", const std::string& direction = "out",
                        const std::string& outcome = "sent") {
    auto insert = db_.prepare(
        "INSERT INTO files(name, direction, type, local_office, business_date, sequence, outcome,"
        " started_at) VALUES (?1, ?2, ?3, ?4, '2026-11-23', ?5, ?6, '2026-11-23T18:00:00Z')");
    insert
        .bind(1, "DE_" + office + "_" + type + "_20261123_" +
                     std::to_string(sequence.value_or(++unnamed_)) + ".DAT")
        .bind(2, direction)
        .bind(3, type)
        .bind(4, office)
        .bind(5, sequence)
        .bind(6, outcome);
    insert.run();
    return db_.last_insert_rowid();
  }

  /// A live, matched position of `office`.
  void add_position(std::int64_t position_id, const std::string& deanery_number,
                    const std::string& office = "EMD") {
    if (rmf_ == 0) rmf_ = add_file("RMF", std::nullopt, office, "in", "applied");
    auto insert = db_.prepare(
        "INSERT INTO positions(position_id, local_office, deanery_number, matched,"
        " created_file_id, changed_file_id, changed_at) VALUES (?1, ?2, ?3, 1, ?4, ?4,"
        " '2026-11-23T18:00:00Z')");
    insert.bind(1, position_id).bind(2, office).bind(3, deanery_number).bind(4, rmf_);
    insert.run();
  }

  /// A placement of the extract on `npn`.
  void add_placement(const std::string& placement_id, const std::string& npn) {
    auto insert = db_.prepare(
        "INSERT INTO tis_placements(placement_id, npn, local_office, start_date, end_date)"
        " VALUES (?1, ?2, 'EMD', '2026-12-02', '2027-08-03')");
    insert.bind(1, placement_id).bind(2, npn);
    insert.run();
  }

  /// A column of one row, as text ("NULL" for NULL), read with `sql` binding `key` as ?1.
  template <typename Key>
  std::string text_of(const std::string& sql, const Key& key) {
    auto select = db_.prepare(sql);
    select.bind(1, key);
    EXPECT_TRUE(select.step()) << sql << " key " << key;
    return select.column_is_null(0) ? "NULL" : select.column_text(0);
  }

  TempDir dir_;
  db::Database db_ = state::open_state(dir_.path() / "esrd.sqlite");

 private:
  std::int64_t rmf_ = 0;
  std::int64_t unnamed_ = 90000000;
};

}  // namespace esr::test_support
