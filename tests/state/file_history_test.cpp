// FileHistory: the ledger as `esrd trace` reads it, on a migrated database filled row by row.
#include "esr/state/file_history.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "esr/db/transaction.hpp"
#include "esr/state/rtc_lines.hpp"
#include "state_rows.hpp"
#include "support/tis_rows.hpp"

namespace esr::state {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const spec::BusinessDate kAsOf = *spec::BusinessDate::from_iso("2026-11-30");

class FileHistoryTest : public test_support::StateRows {
 protected:
  /// Sets a column of a ledger row, as the intake or the publisher would have.
  template <typename Value>
  void set_file(std::int64_t id, const std::string& column, const Value& value) {
    auto update = db_.prepare("UPDATE files SET " + column + " = ?2 WHERE id = ?1");
    update.bind(1, id).bind(2, value);
    update.run();
  }

  /// The RTC lines of `file_id`, written as the RMT applier writes them (line i+1 for
  /// lines[i]; a FAIL line when its success is false).
  void add_rtc_lines(std::int64_t file_id, const std::vector<std::pair<std::string, bool>>& lines) {
    db::Transaction transaction(db_);
    RtcLineWriter writer(transaction, file_id);
    std::int64_t ordinal = 0;
    for (const auto& [record, success] : lines) {
      writer.add(++ordinal, success, success ? "" : "Error", record);
    }
    writer.finish();
    transaction.commit();
  }

  /// An applicant of APP `app` line `ordinal`, answered by `apc` when given.
  void add_applicant(const std::string& placement_id, std::int64_t app, std::int64_t ordinal,
                     std::optional<std::int64_t> apc) {
    auto insert = db_.prepare(
        "INSERT INTO applicants(placement_id, position_id, local_office, deanery_number, state,"
        " effective_date, start_date, end_date, export_file_id, export_ordinal,"
        " confirmed_file_id, created_at, updated_at) VALUES (?1, 8100101, 'EMD', 'EMD/1',"
        " 'EXPORTED_AND_PROCESSED', '2026-11-23', '2026-12-02', '2027-08-03', ?2, ?3, ?4,"
        " '2026-11-23T18:00:00Z', '2026-11-24T18:00:00Z')");
    insert.bind(1, placement_id).bind(2, app).bind(3, ordinal).bind(4, apc);
    insert.run();
  }

  /// A position created by RMF/RMC `file` and last changed by `changed` (live unless `deleted`).
  void add_position_of(std::int64_t position_id, std::int64_t file,
                       std::optional<std::int64_t> changed = std::nullopt, bool deleted = false) {
    auto insert = db_.prepare(
        "INSERT INTO positions(position_id, local_office, deanery_number, deleted,"
        " created_file_id, changed_file_id, changed_at) VALUES (?1, 'EMD', 'EMD/1', ?2, ?3, ?4,"
        " '2026-11-24T18:00:00Z')");
    insert.bind(1, position_id)
        .bind(2, deleted ? 1 : 0)
        .bind(3, file)
        .bind(4, changed.value_or(file));
    insert.run();
  }

  FileHistory history_{db_, kAsOf};
};

TEST_F(FileHistoryTest, AFileIsReadWithWhatTheLedgerSaysOfIt) {
  auto id = add_file("RMC", std::nullopt, "EMD", "in", "applied");
  set_file(id, "records", 12);
  const auto* file = history_.file(id);
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->id, id);
  EXPECT_EQ(file->direction, "in");
  EXPECT_EQ(file->type, "RMC");
  EXPECT_EQ(file->office, "EMD");
  EXPECT_EQ(file->business_date, "2026-11-23");
  EXPECT_EQ(file->outcome, "applied");
  EXPECT_EQ(file->reason, "");
  EXPECT_EQ(file->started_at, "2026-11-23T18:00:00Z");
  EXPECT_EQ(file->sequence, std::nullopt);
  EXPECT_EQ(file->confirmed_by, std::nullopt);
  EXPECT_EQ(file->records, 12);
  EXPECT_EQ(history_.file(id), file) << "read once, then kept";
  EXPECT_EQ(history_.file_name(id), file->name);
}

TEST_F(FileHistoryTest, NoIdOrAnUnknownOneIsNoFile) {
  EXPECT_EQ(history_.file(std::nullopt), nullptr);
  EXPECT_EQ(history_.file(404), nullptr);
  EXPECT_EQ(history_.file_name(404), "(unknown file)");
  EXPECT_EQ(history_.file_name(std::nullopt), "(unknown file)");
}

