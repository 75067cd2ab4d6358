// The one intake pipeline, through its two callers (InboundProcessor for ESR's files, TisImporter
// for TIS extracts): a file is moved to archive/ or quarantine/ only after the transaction that
// records it commits, and a crash between the commit and the move is finished by the next intake
// without recording anything twice. The crashes are real: a child process is SIGKILLed at the
// named fault point (ESRD_CRASH_AT), and the parent reads what it left.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "esr/inbound/inbound_processor.hpp"
#include "esr/inbound/tis_import.hpp"
#include "esr/state/rtc_lines.hpp"
#include "esr/state/state_schema.hpp"
#include "esr/util/sha256.hpp"
#include "support/temp_dir.hpp"

namespace esr::inbound {
namespace {

using ::testing::AllOf;
using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

constexpr const char* rmf_name = "DE_EMD_RMF_20261123_00000001.DAT";
constexpr const char* posts_name = "posts_20261123.csv";

// A POR and its POS for one position of EMD, as ESR writes them. An empty `por_deanery` leaves
// the POR without its mandatory deanery number.
std::string position(std::int64_t id, const std::string& npn, const std::string& por_deanery) {
  return fmt::format(
      "\"POR\",{0},,\"C\",{1},\"Specialty Registrar\",\"{2}\",\"EMD\",\"Host Employer\",\"RWE\","
      "\"256\",\"Medicine\",\"Leicester Royal Infirmary\"\r\n"
      "\"POS\",{0},,\"C\",{1},\"Medical and Dental\",\"Specialty Registrar\",\"300\","
      "\"General Internal "
      "Medicine\",\"{3}\",\"EMD\",\"RWE\",\"NHS\",\"MS03\",\"ST4\",\"RWE01\"\r\n",
      id, id + 32900000, por_deanery, npn);
}

// Two positions, four records; `bad` leaves out the deanery number of the second POR (line 3).
std::string rmf(bool bad) {
  return position(8100101, "EMD/RWEAA/300/STR/001", "EMD/RWEAA/300/STR/001") +
         position(8100102, "EMD/RWEAA/300/STR/002", bad ? "" : "EMD/RWEAA/300/STR/002");
}

// A posts extract; `bad` names one post twice.
std::string posts(bool bad) {
  return std::string("npn,status,local_office\n") + "EMD/RWEAA/300/STR/001,CURRENT,EMD\n" +
         (bad ? "EMD/RWEAA/300/STR/001,CURRENT,EMD\n" : "EMD/RWEAA/300/STR/002,CURRENT,EMD\n");
}

// No database connection is held between steps: a crash test forks, and SQLite connections
// must not cross a fork.
class IntakeSteps : public ::testing::Test {
 protected:
  IntakeSteps()
      : dir_{folder_.path() / "data"},
        schemas_(spec::SchemaRegistry::load(std::filesystem::path(ESRD_SOURCE_DIR) / "schemas")) {
    dir_.create_layout();
    (void)state::open_state(dir_.database());
  }

  std::filesystem::path put(const std::filesystem::path& folder, const std::string& name,
                            const std::string& bytes) const {
    return folder_.write(std::filesystem::relative(folder / name, folder_.path()).string(), bytes);
  }

  std::vector<ProcessResult> collect() const {
    auto db = state::open_state(dir_.database());
    InboundProcessor processor(db, schemas_, dir_, InboundSettings{{"EMD"}});
    return processor.collect({});
  }

  ProcessResult replay(const std::filesystem::path& file, const ProcessOptions& options) const {
    auto db = state::open_state(dir_.database());
    InboundProcessor processor(db, schemas_, dir_, InboundSettings{{"EMD"}});
    return processor.process(file, options);
  }

  std::vector<ProcessResult> import_waiting() const {
    auto db = state::open_state(dir_.database());
    TisImporter importer(db, schemas_, dir_);
    return importer.import_waiting({});
  }

  // Runs `step` in a child process that SIGKILLs itself at the fault point `point`.
  template <typename Step>
  void crash_at(const char* point, Step step) const {
    EXPECT_EXIT(
        {
          ::setenv("ESRD_CRASH_AT", point, 1);
          (void)step();
          std::_Exit(0);
        },
        ::testing::KilledBySignal(SIGKILL), "")
        << "the run was to be killed at " << point;
  }

  // Each row's columns joined by '|'.
  std::vector<std::string> query(const std::string& sql) const {
    auto db = state::open_state(dir_.database());
    auto select = db.prepare(sql);
    std::vector<std::string> rows;
    while (select.step()) {
      std::string row;
      for (int i = 0; i < select.column_count(); ++i) row += (i ? "|" : "") + select.column_text(i);
      rows.push_back(row);
    }
    return rows;
  }

