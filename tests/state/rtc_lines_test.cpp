// rtc_lines: the lines an RMF/RMC file is owed, written in the file's transaction, read back in
// order, and which files still wait for their RTC.
#include "esr/state/rtc_lines.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "esr/db/transaction.hpp"
#include "esr/state/ledger.hpp"
#include "state/state_fixture.hpp"

namespace esr::state {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class RtcLines : public test::StateTest {
 protected:
  // An inbound file's ledger entry, with RTC lines (one SUCCESS) when `lines`.
  std::int64_t file(const std::string& name, const std::string& type, const std::string& office,
                    bool lines = true) {
    auto id = add_inbound_file(name, type, office);
    if (lines) {
      db::Transaction transaction(db_);
      RtcLineWriter(transaction, id).add(1, true, "", "\"POR\",1");
      transaction.commit();
    }
    return id;
  }

  static std::vector<std::int64_t> ids(const std::vector<RtcDue>& due) {
    std::vector<std::int64_t> out;
    for (const auto& file : due) out.push_back(file.file_id);
    return out;
  }
};

TEST_F(RtcLines, AFilesLinesAreWrittenAndReadInOrdinalOrder) {
  auto id = file("rmf", "RMF", "EMD", false);
  auto other = file("rmc", "RMC", "EMD", false);
  {
    db::Transaction transaction(db_);
    RtcLineWriter writer(transaction, id);
    writer.add(2, false, "Error: T_POS10: missing", "\"POS\",2");
    writer.add(1, true, "", "\"POR\",1");
    RtcLineWriter(transaction, other).add(1, true, {}, "\"POR\",9");
    transaction.commit();
  }
  EXPECT_THAT(rows("SELECT file_id, ordinal, success, reason, record FROM rtc_lines"
                   " ORDER BY file_id, ordinal"),
              ElementsAre(std::to_string(id) + "|1|1||\"POR\",1",
                          std::to_string(id) + "|2|0|Error: T_POS10: missing|\"POS\",2",
                          std::to_string(other) + "|1|1||\"POR\",9"));
  auto lines = rtc_lines_of(db_, id);
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[0].ordinal, 1);
  EXPECT_TRUE(lines[0].success);
  EXPECT_EQ(lines[0].reason, "");
  EXPECT_EQ(lines[0].record, "\"POR\",1");
  EXPECT_EQ(lines[1].ordinal, 2);
  EXPECT_FALSE(lines[1].success);
  EXPECT_EQ(lines[1].reason, "Error: T_POS10: missing");
  EXPECT_EQ(lines[1].record, "\"POS\",2");
  EXPECT_THAT(rtc_lines_of(db_, 404), IsEmpty());
}

TEST_F(RtcLines, LinesAreUndoneWithTheirTransaction) {
  auto id = file("rmf", "RMF", "EMD", false);
  {
    db::Transaction transaction(db_);
    RtcLineWriter(transaction, id).add(1, true, "", "r");
  }
  EXPECT_THAT(rtc_lines_of(db_, id), IsEmpty());
}

TEST_F(RtcLines, TheFilesAwaitingAnRtcAreUnconfirmedRmtFilesWithLinesOfAnOffice) {
  auto rmf = file("rmf", "RMF", "EMD");
  auto rmc_kss = file("rmc", "RMC", "KSS");
  (void)file("no lines", "RMC", "EMD", false);
  (void)file("apc", "APC", "EMD");
  (void)file("unknown", "RMF", "");  // its name named no office
  auto confirmed = file("confirmed", "RMF", "EMD");
  auto rmc = file("rmc2", "RMC", "EMD");
  {
    db::Transaction transaction(db_);
    set_confirmed_by(transaction, confirmed, rmf);
    transaction.commit();
  }
  auto due = files_awaiting_rtc(db_, std::nullopt);
  EXPECT_THAT(ids(due), ElementsAre(rmf, rmc_kss, rmc));
  EXPECT_EQ(due[0].name, "rmf");
  EXPECT_EQ(due[0].local_office, "EMD");
  EXPECT_THAT(ids(files_awaiting_rtc(db_, std::string("EMD"))), ElementsAre(rmf, rmc));
  EXPECT_THAT(ids(files_awaiting_rtc(db_, std::string("KSS"))), ElementsAre(rmc_kss));
  EXPECT_THAT(ids(files_awaiting_rtc(db_, std::string(""))), ElementsAre(rmf, rmc_kss, rmc))
      << "an empty office is every office";
}

}  // namespace
}  // namespace esr::state
