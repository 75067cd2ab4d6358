// JobRunner on the samples' two days: collect applies each inbox file once and counts what became
// of it; export writes the RTC, APP and DNC (DNF when asked) byte for byte as samples/outbound/
// holds them and marks each record exported once; a job run through job_log is recorded with its
// outcome, including a job that fails; and no log line carries a personal value.
#include "esr/jobs/job_runner.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <set>
#include <sstream>

#include "esr/jobs/job_log.hpp"
#include "esr/report/status.hpp"
#include "jobs_fixture.hpp"

namespace esr::jobs::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

constexpr const char* emd_rmf = "DE_EMD_RMF_20261123_00004101.DAT";
constexpr const char* kss_rmf = "DE_KSS_RMF_20261123_00004102.DAT";

/// The key=value summary without its duration (the one value that depends on the wall clock).
std::string without_duration(const std::string& detail) {
  return detail.substr(0, detail.find(" duration_ms="));
}

using JobRunnerTest = SampleJobs;

TEST_F(JobRunnerTest, CollectAppliesEachInboxFileAndMovesItToTheArchiveOfItsDate) {
  copy_sample_day("day1");
  auto report = runner_.collect();
  EXPECT_EQ(report.files_in, 2U);
  EXPECT_EQ(report.files_rejected, 0U);
  EXPECT_FALSE(report.input_rejected());
  EXPECT_EQ(report.files_out, 0U);
  EXPECT_EQ(without_duration(report.detail), "files=2 applied=2 already_applied=0 rejected=0");
  EXPECT_THAT(report.detail, HasSubstr(" duration_ms="));
  EXPECT_THAT(names_in(dir_.inbox()), IsEmpty());
  EXPECT_THAT(names_in(dir_.archive_for(day("2026-11-23"))), ElementsAre(emd_rmf, kss_rmf));
  // Collect leaves the TIS extracts for the export.
  EXPECT_THAT(names_in(dir_.tis()), ElementsAre("placements_20261123.csv", "posts_20261123.csv"));
  auto status = report::read_status(db_);
  EXPECT_EQ(status.positions_total, 11);  // nine for EMD, two for KSS
  EXPECT_EQ(status.files_received, 2);
}

TEST_F(JobRunnerTest, CollectCountsAFileAppliedBeforeAndQuarantinesABadOne) {
  copy_sample_day("day1");
  (void)runner_.collect();
  // The EMD RMF again (same name, same bytes), and an RMF whose POR line is cut short.
  copy_sample_day("day1", [](const std::string& name) { return name == emd_rmf; });
  const std::string bad = "DE_EMD_RMF_20261124_00004190.DAT";
  (void)folder_.write("incoming/" + bad, "\"POR\",8100199,,\"C\",41000199\r\n");
  fs::copy_file(folder_.path() / "incoming" / bad, dir_.inbox() / bad);

  auto report = runner_.collect();
  EXPECT_EQ(report.files_in, 2U);
  EXPECT_EQ(report.files_rejected, 1U);
  EXPECT_TRUE(report.input_rejected());
  EXPECT_EQ(without_duration(report.detail), "files=2 applied=0 already_applied=1 rejected=1");
  EXPECT_THAT(names_in(dir_.inbox()), IsEmpty());
  EXPECT_THAT(names_in(dir_.quarantine()), ElementsAre(bad, bad + ".reason.txt"));
  auto status = report::read_status(db_);
  EXPECT_EQ(status.positions_total, 11) << "neither file changed a position";
  EXPECT_EQ(status.files_quarantined, 1);
}

TEST_F(JobRunnerTest, TheTwoSampleDaysWriteEveryOutboundSampleByteForByte) {
  run_day1();
  run_day2();
  auto expected = names_in(samples_dir() / "outbound");
  ASSERT_EQ(expected.size(), 6U);
  EXPECT_EQ(outbox(), expected);
  for (const auto& name : expected) {
    EXPECT_EQ(read_bytes(dir_.outbox() / name), read_bytes(samples_dir() / "outbound" / name))
        << name;
  }
}