  std::vector<std::string> ledger() const {
    return query("SELECT name, type, outcome, sha256, size FROM files ORDER BY id");
  }

  static std::string ledger_row(const std::string& name, const std::string& type,
                                const std::string& outcome, const std::string& bytes) {
    return fmt::format("{}|{}|{}|{}|{}", name, type, outcome,
                       util::sha256_hex(std::string_view(bytes)), bytes.size());
  }

  /// Every RTC line kept, as "ordinal|success|reason", file by file.
  std::vector<std::string> rtc_lines() const {
    auto db = state::open_state(dir_.database());
    std::vector<std::string> rows;
    for (const auto& id : query("SELECT id FROM files ORDER BY id")) {
      state::for_each_rtc_line(db, std::stoll(id), [&](const state::RtcLine& line) {
        rows.push_back(fmt::format("{}|{}|{}", line.ordinal, line.success ? 1 : 0, line.reason));
        return true;
      });
    }
    return rows;
  }

  static std::vector<std::string> names(const std::filesystem::path& folder) {
    std::vector<std::string> out;
    if (!std::filesystem::exists(folder)) return out;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
      if (entry.is_regular_file()) {
        out.push_back(std::filesystem::relative(entry.path(), folder).string());
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  static std::string read(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  test_support::TempDir folder_;
  ops::DataDir dir_;
  spec::SchemaRegistry schemas_;
};

// The four FAIL lines of the bad RMF: line 3's own problem, and the others rejected with it.
void expect_fail_lines_of_bad_rmf(const std::vector<std::string>& lines) {
  ASSERT_EQ(lines.size(), 4U) << ::testing::PrintToString(lines);
  EXPECT_THAT(lines[0], StartsWith("1|0|Not applied: the file was rejected for errors on other"));
  EXPECT_THAT(lines[1], StartsWith("2|0|Not applied"));
  EXPECT_THAT(lines[2], StartsWith("3|0|Error: T_POR07 Deanery Number: "));
  EXPECT_THAT(lines[3], StartsWith("4|0|Not applied"));
}

TEST_F(IntakeSteps, ARejectionIsRecordedWithItsRtcLinesBeforeTheFileLeavesTheInbox) {
  put(dir_.inbox(), rmf_name, rmf(true));
  crash_at("inbound.after_reject_commit", [&] { return collect(); });

  EXPECT_THAT(names(dir_.inbox()), ElementsAre(rmf_name)) << "moved before the commit";
  EXPECT_THAT(names(dir_.quarantine()), IsEmpty());
  EXPECT_THAT(ledger(), ElementsAre(ledger_row(rmf_name, "RMF", "quarantined", rmf(true))))
      << "the checksum is of the file where it was";
  expect_fail_lines_of_bad_rmf(rtc_lines());
}

TEST_F(IntakeSteps, TheNextCollectFinishesAMoveACrashCutShortWithoutRecordingTwice) {
  put(dir_.inbox(), rmf_name, rmf(true));
  crash_at("inbound.after_reject_commit", [&] { return collect(); });

  auto results = collect();
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].outcome, Outcome::rejected);
  EXPECT_EQ(results[0].moved_to, dir_.quarantine() / rmf_name);
  EXPECT_THAT(names(dir_.inbox()), IsEmpty());
  EXPECT_THAT(names(dir_.quarantine()),
              ElementsAre(rmf_name, std::string(rmf_name) + ".reason.txt"));
  EXPECT_EQ(read(dir_.quarantine() / rmf_name), rmf(true));
  EXPECT_THAT(read(dir_.quarantine() / (std::string(rmf_name) + ".reason.txt")),
              AllOf(HasSubstr("rejected: 1 problem(s) in 1 of 4 record(s); nothing applied\n"),
                    HasSubstr(std::string(rmf_name) + ":3:T_POR07 Deanery Number: ")));
  EXPECT_THAT(ledger(), ElementsAre(ledger_row(rmf_name, "RMF", "quarantined", rmf(true))));
  expect_fail_lines_of_bad_rmf(rtc_lines());
}

TEST_F(IntakeSteps, ACrashBeforeTheCommitKeepsNothingAndMovesNothing) {
  put(dir_.inbox(), rmf_name, rmf(false));
  crash_at("inbound.before_commit", [&] { return collect(); });

  EXPECT_THAT(names(dir_.inbox()), ElementsAre(rmf_name));
  EXPECT_THAT(names(dir_.archive()), IsEmpty());
  EXPECT_THAT(ledger(), IsEmpty());
  EXPECT_THAT(query("SELECT count(*) FROM positions"), ElementsAre("0"));

  auto results = collect();
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].outcome, Outcome::applied);
  EXPECT_THAT(names(dir_.archive()), ElementsAre(std::string("2026/11/23/") + rmf_name));
}

TEST_F(IntakeSteps, AnAppliedFileACrashLeftInTheInboxIsArchivedAsAlreadyApplied) {
  put(dir_.inbox(), rmf_name, rmf(false));
  crash_at("inbound.after_commit", [&] { return collect(); });
  EXPECT_THAT(names(dir_.inbox()), ElementsAre(rmf_name)) << "moved before the commit";
  EXPECT_THAT(ledger(), ElementsAre(ledger_row(rmf_name, "RMF", "applied", rmf(false))));

  auto results = collect();
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].outcome, Outcome::already_applied);
  EXPECT_EQ(results[0].records, 4U);
  EXPECT_THAT(names(dir_.inbox()), IsEmpty());
  EXPECT_THAT(names(dir_.archive()), ElementsAre(std::string("2026/11/23/") + rmf_name));
  EXPECT_THAT(ledger(), ElementsAre(ledger_row(rmf_name, "RMF", "applied", rmf(false))));
  EXPECT_THAT(query("SELECT count(*) FROM positions"), ElementsAre("2"));
  EXPECT_THAT(rtc_lines(), Each(HasSubstr("|1|"))) << "one SUCCESS line per record, once";
  EXPECT_EQ(rtc_lines().size(), 4U);
}