TEST_F(FileHistoryTest, AFileQuarantinedWithoutABusinessDateTakesItsNames) {
  auto id = add_file("RMC", 4110, "EMD", "in", "quarantined");
  set_file(id, "name", std::string("DE_EMD_RMC_20261124_00004110.DAT"));
  set_file(id, "business_date", std::string());
  EXPECT_EQ(history_.file(id)->business_date, "2026-11-24");
}

TEST_F(FileHistoryTest, FilesOfOneNameAreFoundOldestFirst) {
  auto first = add_file("RMC", 7);
  auto other = add_file("RMC", 8);
  auto again = add_file("RMC", 9);
  set_file(again, "name", history_.file_name(first));
  EXPECT_THAT(history_.files_named(history_.file_name(first)), ElementsAre(first, again));
  EXPECT_THAT(history_.files_named(history_.file_name(other)), ElementsAre(other));
  EXPECT_THAT(history_.files_named("DE_EMD_RMC_20261123_00000404.DAT"), IsEmpty());
}

TEST_F(FileHistoryTest, TheBusinessDateAtATimeIsThatOfTheLatestFileRecordedByThen) {
  auto day1 = add_file("RMF", 1);
  auto day2 = add_file("RMC", 2);
  set_file(day2, "business_date", std::string("2026-11-24"));
  set_file(day2, "started_at", std::string("2026-11-24T18:00:00Z"));
  (void)day1;
  EXPECT_EQ(history_.business_date_at("2026-11-23T20:00:00Z"), "2026-11-23");
  EXPECT_EQ(history_.business_date_at("2026-11-24T18:00:00Z"), "2026-11-24");
  EXPECT_EQ(history_.business_date_at("2026-11-01T00:00:00Z"), "2026-11-30")
      << "before any file: the trace's own date";
}

TEST_F(FileHistoryTest, AConfirmationAnswersTheLatestFileOfItsExchangeSentBeforeIt) {
  auto app = add_file("APP", 3);
  auto dnf = add_file("DNF", 4);
  auto apc = add_file("APC", 4111, "EMD", "in", "applied");
  auto dcc = add_file("DCC", 4112, "EMD", "in", "applied");
  EXPECT_EQ(history_.answer_to(*history_.file(app), Exchange::applicants), history_.file(apc));
  EXPECT_EQ(history_.answer_to(*history_.file(dnf), Exchange::notifications), history_.file(dcc));
  EXPECT_EQ(history_.answered_by(*history_.file(apc), Exchange::applicants), history_.file(app));
  EXPECT_EQ(history_.answered_by(*history_.file(dcc), Exchange::notifications), history_.file(dnf));
}

TEST_F(FileHistoryTest, ALaterSentFileOrAnotherOfficeTakesTheAnswerAway) {
  auto app = add_file("APP", 3);
  auto later = add_file("APP", 5);
  auto apc = add_file("APC", 4111, "EMD", "in", "applied");
  auto other_office = add_file("APP", 6, "LDN");
  EXPECT_EQ(history_.answer_to(*history_.file(app), Exchange::applicants), nullptr);
  EXPECT_EQ(history_.answer_to(*history_.file(later), Exchange::applicants), history_.file(apc));
  EXPECT_EQ(history_.answer_to(*history_.file(other_office), Exchange::applicants), nullptr);
  EXPECT_EQ(history_.answered_by(*history_.file(apc), Exchange::notifications), nullptr)
      << "no DNC or DNF was sent";
}

TEST_F(FileHistoryTest, TheFilesAnsweredAreThoseTheRecordsSayWithHowManyRecordsEach) {
  auto app1 = add_file("APP", 3);
  auto app2 = add_file("APP", 5);
  auto apc = add_file("APC", 4111, "EMD", "in", "applied");
  add_applicant("5002", app2, 1, apc);
  add_applicant("5003", app1, 1, apc);
  add_applicant("5004", app1, 2, apc);
  add_applicant("5005", app1, 3, std::nullopt);
  auto answered = history_.files_answered(apc, Exchange::applicants);
  ASSERT_EQ(answered.size(), 2U);
  EXPECT_EQ(answered[0].file_id, app1);
  EXPECT_EQ(answered[0].records, 2);
  EXPECT_EQ(answered[1].file_id, app2);
  EXPECT_EQ(answered[1].records, 1);
  EXPECT_THAT(history_.files_answered(apc, Exchange::notifications), IsEmpty());
}