TEST_F(JobRunnerTest, TheDailyExportImportsTisThenWritesRtcAppAndDncAndADnfOnlyWhenAsked) {
  copy_sample_day("day1");
  (void)runner_.collect();
  auto daily = runner_.export_files(day("2026-11-23"), std::nullopt, {});
  EXPECT_EQ(daily.files_in, 2U) << "the posts and placements extracts";
  EXPECT_EQ(daily.files_rejected, 0U);
  EXPECT_EQ(daily.files_out, 3U);
  EXPECT_EQ(without_duration(daily.detail),
            "tis_files=2 files_out=3 rtc=2 app=1 dnc=0 dnf=0 applicants_to_export=6 "
            "applicants_invalid=0 applicants_withdrawn=0 tis_events=0 notifications=0 "
            "notifications_held_invalid=0");
  EXPECT_THAT(names_in(dir_.tis()), IsEmpty());
  EXPECT_THAT(outbox(),
              ElementsAre("DE_EMD_APP_20261123_00000003.DAT", "DE_EMD_RTC_20261123_00000001.DAT",
                          "DE_KSS_RTC_20261123_00000002.DAT"));

  auto dnf = runner_.export_files(day("2026-11-23"), "EMD", {"DNF"});
  EXPECT_EQ(dnf.files_in, 0U) << "an export of named types imports no TIS extract";
  EXPECT_EQ(dnf.files_out, 1U);
  EXPECT_THAT(dnf.detail, StartsWith("tis_files=0 files_out=1 rtc=0 app=0 dnc=0 dnf=1 "));
  EXPECT_EQ(read_bytes(dir_.outbox() / "DE_EMD_DNF_20261123_00000004.DAT"),
            read_bytes(samples_dir() / "outbound" / "DE_EMD_DNF_20261123_00000004.DAT"));
}

TEST_F(JobRunnerTest, AnExportOfOneTypeWritesOnlyThatTypeAndLeavesTheTisExtractsWaiting) {
  copy_sample_day("day1");
  (void)runner_.collect();
  auto rtc = runner_.export_files(day("2026-11-23"), "EMD", {"RTC"});
  EXPECT_EQ(rtc.files_in, 0U);
  EXPECT_EQ(rtc.files_out, 1U);
  EXPECT_THAT(outbox(), ElementsAre("DE_EMD_RTC_20261123_00000001.DAT"));
  EXPECT_THAT(names_in(dir_.tis()), ElementsAre("placements_20261123.csv", "posts_20261123.csv"));
  // The KSS RMF still waits for its RTC: the daily export writes it, and no second EMD RTC.
  auto daily = runner_.export_files(day("2026-11-23"), std::nullopt, {});
  EXPECT_THAT(daily.detail, StartsWith("tis_files=2 files_out=2 rtc=1 app=1 "));
  EXPECT_THAT(outbox(),
              ElementsAre("DE_EMD_APP_20261123_00000003.DAT", "DE_EMD_RTC_20261123_00000001.DAT",
                          "DE_KSS_RTC_20261123_00000002.DAT"));
}

TEST_F(JobRunnerTest, EachRecordIsExportedOnceAndAnExportWithNothingNewWritesNothing) {
  run_day1();
  auto before = outbox();
  auto exported = [&] {
    auto select = db_.prepare(
        "SELECT (SELECT count(*) FROM applicants WHERE state = 'EXPORTED'),"
        " (SELECT count(DISTINCT export_file_id) FROM applicants),"
        " (SELECT count(*) FROM notifications WHERE state = 'exported'),"
        " (SELECT count(*) FROM files WHERE direction = 'in' AND type = 'RMF' AND confirmed_by IS "
        "NULL)");
    EXPECT_TRUE(select.step());
    return std::vector<std::int64_t>{select.column_int64(0), select.column_int64(1),
                                     select.column_int64(2), select.column_int64(3)};
  };
  // Six applicants in one APP, eight notifications in the DNF, both RMFs confirmed.
  EXPECT_THAT(exported(), ElementsAre(6, 1, 8, 0));

  auto again = runner_.export_files(day("2026-11-23"), std::nullopt, {});
  EXPECT_EQ(again.files_out, 0U);
  EXPECT_EQ(without_duration(again.detail),
            "tis_files=0 files_out=0 rtc=0 app=0 dnc=0 dnf=0 applicants_to_export=0 "
            "applicants_invalid=0 applicants_withdrawn=0 tis_events=0 notifications=0 "
            "notifications_held_invalid=0");
  // A DNF already sent for the office and date is not sent again.
  auto dnf_again = runner_.export_files(day("2026-11-23"), "EMD", {"DNF"});
  EXPECT_EQ(dnf_again.files_out, 0U);
  EXPECT_THAT(dnf_again.detail, StartsWith("tis_files=0 files_out=0 rtc=0 app=0 dnc=0 dnf=0 "));
  EXPECT_THAT(exported(), ElementsAre(6, 1, 8, 0)) << "nothing was exported twice";
  EXPECT_EQ(outbox(), before);
}

