// Inbound positions end to end: RMF/RMC reconciliation counts, the ledger, replay idempotence.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "e2e_support.hpp"
#include "esr/db/database.hpp"

namespace esr::e2e {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using InboundPositions = TempDataDir;

TEST_F(InboundPositions, RmfThenRmcGiveTheRightPositionCountsAndLedgerRows) {
  copy_sample_to_inbox(std::string("day1/inbox/") + emd_rmf);
  copy_sample_to_inbox(std::string("day1/inbox/") + kss_rmf);
  auto day1 = run_esrd({"run-job", "collect", "--date", "2026-11-23"});
  ASSERT_EQ(day1.exit_code, 0) << day1.describe();
  EXPECT_THAT(day1.out, HasSubstr("applied=2")) << day1.describe();

  auto status = status_json();
  EXPECT_EQ(count(status, "positions", "total"), 11) << status.dump();  // 9 EMD + 2 KSS
  EXPECT_EQ(count(status, "positions", "deleted"), 0) << status.dump();
  // No TIS extract yet: every live position is unmatched.
  EXPECT_EQ(count(status, "positions", "matched") + count(status, "positions", "unmatched"), 11)
      << status.dump();
  EXPECT_EQ(count(status, "files", "received"), 2) << status.dump();
  EXPECT_EQ(count(status, "files", "quarantined"), 0) << status.dump();
  // Every processed inbound file is moved to archive/<date of its name>.
  EXPECT_THAT(inbox_files(), IsEmpty());
  EXPECT_THAT(list_names(archive_day(2026, 11, 23)), ElementsAre(emd_rmf, kss_rmf));
  EXPECT_THAT(quarantine_files(), IsEmpty());

  copy_sample_to_inbox(std::string("day2/inbox/") + emd_rmc);
  auto day2 = run_esrd({"run-job", "collect", "--date", "2026-11-24"});
  ASSERT_EQ(day2.exit_code, 0) << day2.describe();
  status = status_json();
  // One C (a new title on 8100101) and one D (8100109): still 11 held, one of them deleted.
  EXPECT_EQ(count(status, "positions", "total"), 11) << status.dump();
  EXPECT_EQ(count(status, "positions", "deleted"), 1) << status.dump();
  EXPECT_EQ(count(status, "positions", "matched") + count(status, "positions", "unmatched"), 10)
      << status.dump();
  EXPECT_EQ(count(status, "files", "received"), 3) << status.dump();
  EXPECT_EQ(count(status, "files", "quarantined"), 0) << status.dump();
  EXPECT_THAT(inbox_files(), IsEmpty());
  EXPECT_THAT(list_names(archive_day(2026, 11, 24)), ElementsAre(emd_rmc));
}

// ESR writes a position's POR then its POS, and esrd writes such a pair as one row; any other order
// must leave what record-by-record writes would.
TEST_F(InboundPositions, PorAndPosInAnyOrderLeaveEachPositionWithBothRecords) {
  auto lines = split_lines(read_file(sample(std::string("day1/inbox/") + emd_rmf)));
  ASSERT_GE(lines.size(), 6U);
  // 8100101: POS before POR; 8100103: the usual pair; 8100102: a POR without its POS, last.
  auto text = join_crlf({lines[1], lines[0], lines[4], lines[5], lines[2]});
  auto file = put_in_work("DE_EMD_RMF_20261123_00004130.DAT", text);
  auto run = run_esrd({"replay", file.string()});
  ASSERT_EQ(run.exit_code, 0) << run.describe();

  auto db = db::Database::open(database());
  auto select = db.prepare(
      "SELECT position_id, position_number, deanery_number, has_por, has_pos, deleted"
      " FROM positions ORDER BY position_id");
  std::vector<std::string> rows;
  while (select.step()) {
    rows.push_back(fmt::format("{} {} {} por={} pos={} deleted={}", select.column_int64(0),
                               select.column_text(1), select.column_text(2), select.column_int(3),
                               select.column_int(4), select.column_int(5)));
  }
  EXPECT_THAT(rows, ElementsAre("8100101 41000101 EMD/RWEAA/300/STR/001 por=1 pos=1 deleted=0",
                                "8100102 41000102 EMD/RWEAA/800/GPST/004 por=1 pos=0 deleted=0",
                                "8100103 41000103 EMD/RWEAA/800/GPST/004 por=1 pos=1 deleted=0"));
  auto fail_rows = db.prepare("SELECT count(*) FROM rtc_lines");
  ASSERT_TRUE(fail_rows.step());
  EXPECT_EQ(fail_rows.column_int64(0), 0) << "an applied file has no FAIL line";
  auto echoes = db.prepare("SELECT count(*) FROM rtc_echoes");
  ASSERT_TRUE(echoes.step());
  EXPECT_EQ(echoes.column_int64(0), 1) << "its five records, for the RTC, in one blob";
}

TEST_F(InboundPositions, OneCollectOfBothDaysAppliesTheRmfBeforeTheRmc) {
  // Files are taken in business-date order whatever order they arrive in: if the RMC went first,
  // the RMF would bring 8100109 back to life.
  copy_sample_to_inbox(std::string("day2/inbox/") + emd_rmc);
  copy_sample_to_inbox(std::string("day1/inbox/") + kss_rmf);
  copy_sample_to_inbox(std::string("day1/inbox/") + emd_rmf);
  auto run = run_esrd({"run-job", "collect"});
  ASSERT_EQ(run.exit_code, 0) << run.describe();
  EXPECT_THAT(run.out, HasSubstr("applied=3")) << run.describe();
  auto status = status_json();
  EXPECT_EQ(count(status, "positions", "total"), 11) << status.dump();
  EXPECT_EQ(count(status, "positions", "deleted"), 1) << status.dump();
  EXPECT_EQ(count(status, "files", "received"), 3) << status.dump();
}

TEST_F(InboundPositions, PositionsAreMatchedToTisPostsWhicheverArrivesFirst) {
  // RMFs first, then the TIS extract: 8100105 has no TIS post, the other ten match.
  copy_sample_to_inbox(std::string("day1/inbox/") + emd_rmf);
  copy_sample_to_inbox(std::string("day1/inbox/") + kss_rmf);
  auto collect = run_esrd({"run-job", "collect"});
  ASSERT_EQ(collect.exit_code, 0) << collect.describe();
  auto tis = run_esrd({"import-tis", sample("day1/tis").string(), "--date", "2026-11-23"});
  ASSERT_EQ(tis.exit_code, 0) << tis.describe();
  auto status = status_json();
  EXPECT_EQ(count(status, "positions", "matched"), 10) << status.dump();
  EXPECT_EQ(count(status, "positions", "unmatched"), 1) << status.dump();

  // The RMC deletes 8100109: status counts matched among live positions only (DESIGN §5:
  // total - deleted are live), so 10 live positions of which 9 matched.
  copy_sample_to_inbox(std::string("day2/inbox/") + emd_rmc);
  collect = run_esrd({"run-job", "collect"});
  ASSERT_EQ(collect.exit_code, 0) << collect.describe();
  status = status_json();
  EXPECT_EQ(count(status, "positions", "total"), 11) << status.dump();
  EXPECT_EQ(count(status, "positions", "deleted"), 1) << status.dump();
  EXPECT_EQ(count(status, "positions", "unmatched"), 1) << status.dump();
  EXPECT_EQ(count(status, "positions", "matched"), 9) << status.dump();

  // TIS first, then the RMFs, in a second data directory: the same matches.
  RunOptions other;
  other.data_dir = root() / "other" / "esrd-data";
  tis = run_esrd({"import-tis", sample("day1/tis").string(), "--date", "2026-11-23"}, other);
  ASSERT_EQ(tis.exit_code, 0) << tis.describe();
  for (const char* name : {emd_rmf, kss_rmf}) {
    auto run = run_esrd({"replay", sample(std::string("day1/inbox/") + name).string()}, other);
    ASSERT_EQ(run.exit_code, 0) << run.describe();
  }
  status = status_json(other.data_dir);
  EXPECT_EQ(count(status, "positions", "matched"), 10) << status.dump();
  EXPECT_EQ(count(status, "positions", "unmatched"), 1) << status.dump();
}

TEST_F(InboundPositions, ALaterRmfMarksThePositionsItOmitsAsDeletedForItsOfficeOnly) {
  for (const char* name : {emd_rmf, kss_rmf}) {
    auto run = run_esrd({"replay", sample(std::string("day1/inbox/") + name).string()});
    ASSERT_EQ(run.exit_code, 0) << run.describe();
  }
  // The next full EMD file holds only its first two positions (four lines).
  auto lines = split_lines(read_file(sample(std::string("day1/inbox/") + emd_rmf)));
  lines.resize(4);
  auto next = put_in_work("DE_EMD_RMF_20261124_00004120.DAT", join_crlf(lines));
  auto run = run_esrd({"replay", next.string()});
  ASSERT_EQ(run.exit_code, 0) << run.describe();
  auto status = status_json();
  EXPECT_EQ(count(status, "positions", "total"), 11) << status.dump();
  EXPECT_EQ(count(status, "positions", "deleted"), 7) << status.dump();  // EMD's other seven
  EXPECT_EQ(count(status, "files", "received"), 3) << status.dump();
}

TEST_F(InboundPositions, ReplayingAFileTwiceChangesNothingUnlessForced) {
  auto rmf = sample(std::string("day1/inbox/") + emd_rmf).string();
  auto first = run_esrd({"replay", rmf});
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  EXPECT_THAT(first.out, HasSubstr(": applied")) << first.describe();
  auto before = status_json();
  EXPECT_EQ(count(before, "positions", "total"), 9) << before.dump();
  EXPECT_EQ(count(before, "files", "received"), 1) << before.dump();

  auto again = run_esrd({"replay", rmf});
  EXPECT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_THAT(again.out, HasSubstr("already_applied")) << again.describe();
  auto after = status_json();
  EXPECT_EQ(after["positions"], before["positions"]) << after.dump();
  EXPECT_EQ(after["files"], before["files"]) << after.dump();
  EXPECT_TRUE(std::filesystem::exists(rmf)) << "replay must leave the given file where it is";

  // The same file through the inbox is also a no-op, and is filed away.
  copy_sample_to_inbox(std::string("day1/inbox/") + emd_rmf);
  auto collected = run_esrd({"run-job", "collect"});
  EXPECT_EQ(collected.exit_code, 0) << collected.describe();
  EXPECT_THAT(collected.out, HasSubstr("already_applied=1")) << collected.describe();
  EXPECT_THAT(inbox_files(), IsEmpty());
  EXPECT_THAT(quarantine_files(), IsEmpty());
  after = status_json();
  EXPECT_EQ(after["positions"], before["positions"]) << after.dump();
  EXPECT_EQ(count(after, "files", "received"), 1) << after.dump();

  // --force applies it again: one more ledger row, the same positions.
  auto forced = run_esrd({"replay", rmf, "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.describe();
  EXPECT_THAT(forced.out, HasSubstr(": applied")) << forced.describe();
  after = status_json();
  EXPECT_EQ(count(after, "files", "received"), 2) << after.dump();
  EXPECT_EQ(count(after, "positions", "total"), 9) << after.dump();
  EXPECT_EQ(count(after, "positions", "deleted"), 0) << after.dump();
}

TEST_F(InboundPositions, ADryRunOfANewFileChangesNothing) {
  auto rmf = sample(std::string("day1/inbox/") + emd_rmf).string();
  auto applied = run_esrd({"replay", sample(std::string("day1/inbox/") + kss_rmf).string()});
  ASSERT_EQ(applied.exit_code, 0) << applied.describe();
  auto before = status_json();

  auto dry = run_esrd({"replay", rmf, "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.describe();
  EXPECT_THAT(dry.out, HasSubstr("checked")) << dry.describe();
  auto after = status_json();
  EXPECT_EQ(after["positions"], before["positions"]) << after.dump();
  EXPECT_EQ(after["files"], before["files"]) << after.dump();
  EXPECT_THAT(quarantine_files(), IsEmpty());
  EXPECT_THAT(outbox_files(), IsEmpty());

  // ... so the real run afterwards applies it.
  auto real = run_esrd({"replay", rmf});
  EXPECT_EQ(real.exit_code, 0) << real.describe();
  EXPECT_THAT(real.out, HasSubstr(": applied")) << real.describe();
  EXPECT_EQ(count(status_json(), "positions", "total"), 11);
}

TEST_F(InboundPositions, SameNameDifferentContentIsRefusedAndQuarantined) {
  auto rmf = sample(std::string("day1/inbox/") + emd_rmf);
  auto first = run_esrd({"replay", rmf.string()});
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  auto before = status_json();

  // The same name with one title changed.
  auto changed_text = edit_line(read_file(rmf), 1, [](std::vector<std::string>& fields) {
    fields.at(5) = "\"Specialty Registrar Something Else\"";
  });
  auto changed = put_in_work(emd_rmf, changed_text);
  auto refused = run_esrd({"replay", changed.string()});
  EXPECT_EQ(refused.exit_code, 1) << refused.describe();
  EXPECT_THAT(refused.out, HasSubstr("rejected")) << refused.describe();
  EXPECT_THAT(refused.out, HasSubstr("different file")) << refused.describe();
  EXPECT_THAT(quarantine_files(), ElementsAre(emd_rmf, std::string(emd_rmf) + ".reason.txt"));
  EXPECT_EQ(read_file(quarantine() / emd_rmf), changed_text);
  EXPECT_THAT(read_file(quarantine() / (std::string(emd_rmf) + ".reason.txt")),
              HasSubstr("different file"));
  auto after = status_json();
  EXPECT_EQ(after["positions"], before["positions"]) << after.dump();
  EXPECT_EQ(count(after, "files", "quarantined"), 1) << after.dump();
  EXPECT_EQ(count(after, "files", "received") - count(after, "files", "quarantined"),
            count(before, "files", "received"))
      << "no new applied ledger row: " << after.dump();

  // Through the inbox: moved to quarantine (beside the first, under a free name), same reason.
  put_in_inbox(emd_rmf, changed_text);
  auto collected = run_esrd({"run-job", "collect"});
  EXPECT_EQ(collected.exit_code, 1) << collected.describe();
  EXPECT_THAT(inbox_files(), IsEmpty());
  auto names = quarantine_files();
  EXPECT_EQ(names.size(), 4U) << ::testing::PrintToString(names);
  for (const auto& name : names) {
    if (name.ends_with(".reason.txt")) {
      EXPECT_THAT(read_file(quarantine() / name), HasSubstr("different file")) << name;
    }
  }
  after = status_json();
  EXPECT_EQ(after["positions"], before["positions"]) << after.dump();
  EXPECT_EQ(count(after, "files", "quarantined"), 2) << after.dump();

  // The original is still the one applied.
  auto original = run_esrd({"replay", rmf.string()});
  EXPECT_EQ(original.exit_code, 0) << original.describe();
  EXPECT_THAT(original.out, HasSubstr("already_applied")) << original.describe();
}

using Status = TempDataDir;

// Every key DESIGN section 5 lists for `status --json`, each an integer count.
void expect_contract_keys(const nlohmann::json& status) {
  for (const char* key : {"total", "matched", "unmatched", "deleted"}) {
    EXPECT_GE(count(status, "positions", key), 0) << key << ": " << status.dump();
  }
  for (const char* key :
       {"TO_EXPORT", "EXPORTED", "EXPORTED_AND_PROCESSED", "EXPORTED_PROCESSED_WITH_ERRORS",
        "INVALID_DATA", "DELETED_BEFORE_EXPORT"}) {
    EXPECT_GE(count(status, "applicants", key), 0) << key << ": " << status.dump();
  }
  for (const char* key : {"pending", "exported", "confirmed", "failed"}) {
    EXPECT_GE(count(status, "notifications", key), 0) << key << ": " << status.dump();
  }
  for (const char* key : {"received", "quarantined", "sent"}) {
    EXPECT_GE(count(status, "files", key), 0) << key << ": " << status.dump();
  }
}

TEST_F(Status, StatusJsonHasEveryContractKeyOnceFilesHaveArrived) {
  auto run = run_esrd({"replay", sample(std::string("day1/inbox/") + kss_rmf).string()});
  ASSERT_EQ(run.exit_code, 0) << run.describe();
  auto status = status_json();
  expect_contract_keys(status);
  EXPECT_EQ(count(status, "positions", "total"), 2) << status.dump();
  auto text = run_esrd({"status"});
  EXPECT_EQ(text.exit_code, 0) << text.describe();
  EXPECT_THAT(text.out, HasSubstr("positions")) << text.describe();
}

TEST_F(Status, StatusJsonHasEveryContractKeyBeforeAnythingRan) {
  auto status = status_json();
  expect_contract_keys(status);
  EXPECT_EQ(count(status, "positions", "total"), 0) << status.dump();
}

}  // namespace
}  // namespace esr::e2e
