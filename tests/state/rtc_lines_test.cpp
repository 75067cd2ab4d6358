// rtc_lines: the lines an RMF/RMC file is owed, written in the file's transaction, read back in
// order, and which files still wait for their RTC.
#include "esr/state/rtc_lines.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "esr/db/store_error.hpp"
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
      RtcLineWriter writer(transaction, id);
      writer.add(1, true, "", "\"POR\",1");
      writer.finish();
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

TEST_F(RtcLines, FailLinesAreRowsSuccessLinesABlobAndTheyReadMergedInOrdinalOrder) {
  auto id = file("rmf", "RMF", "EMD", false);
  auto other = file("rmc", "RMC", "EMD", false);
  {
    db::Transaction transaction(db_);
    RtcLineWriter writer(transaction, id);
    writer.add(1, true, "", "\"POR\",1");
    writer.add(2, false, "Error: T_POS10: missing", "\"POS\",2");
    writer.add(3, true, "", "\"POR\",3,\"a, \"\"quoted\"\"\nline\"");
    writer.finish();
    RtcLineWriter more(transaction, other);
    more.add(1, true, {}, "\"POR\",9");
    more.finish();
    transaction.commit();
  }
  EXPECT_THAT(rows("SELECT file_id, ordinal, success, reason, record FROM rtc_lines"),
              ElementsAre(std::to_string(id) + "|2|0|Error: T_POS10: missing|\"POS\",2"))
      << "only the FAIL line is a row";
  EXPECT_THAT(rows("SELECT file_id, chunk FROM rtc_echoes ORDER BY file_id"),
              ElementsAre(std::to_string(id) + "|0", std::to_string(other) + "|0"));
  auto lines = rtc_lines_of(db_, id);
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[0].ordinal, 1);
  EXPECT_TRUE(lines[0].success);
  EXPECT_EQ(lines[0].reason, "");
  EXPECT_EQ(lines[0].record, "\"POR\",1");
  EXPECT_EQ(lines[1].ordinal, 2);
  EXPECT_FALSE(lines[1].success);
  EXPECT_EQ(lines[1].reason, "Error: T_POS10: missing");
  EXPECT_EQ(lines[1].record, "\"POS\",2");
  EXPECT_EQ(lines[2].ordinal, 3);
  EXPECT_TRUE(lines[2].success);
  EXPECT_EQ(lines[2].record, "\"POR\",3,\"a, \"\"quoted\"\"\nline\"") << "every byte kept";
  EXPECT_EQ(failed_rtc_lines(db_, id), 1);
  EXPECT_EQ(rtc_lines_of(db_, other).size(), 1U);
  EXPECT_THAT(rtc_lines_of(db_, 404), IsEmpty());
}

TEST_F(RtcLines, ALargeFilesSuccessLinesSpanBlobsOfAboutAMegabyteAndReadBackWhole) {
  auto id = file("rmf", "RMF", "EMD", false);
  const std::string record(300, 'x');  // 1 MiB holds about 3,470 of these
  constexpr int kRecords = 10000;
  {
    db::Transaction transaction(db_);
    RtcLineWriter writer(transaction, id);
    for (int i = 1; i <= kRecords; ++i) {
      if (i == 5000) {
        writer.add(i, false, "Error", "bad");
      } else {
        writer.add(i, true, "", record + std::to_string(i));
      }
    }
    writer.finish();
    transaction.commit();
  }
  EXPECT_THAT(rows("SELECT count(*) FROM rtc_echoes"), ElementsAre("3"));
  std::int64_t expected = 0;
  bool in_order = true;
  for_each_rtc_line(db_, id, [&](const RtcLine& line) {
    ++expected;
    in_order = in_order && line.ordinal == expected && line.success == (expected != 5000) &&
               line.record == (expected == 5000 ? "bad" : record + std::to_string(expected));
    return in_order;
  });
  EXPECT_TRUE(in_order) << "line " << expected;
  EXPECT_EQ(expected, kRecords);
}

TEST_F(RtcLines, AReaderStopsWhenItsVisitSaysSo) {
  auto id = file("rmf", "RMF", "EMD");
  int seen = 0;
  for_each_rtc_line(db_, id, [&](const RtcLine&) {
    ++seen;
    return false;
  });
  EXPECT_EQ(seen, 1);
}

TEST_F(RtcLines, SuccessRowsOfAFileAppliedBeforeTheBlobsStillRead) {
  auto id = file("rmf", "RMF", "EMD", false);
  db_.exec("INSERT INTO rtc_lines(file_id, ordinal, success, reason, record) VALUES (" +
           std::to_string(id) + ", 1, 1, '', 'old')");
  auto lines = rtc_lines_of(db_, id);
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_TRUE(lines[0].success);
  EXPECT_EQ(lines[0].record, "old");
  EXPECT_EQ(ids(files_awaiting_rtc(db_, std::nullopt)), std::vector<std::int64_t>{id});
}

TEST_F(RtcLines, ADamagedBlobIsAStoreErrorNotACrash) {
  auto id = file("rmf", "RMF", "EMD", false);
  db_.exec("INSERT INTO rtc_echoes(file_id, chunk, records) VALUES (" + std::to_string(id) +
           ", 0, x'01ff')");
  EXPECT_THROW((void)rtc_lines_of(db_, id), db::StoreError);
}

TEST_F(RtcLines, LinesAreUndoneWithTheirTransaction) {
  auto id = file("rmf", "RMF", "EMD", false);
  {
    db::Transaction transaction(db_);
    RtcLineWriter writer(transaction, id);
    writer.add(1, true, "", "r");
    writer.finish();
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
