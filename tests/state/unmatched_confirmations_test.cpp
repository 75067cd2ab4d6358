// unmatched_confirmations: the APC/DCC lines that confirmed nothing, kept with their file.
#include "esr/state/unmatched_confirmations.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "esr/db/transaction.hpp"
#include "state/state_fixture.hpp"

namespace esr::state {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class UnmatchedConfirmations : public test::StateTest {
 protected:
  std::int64_t apc() { return add_inbound_file("DE_EMD_APC_20261123_00000001.DAT", "APC", "EMD"); }
};

TEST_F(UnmatchedConfirmations, EachLineIsKeptWithItsFileLineFieldAndMessage) {
  auto id = apc();
  {
    db::Transaction transaction(db_);
    UnmatchedConfirmationWriter writer(transaction, id);
    writer.add({"ignored: the file is the ledger's", 3, "applicant", "no applicant 41000101-1"});
    writer.add({"", 7, "", "no such position"});
    transaction.commit();
  }
  EXPECT_THAT(rows("SELECT file_id, line, field, message FROM unmatched_confirmations ORDER BY id"),
              ElementsAre(std::to_string(id) + "|3|applicant|no applicant 41000101-1",
                          std::to_string(id) + "|7||no such position"));
}

TEST_F(UnmatchedConfirmations, LinesAreUndoneWithTheirTransaction) {
  auto id = apc();
  {
    db::Transaction transaction(db_);
    UnmatchedConfirmationWriter(transaction, id).add({"", 1, "f", "m"});
  }
  EXPECT_THAT(rows("SELECT id FROM unmatched_confirmations"), IsEmpty());
}

TEST_F(UnmatchedConfirmations, ALineOfAFileNotInTheLedgerIsRefused) {
  db::Transaction transaction(db_);
  UnmatchedConfirmationWriter writer(transaction, 404);
  EXPECT_THROW(writer.add({"", 1, "f", "m"}), db::StoreError);
}

}  // namespace
}  // namespace esr::state