TEST_F(IntakeSteps, TheSameFileTwiceIsAlreadyAppliedUnlessForced) {
  put(dir_.inbox(), rmf_name, rmf(false));
  ASSERT_EQ(collect().at(0).outcome, Outcome::applied);
  put(dir_.inbox(), rmf_name, rmf(false));
  EXPECT_EQ(collect().at(0).outcome, Outcome::already_applied);
  EXPECT_THAT(names(dir_.archive()), ElementsAre(std::string("2026/11/23/") + rmf_name,
                                                 std::string("2026/11/23/") + rmf_name + ".1"));
  EXPECT_EQ(ledger().size(), 1U);

  ProcessOptions force;
  force.force = true;
  auto file = dir_.archive() / "2026" / "11" / "23" / rmf_name;
  EXPECT_EQ(replay(file, force).outcome, Outcome::applied);
  EXPECT_EQ(ledger().size(), 2U);
  EXPECT_TRUE(std::filesystem::exists(file)) << "a replayed file stays where it is";
}

TEST_F(IntakeSteps, ARejectedRmtGivesEachOfItsLinesOneFailRtcLine) {
  put(dir_.inbox(), rmf_name, rmf(true));
  auto results = collect();
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].outcome, Outcome::rejected);
  ASSERT_EQ(results[0].problems.size(), 1U);
  EXPECT_EQ(results[0].problems[0].line, 3U);
  EXPECT_EQ(results[0].problems[0].field, "T_POR07 Deanery Number");
  expect_fail_lines_of_bad_rmf(rtc_lines());
}

TEST_F(IntakeSteps, OtherBytesUnderAnAppliedNameFailEveryRtcLineForTheName) {
  put(dir_.inbox(), rmf_name, rmf(false));
  ASSERT_EQ(collect().at(0).outcome, Outcome::applied);
  auto other = rmf(false) + position(8100103, "EMD/RWEAA/300/STR/003", "EMD/RWEAA/300/STR/003");
  put(dir_.inbox(), rmf_name, other);
  auto results = collect();
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].outcome, Outcome::rejected);
  ASSERT_EQ(results[0].problems.size(), 1U);
  EXPECT_EQ(results[0].problems[0].field, "file name");

  auto failed =
      query("SELECT ordinal, reason FROM rtc_lines WHERE success = 0 ORDER BY file_id, ordinal");
  ASSERT_EQ(failed.size(), 6U) << "one per record of the refused file";
  EXPECT_THAT(failed, Each(HasSubstr("|Error: file name: a different file of this name was "
                                     "applied before (ledger id 1, sha256 ")));
  EXPECT_THAT(ledger(), ElementsAre(ledger_row(rmf_name, "RMF", "applied", rmf(false)),
                                    ledger_row(rmf_name, "RMF", "quarantined", other)));
}

TEST_F(IntakeSteps, TheSameBadFileSentAgainAfterItWasFiledIsRejectedAgain) {
  put(dir_.inbox(), rmf_name, rmf(true));
  ASSERT_EQ(collect().at(0).outcome, Outcome::rejected);
  put(dir_.inbox(), rmf_name, rmf(true));
  ASSERT_EQ(collect().at(0).outcome, Outcome::rejected);

  EXPECT_EQ(ledger().size(), 2U);
  EXPECT_EQ(rtc_lines().size(), 8U) << "ESR hears of each rejection";
  EXPECT_THAT(names(dir_.quarantine()), ElementsAre(rmf_name, std::string(rmf_name) + ".1",
                                                    std::string(rmf_name) + ".1.reason.txt",
                                                    std::string(rmf_name) + ".reason.txt"));
}