TEST_F(JobRunnerTest, DayTwoAppliesTheConfirmationsAndTheNextExportSendsNothingNew) {
  run_day1();
  run_day2();
  EXPECT_EQ(without_duration(last_collect_.detail),
            "files=3 applied=3 already_applied=0 rejected=0");
  EXPECT_EQ(last_export_.files_out, 2U);  // the RMC's RTC and the DNC: no APP is due
  auto status = report::read_status(db_);
  EXPECT_EQ(status.applicants.at("EXPORTED_AND_PROCESSED"), 5);
  EXPECT_EQ(status.applicants.at("EXPORTED_PROCESSED_WITH_ERRORS"), 1);
  EXPECT_EQ(status.notifications.at("confirmed"), 7);
  EXPECT_EQ(status.notifications.at("failed"), 1);
  EXPECT_EQ(status.notifications.at("exported"), 6);
  EXPECT_EQ(status.positions_deleted, 1);
  EXPECT_EQ(status.confirmations_unmatched, 0);
  EXPECT_EQ(status.files_sent, 6);
  EXPECT_EQ(status.files_pending, 0);

  auto before = outbox();
  auto again = runner_.run("export", day("2026-11-24"));
  EXPECT_EQ(again.files_out, 0U);
  EXPECT_EQ(outbox(), before);
}

TEST_F(JobRunnerTest, RunPicksTheJobByName) {
  EXPECT_TRUE(JobRunner::is_job("collect"));
  EXPECT_TRUE(JobRunner::is_job("export"));
  EXPECT_FALSE(JobRunner::is_job("import-tis"));
  copy_sample_day("day1");
  auto collect = runner_.run("collect", day("2030-01-01"));
  EXPECT_EQ(collect.files_in, 2U);
  // Collect applies each file as of the date in its name, whatever date the job is given.
  auto select = db_.prepare("SELECT DISTINCT business_date FROM files WHERE direction = 'in'");
  ASSERT_TRUE(select.step());
  EXPECT_EQ(select.column_text(0), "2026-11-23");
  EXPECT_FALSE(select.step());
  auto exported = runner_.run("export", day("2026-11-23"));
  EXPECT_EQ(exported.files_out, 3U);
}

// ---- job runs -----------------------------------------------------------------------------------

struct RecordedRun {
  std::string outcome, detail, business_date;
  bool finished = false;
};

class JobRunnerRuns : public SampleJobs {
 protected:
  // As `esrd run-job` runs a job: claim a slot, run the work through run_claimed.
  RunOutcome run_job(const std::string& job, const std::string& slot, const char* date) {
    auto id = start_run(db_, job, slot, "", day(date));
    EXPECT_TRUE(id.has_value());
    return run_claimed(db_, *id, job, slot, day(date), [&] {
      auto report = runner_.run(job, day(date));
      return RunOutcome{true, report.detail};
    });
  }

  RecordedRun recorded(const std::string& slot) {
    auto select = db_.prepare(
        "SELECT outcome, coalesce(detail, ''), business_date, finished_at IS NOT NULL AND "
        "finished_at >= started_at FROM job_runs WHERE slot_key = ?1");
    select.bind(1, slot);
    if (!select.step()) return {"absent", "", "", false};
    return {select.column_text(0), select.column_text(1), select.column_text(2),
            select.column_int(3) != 0};
  }
};

TEST_F(JobRunnerRuns, EachJobRunIsRecordedWithItsOutcomeSummaryAndTimes) {
  copy_sample_day("day1");
  auto collect = run_job("collect", "manual:collect", "2026-11-23");
  auto exported = run_job("export", "manual:export", "2026-11-23");
  EXPECT_TRUE(collect.ok);
  EXPECT_TRUE(exported.ok);

  auto collect_run = recorded("manual:collect");
  EXPECT_EQ(collect_run.outcome, "succeeded");
  EXPECT_EQ(collect_run.business_date, "2026-11-23");
  EXPECT_EQ(collect_run.detail, collect.detail);
  EXPECT_EQ(without_duration(collect_run.detail), "files=2 applied=2 already_applied=0 rejected=0");
  EXPECT_TRUE(collect_run.finished);
  auto export_run = recorded("manual:export");
  EXPECT_EQ(export_run.outcome, "succeeded");
  EXPECT_THAT(export_run.detail, StartsWith("tis_files=2 files_out=3 rtc=2 app=1 dnc=0 dnf=0 "));
  EXPECT_TRUE(export_run.finished);

  auto status = report::read_status(db_);
  EXPECT_EQ(status.last_runs.at("collect").outcome, "succeeded");
  EXPECT_EQ(status.last_runs.at("export").slot_key, "manual:export");
}

