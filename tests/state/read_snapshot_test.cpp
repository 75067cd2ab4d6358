// ReadSnapshot: the reads of one report see the state as it was at the first of them.
#include "esr/state/read_snapshot.hpp"

#include <gtest/gtest.h>

#include "esr/db/store_error.hpp"
#include "esr/db/transaction.hpp"
#include "esr/state/file_history.hpp"
#include "state_rows.hpp"

namespace esr::state {
namespace {

class ReadSnapshotTest : public test_support::StateRows {
 protected:
  /// A second connection, as another esrd process would have.
  db::Database writer_ = db::Database::open(dir_.path() / "esrd.sqlite");

  static constexpr const char* kApp = "DE_EMD_APP_20261123_00000003.DAT";

  void add_sent_file() {
    db::Transaction transaction(writer_);
    writer_.exec(
        "INSERT INTO files(name, direction, type, business_date, outcome, started_at) VALUES"
        " ('DE_EMD_APP_20261123_00000003.DAT', 'out', 'APP', '2026-11-23', 'sent',"
        " '2026-11-23T18:00:00Z')");
    transaction.commit();
  }

  /// How many files the ledger holds under the name of the file add_sent_file adds, as `db_`
  /// sees it.
  std::size_t apps_seen() {
    return FileHistory(db_, *spec::BusinessDate::from_iso("2026-11-23")).files_named(kApp).size();
  }
};

TEST_F(ReadSnapshotTest, WhatAnotherConnectionCommitsMeanwhileIsNotSeen) {
  {
    ReadSnapshot snapshot(db_);
    EXPECT_EQ(apps_seen(), 0U);
    add_sent_file();
    EXPECT_EQ(apps_seen(), 0U) << "the snapshot holds";
  }
  EXPECT_EQ(apps_seen(), 1U) << "seen once the snapshot is gone";
}

TEST_F(ReadSnapshotTest, ASnapshotInsideAnOpenTransactionIsRefused) {
  db::Transaction transaction(db_);
  EXPECT_THROW(ReadSnapshot{db_}, db::StoreError);
}

}  // namespace
}  // namespace esr::state