TEST_F(FileHistoryTest, TheLinesThatMatchedNothingAreReadInLineOrder) {
  auto dcc = add_file("DCC", 4112, "EMD", "in", "applied");
  auto insert = db_.prepare(
      "INSERT INTO unmatched_confirmations(file_id, line, field, message) VALUES (?1, ?2, ?3,"
      " ?4)");
  insert.bind(1, dcc).bind(2, 9).bind(3, "S_NOT08").bind(4, "no such notification");
  insert.run();
  insert.bind(1, dcc).bind(2, 2).bind(3, "").bind(4, "no DNF sent");
  insert.run();
  auto lines = history_.unmatched_lines(dcc);
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[0].line, 2);
  EXPECT_EQ(lines[0].message, "no DNF sent");
  EXPECT_EQ(lines[1].line, 9);
  EXPECT_EQ(lines[1].field, "S_NOT08");
}

TEST_F(FileHistoryTest, AnRtcNamesTheFilesItConfirmed) {
  auto rmf = add_file("RMF", 4101, "EMD", "in", "applied");
  auto rmc = add_file("RMC", 4110, "EMD", "in", "applied");
  auto rtc = add_file("RTC", 7);
  set_file(rmf, "confirmed_by", rtc);
  set_file(rmc, "confirmed_by", rtc);
  EXPECT_THAT(history_.confirmed_by(rtc),
              ElementsAre(history_.file_name(rmf), history_.file_name(rmc)));
  EXPECT_EQ(history_.file(rmf)->confirmed_by, rtc);
}

TEST_F(FileHistoryTest, WhatAnRmtFileDidToThePositionsIsCounted) {
  auto rmf = add_file("RMF", 4101, "EMD", "in", "applied");
  auto rmc = add_file("RMC", 4110, "EMD", "in", "applied");
  add_position_of(8100101, rmf, rmc);
  add_position_of(8100102, rmf, rmc, true);
  add_position_of(8100103, rmf);
  add_position_of(8100104, rmc);
  add_rtc_lines(rmc, {{"POR,8100101,,C", true}, {"POR,8100102,,D", false}});
  auto by_rmf = history_.position_changes(rmf);
  EXPECT_EQ(by_rmf.created, 3);
  EXPECT_EQ(by_rmf.changed, 0) << "what the RMC changed since is the RMC's";
  EXPECT_EQ(by_rmf.deleted, 0);
  auto by_rmc = history_.position_changes(rmc);
  EXPECT_EQ(by_rmc.created, 1);
  EXPECT_EQ(by_rmc.changed, 1);
  EXPECT_EQ(by_rmc.deleted, 1);
  EXPECT_EQ(by_rmc.rtc_failed, 1);
}

TEST_F(FileHistoryTest, APositionsLineIsItsFirstPorOrPosWithItsFlag) {
  auto rmc = add_file("RMC", 4110, "EMD", "in", "applied");
  add_rtc_lines(rmc, {{"POR,81001010,,C,title", true},
                      {R"("POS",8100101,,"D",x)", true},
                      {"POR,8100101,,C,title", true}});
  auto line = history_.position_line(rmc, 8100101);
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ(line->ordinal, 2) << "not line 1: another position whose id starts the same";
  EXPECT_EQ(line->indicator, "D") << "without its quotes";
  EXPECT_EQ(history_.position_line(rmc, 8100199), std::nullopt);
}

TEST_F(FileHistoryTest, TheEventsOfATisFileAreCountedByKind) {
  auto tis = add_file("TIS_PLACEMENTS", std::nullopt, "EMD", "in", "applied");
  ASSERT_EQ(tis, 1) << "put_event names file 1";
  test_support::put_event(db_, "placement_created", "5002", "", "", "2026-11-23", "EMD");
  test_support::put_event(db_, "placement_deleted", "5003", "", "", "2026-11-23", "EMD");
  test_support::put_event(db_, "placement_created", "5004", "", "", "2026-11-23", "EMD");
  EXPECT_THAT(history_.tis_event_counts(tis),
              ElementsAre("2 placement_created", "1 placement_deleted"));
  EXPECT_THAT(history_.tis_event_counts(404), IsEmpty());
}

}  // namespace
}  // namespace esr::state
