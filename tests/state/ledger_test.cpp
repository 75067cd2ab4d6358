// The ledger (files): inbound entries as the intake adds and finds them, outbound files from
// reservation to sent, RTC confirmation, and what `esrd check` reads.
#include "esr/state/ledger.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "esr/db/transaction.hpp"
#include "esr/util/sha256.hpp"
#include "state/state_fixture.hpp"

namespace esr::state {
namespace {

using test::kUtcSecond;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::UnorderedElementsAre;

LedgerEntry inbound(const std::string& name, const std::string& sha256, FileOutcome outcome) {
  LedgerEntry entry;
  entry.name = name;
  entry.type = "RMF";
  entry.local_office = "EMD";
  entry.business_date = "2026-11-23";
  entry.sha256 = sha256;
  entry.size = 120;
  entry.records = 4;
  entry.outcome = outcome;
  return entry;
}

OutboundEntry outbound(const std::string& name, std::int64_t sequence, std::string_view content) {
  return {.name = name,
          .type = "APP",
          .local_office = "EMD",
          .business_date = "2026-11-23",
          .sequence = sequence,
          .records = 2,
          .content = content};
}

class Ledger : public test::StateTest {
 protected:
  std::int64_t add(const LedgerEntry& entry) {
    db::Transaction transaction(db_);
    auto id = add_inbound(transaction, entry);
    transaction.commit();
    return id;
  }

  std::int64_t reserve(const OutboundEntry& entry) {
    db::Transaction transaction(db_);
    auto id = add_pending_outbound(transaction, entry);
    transaction.commit();
    return id;
  }