TEST_F(IntakeSteps, ACrashAfterTheSecondRejectionOfTheSameBytesIsFinishedOnce) {
  put(dir_.inbox(), rmf_name, rmf(true));
  ASSERT_EQ(collect().at(0).outcome, Outcome::rejected);
  put(dir_.inbox(), rmf_name, rmf(true));
  crash_at("inbound.after_reject_commit", [&] { return collect(); });
  EXPECT_EQ(ledger().size(), 2U);
  EXPECT_THAT(names(dir_.quarantine()),
              ElementsAre(rmf_name, std::string(rmf_name) + ".reason.txt"));

  ASSERT_EQ(collect().at(0).outcome, Outcome::rejected);
  EXPECT_EQ(ledger().size(), 2U);
  EXPECT_EQ(rtc_lines().size(), 8U);
  EXPECT_THAT(names(dir_.inbox()), IsEmpty());
  EXPECT_EQ(names(dir_.quarantine()).size(), 4U);
}

TEST_F(IntakeSteps, ADryRunOfABadFileKeepsAndMovesNothing) {
  auto file = put(dir_.inbox(), rmf_name, rmf(true));
  ProcessOptions dry_run;
  dry_run.dry_run = true;
  auto result = replay(file, dry_run);
  EXPECT_EQ(result.outcome, Outcome::rejected);
  EXPECT_EQ(result.problem_count, 1U);
  EXPECT_TRUE(result.moved_to.empty());
  EXPECT_THAT(names(dir_.inbox()), ElementsAre(rmf_name));
  EXPECT_THAT(names(dir_.quarantine()), IsEmpty());
  EXPECT_THAT(ledger(), IsEmpty());
  EXPECT_THAT(rtc_lines(), IsEmpty());
}

TEST_F(IntakeSteps, ABadExtractIsRecordedAndThenQuarantinedThroughTheSameSteps) {
  put(dir_.tis(), posts_name, posts(true));
  auto results = import_waiting();
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].outcome, Outcome::rejected);
  EXPECT_EQ(results[0].moved_to, dir_.quarantine() / posts_name);
  EXPECT_THAT(names(dir_.tis()), IsEmpty());
  EXPECT_THAT(read(dir_.quarantine() / (std::string(posts_name) + ".reason.txt")),
              HasSubstr(std::string(posts_name) +
                        ":3:npn: EMD/RWEAA/300/STR/001 appears twice in the snapshot"));
  EXPECT_THAT(ledger(),
              ElementsAre(ledger_row(posts_name, "TIS_POSTS", "quarantined", posts(true))));
  EXPECT_THAT(query("SELECT reason, records FROM files"),
              ElementsAre("1 problem(s); nothing loaded|2"));
  EXPECT_THAT(query("SELECT count(*) FROM tis_posts"), ElementsAre("0"));
}

TEST_F(IntakeSteps, ABadExtractACrashLeftInTisIsQuarantinedOnceByTheNextImport) {
  put(dir_.tis(), posts_name, posts(true));
  crash_at("inbound.after_reject_commit", [&] { return import_waiting(); });
  EXPECT_THAT(names(dir_.tis()), ElementsAre(posts_name));
  EXPECT_THAT(ledger(),
              ElementsAre(ledger_row(posts_name, "TIS_POSTS", "quarantined", posts(true))));

  ASSERT_EQ(import_waiting().at(0).outcome, Outcome::rejected);
  EXPECT_THAT(names(dir_.tis()), IsEmpty());
  EXPECT_THAT(names(dir_.quarantine()),
              ElementsAre(posts_name, std::string(posts_name) + ".reason.txt"));
  EXPECT_EQ(ledger().size(), 1U);
}

TEST_F(IntakeSteps, AnExtractACrashLeftInTisAfterItsCommitIsArchivedAsAlreadyApplied) {
  put(dir_.tis(), posts_name, posts(false));
  crash_at("inbound.after_commit", [&] { return import_waiting(); });
  EXPECT_THAT(names(dir_.tis()), ElementsAre(posts_name));
  EXPECT_THAT(ledger(), ElementsAre(ledger_row(posts_name, "TIS_POSTS", "applied", posts(false))));

  auto results = import_waiting();
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].outcome, Outcome::already_applied);
  EXPECT_THAT(names(dir_.archive()), ElementsAre(std::string("2026/11/23/") + posts_name));
  EXPECT_EQ(ledger().size(), 1U);
  EXPECT_THAT(query("SELECT count(*) FROM tis_posts"), ElementsAre("2"));
}

}  // namespace
}  // namespace esr::inbound