TEST_F(JobRunnerRuns, AnExportThatCannotPublishIsRecordedFailedAndFinishedByTheNextRunner) {
  copy_sample_day("day1");
  ASSERT_TRUE(run_job("collect", "manual:collect", "2026-11-23").ok);
  // outbox/ is taken by a file: the export's files are reserved but cannot be written.
  fs::remove_all(dir_.outbox());
  (void)folder_.write("data/outbox", "not a folder");
  EXPECT_ANY_THROW((void)run_job("export", "manual:export", "2026-11-23"));
  auto failed = recorded("manual:export");
  EXPECT_EQ(failed.outcome, "failed");
  EXPECT_FALSE(failed.detail.empty()) << "the error is recorded";
  EXPECT_TRUE(failed.finished);
  EXPECT_EQ(report::read_status(db_).last_runs.at("export").outcome, "failed");

  // Once outbox/ is a folder again, a new runner (the next esrd command) publishes what was
  // reserved, byte for byte, and the next export has nothing left to send.
  fs::remove(dir_.outbox());
  dir_.create_layout();
  JobRunner next(db_, schemas_, dir_, settings());
  EXPECT_THAT(outbox(),
              ElementsAre("DE_EMD_APP_20261123_00000003.DAT", "DE_EMD_RTC_20261123_00000001.DAT",
                          "DE_KSS_RTC_20261123_00000002.DAT"));
  for (const auto& name : outbox()) {
    EXPECT_EQ(read_bytes(dir_.outbox() / name), read_bytes(samples_dir() / "outbound" / name))
        << name;
  }
  EXPECT_EQ(next.export_files(day("2026-11-23"), std::nullopt, {}).files_out, 0U);
}

// ---- the log ------------------------------------------------------------------------------------

/// Every value of a personal column of the samples' placement extracts (names, date of birth, NI
/// number, e-mail, address, phone), read with RFC 4180 quoting.
std::set<std::string> personal_values() {
  static const std::set<std::string> personal = {
      "surname",      "legal_surname", "previous_surname", "forenames", "legal_forenames",
      "middle_names", "date_of_birth", "ni_number",        "email",     "address1",
      "postcode",     "home_tel",      "mobile_tel"};
  std::set<std::string> values;
  for (const char* csv : {"day1/tis/placements_20261123.csv", "day2/tis/placements_20261124.csv"}) {
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    auto text = read_bytes(samples_dir() / csv);
    for (std::size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (quoted && c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == ',' || c == '\n')) {
        rows.back().push_back(std::move(field));
        field.clear();
        if (c == '\n') rows.emplace_back();
      } else if (quoted || c != '\r') {
        field += c;
      }
    }
    const auto& header = rows.front();
    for (std::size_t r = 1; r < rows.size(); ++r) {
      for (std::size_t c = 0; c < header.size() && c < rows[r].size(); ++c) {
        if (personal.count(header[c]) && rows[r][c].size() > 2) values.insert(rows[r][c]);
      }
    }
  }
  return values;
}

/// Sends spdlog's default logger to a string for the test's duration.
class CapturedLog {
 public:
  CapturedLog() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(text_);
    auto logger = std::make_shared<spdlog::logger>("jobs-test", sink);
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
  }
  ~CapturedLog() { spdlog::set_default_logger(previous_); }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;
  [[nodiscard]] std::string text() const { return text_.str(); }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream text_;
};

TEST_F(JobRunnerRuns, TheJobsLogTheirRunsAndNoPersonalValue) {
  auto personal = personal_values();
  ASSERT_GT(personal.size(), 60U);
  ASSERT_TRUE(personal.count("Hollinsworth"));
  CapturedLog log;
  copy_sample_day("day1");
  (void)run_job("collect", "manual:1", "2026-11-23");
  (void)run_job("export", "manual:2", "2026-11-23");
  (void)runner_.export_files(day("2026-11-23"), "EMD", {"DNF"});
  copy_sample_day("day2");
  (void)run_job("collect", "manual:3", "2026-11-24");
  (void)run_job("export", "manual:4", "2026-11-24");
  auto text = log.text();
  EXPECT_THAT(text, HasSubstr("job=collect slot=manual:1 date=2026-11-23 event=started"));
  EXPECT_THAT(text, HasSubstr("job=export slot=manual:4 event=finished tis_files=2 files_out=2"));
  for (const auto& value : personal) EXPECT_THAT(text, Not(HasSubstr(value))) << value;
}

}  // namespace
}  // namespace esr::jobs::test