  void set_outcome(std::int64_t id, FileOutcome outcome) {
    db::Transaction transaction(db_);
    set_outbound_outcome(transaction, id, outcome);
    transaction.commit();
  }
};

TEST_F(Ledger, AnInboundEntryIsStoredInWithEmptyOfficeAndReasonAsNull) {
  auto entry = inbound("DE_EMD_RMF_20261123_00000001.DAT", "abc", FileOutcome::quarantined);
  entry.local_office.clear();
  entry.sequence = 7;
  auto id = add(entry);
  auto kept = inbound("kept", "def", FileOutcome::applied);
  kept.reason = "2 line(s) rejected";
  auto kept_id = add(kept);
  EXPECT_THAT(
      rows("SELECT id, name, direction, type, local_office, business_date, sequence,"
           " sha256, size, records, outcome, reason, confirmed_by, content FROM files"
           " ORDER BY id"),
      ElementsAre(std::to_string(id) +
                      "|DE_EMD_RMF_20261123_00000001.DAT|in|RMF|<null>|2026-11-23|7|abc|"
                      "120|4|quarantined|<null>|<null>|<null>",
                  std::to_string(kept_id) + "|kept|in|RMF|EMD|2026-11-23|<null>|def|120|4|applied|"
                                            "2 line(s) rejected|<null>|<null>"));
  auto times = rows("SELECT started_at, finished_at FROM files WHERE id = " + std::to_string(id));
  ASSERT_EQ(times.size(), 1U);
  EXPECT_THAT(times[0], MatchesRegex(std::string(kUtcSecond) + "\\|" + kUtcSecond));
}

TEST_F(Ledger, AWriteIsUndoneWithItsTransaction) {
  {
    db::Transaction transaction(db_);
    (void)add_inbound(transaction, inbound("gone", "abc", FileOutcome::applied));
  }
  EXPECT_THAT(rows("SELECT name FROM files"), IsEmpty());
}

TEST_F(Ledger, LastAppliedIsTheLatestAppliedInboundEntryOfTheName) {
  EXPECT_FALSE(last_applied(db_, "f").has_value());
  add(inbound("f", "old", FileOutcome::applied));
  auto latest = inbound("f", "new", FileOutcome::applied);
  latest.sequence = 3;
  latest.reason = "note";
  auto latest_id = add(latest);
  add(inbound("f", "rejected", FileOutcome::quarantined));
  add(inbound("g", "other", FileOutcome::applied));
  (void)reserve(outbound("f", 1, "out"));

  auto found = last_applied(db_, "f");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, latest_id);
  EXPECT_EQ(found->name, "f");
  EXPECT_EQ(found->type, "RMF");
  EXPECT_EQ(found->local_office, "EMD");
  EXPECT_EQ(found->business_date, "2026-11-23");
  EXPECT_EQ(found->sequence, 3);
  EXPECT_EQ(found->sha256, "new");
  EXPECT_EQ(found->size, 120);
  EXPECT_EQ(found->records, 4);
  EXPECT_EQ(found->outcome, FileOutcome::applied);
  EXPECT_EQ(found->reason, "note");
  EXPECT_FALSE(last_applied(db_, "h").has_value());
}

TEST_F(Ledger, RejectionsCountTheQuarantinedEntriesOfTheseBytesUnderThisName) {
  EXPECT_EQ(rejections_of(db_, "f", "abc").count, 0U);
  EXPECT_EQ(rejections_of(db_, "f", "abc").latest_id, 0);
  add(inbound("f", "abc", FileOutcome::quarantined));
  auto latest = add(inbound("f", "abc", FileOutcome::quarantined));
  add(inbound("f", "abc", FileOutcome::applied));
  add(inbound("f", "other", FileOutcome::quarantined));
  add(inbound("g", "abc", FileOutcome::quarantined));
  auto rejections = rejections_of(db_, "f", "abc");
  EXPECT_EQ(rejections.count, 2U);
  EXPECT_EQ(rejections.latest_id, latest);
}

TEST_F(Ledger, FinishingAnEntrySetsItsRecordCount) {
  auto id = add(inbound("f", "abc", FileOutcome::applied));
  db_.exec("UPDATE files SET finished_at = NULL");
  {
    db::Transaction transaction(db_);
    finish_inbound(transaction, id, 1234);
    transaction.commit();
  }
  auto row = rows("SELECT records, finished_at FROM files");
  ASSERT_EQ(row.size(), 1U);
  EXPECT_THAT(row[0], MatchesRegex(std::string("1234\\|") + kUtcSecond));
}

TEST_F(Ledger, AnRtcConfirmsItsRmtFile) {
  auto rmf = add(inbound("rmf", "abc", FileOutcome::applied));
  auto other = add(inbound("rmc", "def", FileOutcome::applied));
  auto rtc = reserve(outbound("rtc", 1, "lines"));
  {
    db::Transaction transaction(db_);
    set_confirmed_by(transaction, rmf, rtc);
    transaction.commit();
  }
  EXPECT_THAT(rows("SELECT id, confirmed_by FROM files WHERE direction = 'in' ORDER BY id"),
              ElementsAre(std::to_string(rmf) + "|" + std::to_string(rtc),
                          std::to_string(other) + "|<null>"));
}

TEST_F(Ledger, AReservedFileKeepsItsBytesWithTheirChecksumUntilSent) {
  const std::string content("A\r\nB\0C\r\n", 8);
  auto id = reserve(outbound("DE_EMD_APP_20261123_00000001.DAT", 1, content));
  EXPECT_THAT(
      rows("SELECT name, direction, type, local_office, business_date, sequence, sha256,"
           " size, records, outcome, reason, finished_at FROM files"),
      ElementsAre("DE_EMD_APP_20261123_00000001.DAT|out|APP|EMD|2026-11-23|1|" +
                  util::sha256_hex(std::string_view(content)) + "|8|2|pending|<null>|<null>"));
  auto unsent = unsent_files(db_);
  ASSERT_EQ(unsent.size(), 1U);
  EXPECT_EQ(unsent[0].id, id);
  EXPECT_EQ(unsent[0].name, "DE_EMD_APP_20261123_00000001.DAT");
  EXPECT_EQ(unsent[0].outcome, FileOutcome::pending);
  EXPECT_EQ(unsent[0].business_date, "2026-11-23");
  EXPECT_EQ(unsent[0].sha256, util::sha256_hex(std::string_view(content)));
  EXPECT_EQ(unsent[0].content, content) << "every byte, the NUL too";

  set_outcome(id, FileOutcome::publishing);
  unsent = unsent_files(db_);
  ASSERT_EQ(unsent.size(), 1U);
  EXPECT_EQ(unsent[0].outcome, FileOutcome::publishing);
  EXPECT_EQ(unsent[0].content, content) << "kept while publishing";

  set_outcome(id, FileOutcome::sent);
  EXPECT_THAT(unsent_files(db_), IsEmpty());
  auto row = rows("SELECT outcome, content IS NULL, finished_at FROM files");
  ASSERT_EQ(row.size(), 1U);
  EXPECT_THAT(row[0], MatchesRegex(std::string("sent\\|1\\|") + kUtcSecond));
}

TEST_F(Ledger, UnsentFilesComeInSequenceOrderWithoutInboundOrSentOnes) {
  auto third = reserve(outbound("c", 3, "3"));
  auto first = reserve(outbound("a", 1, "1"));
  auto sent = reserve(outbound("s", 2, "2"));
  set_outcome(sent, FileOutcome::sent);
  set_outcome(third, FileOutcome::publishing);
  add(inbound("in", "abc", FileOutcome::applied));
  auto unsent = unsent_files(db_);
  ASSERT_EQ(unsent.size(), 2U);
  EXPECT_EQ(unsent[0].id, first);
  EXPECT_EQ(unsent[1].id, third);
}

TEST_F(Ledger, SentFilesAreTheOutboundOnesSentInLedgerOrder) {
  EXPECT_THAT(sent_files(db_), IsEmpty());
  auto b = reserve(outbound("b", 2, "bb"));
  auto a = reserve(outbound("a", 1, "a"));
  (void)reserve(outbound("pending", 3, "p"));
  add(inbound("in", "abc", FileOutcome::applied));
  set_outcome(a, FileOutcome::sent);
  set_outcome(b, FileOutcome::sent);
  db_.exec("UPDATE files SET sha256 = NULL WHERE name = 'a'");
  auto sent = sent_files(db_);
  ASSERT_EQ(sent.size(), 2U);
  EXPECT_EQ(sent[0].name, "b");
  EXPECT_EQ(sent[0].business_date, "2026-11-23");
  EXPECT_EQ(sent[0].sha256, util::sha256_hex(std::string_view("bb")));
  EXPECT_EQ(sent[1].name, "a");
  EXPECT_EQ(sent[1].sha256, "") << "none recorded";
}

TEST_F(Ledger, ChecksumsAreEveryDistinctOneUnderANameInOrOut) {
  LedgerChecksums checksums(db_);
  EXPECT_THAT(checksums.of("f"), IsEmpty());
  add(inbound("f", "abc", FileOutcome::applied));
  add(inbound("f", "abc", FileOutcome::quarantined));
  add(inbound("f", "", FileOutcome::quarantined));
  (void)reserve(outbound("f", 1, "x"));
  add(inbound("g", "zzz", FileOutcome::applied));
  EXPECT_THAT(checksums.of("f"),
              UnorderedElementsAre("", "abc", util::sha256_hex(std::string_view("x"))));
  EXPECT_THAT(checksums.of("g"), ElementsAre("zzz")) << "the statement is reused";
  db_.exec("UPDATE files SET sha256 = NULL WHERE name = 'g'");
  EXPECT_THAT(checksums.of("g"), ElementsAre("")) << "a NULL checksum reads as empty";
}

}  // namespace
}  // namespace esr::state
