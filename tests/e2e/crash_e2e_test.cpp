// An inbound file takes effect exactly once, even when esrd is SIGKILLed at a random moment while
// applying it: the rerun applies it whole, and a further run reports it as already applied. A
// rejection, killed between its commit and the file's move to quarantine, is neither lost nor
// recorded twice.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "e2e_support.hpp"

namespace esr::e2e {
namespace {

using ::testing::HasSubstr;

using CrashSafety = TempDataDir;

// 25,000 positions = 50,000 POR+POS records: big enough that most kills land mid-apply, small
// enough for ten rounds on a loaded two-core machine. ESRD_E2E_CRASH_POSITIONS overrides it.
constexpr std::size_t default_crash_positions = 25'000;
constexpr auto crash_budget = std::chrono::seconds(30);  // for the rounds after the clean run
constexpr int most_rounds = 10;
constexpr int fewest_rounds = 4;

std::size_t crash_positions() {
  const char* text = std::getenv("ESRD_E2E_CRASH_POSITIONS");
  if (text == nullptr || *text == '\0') return default_crash_positions;
  return static_cast<std::size_t>(std::stoull(text));
}

TEST_F(CrashSafety, AFileKilledMidApplyTakesEffectExactlyOnceWhenRerun) {
  const auto positions = crash_positions();
  auto rmf = write_large_rmf(work() / "DE_EMD_RMF_20261123_00000100.DAT", positions);
  auto validate = run_esrd({"validate", rmf.string()});
  ASSERT_EQ(validate.exit_code, 0) << validate.describe();

  // One clean run: the expected state, and how long a whole run takes here.
  auto clean = run_esrd({"replay", rmf.string()});
  ASSERT_EQ(clean.exit_code, 0) << clean.describe();
  ASSERT_THAT(clean.out, HasSubstr(": applied")) << clean.describe();
  auto expected = status_json();
  const auto total = count(expected, "positions", "total");
  ASSERT_EQ(total, static_cast<std::int64_t>(positions)) << expected.dump();
  ASSERT_EQ(count(expected, "files", "received"), 1) << expected.dump();
  auto again = run_esrd({"replay", rmf.string()});
  ASSERT_EQ(again.exit_code, 0) << again.describe();
  ASSERT_THAT(again.out, HasSubstr("already_applied")) << again.describe();

  const auto run_time = clean.elapsed;
  // A round: the killed run (half a run on average), a whole rerun, and three short commands.
  const auto per_round = run_time * 15 / 10 + std::chrono::milliseconds(600);
  const int rounds =
      std::clamp(static_cast<int>(crash_budget / per_round), fewest_rounds, most_rounds);
  std::random_device seed_source;
  const auto seed = (static_cast<std::uint64_t>(seed_source()) << 32) | seed_source();
  std::mt19937_64 rng(seed);
  std::cout << "[ crash ] one run " << run_time.count() / 1000 << " ms, " << rounds
            << " rounds, seed " << seed << "\n";

  // Odd rounds kill `replay FILE`; even rounds kill `run-job collect` with the file in inbox/.
  int interrupted = 0, applied_on_rerun = 0;
  const std::string name = rmf.filename().string();
  for (int round = 1; round <= rounds; ++round) {
    const bool collect = round % 2 == 0;
    auto data_dir = root() / ("crash-" + std::to_string(round)) / "esrd-data";
    auto inbox_copy = data_dir / "inbox" / name;
    auto archived = data_dir / "archive" / "2026" / "11" / "23" / name;
    std::vector<std::string> command{"replay", rmf.string()};
    if (collect) {
      std::filesystem::create_directories(inbox_copy.parent_path());
      std::filesystem::copy_file(rmf, inbox_copy);
      command = {"run-job", "collect"};
    }
    std::chrono::microseconds delay{0};
    auto killed = run_esrd_killed_at_random(root(), command, data_dir, run_time, rng, &delay);
    SCOPED_TRACE("round " + std::to_string(round) + " (" + (collect ? "collect" : "replay") +
                 "), SIGKILL after " + std::to_string(delay.count()) + " us, seed " +
                 std::to_string(seed));
    ASSERT_FALSE(killed.timed_out) << killed.describe();
    if (killed.killed) {
      ++interrupted;
    } else {
      EXPECT_EQ(killed.exit_code, 0) << killed.describe();
    }
    if (collect) {
      // The file is never lost: still waiting in inbox/, or filed in archive/.
      EXPECT_NE(std::filesystem::exists(inbox_copy), std::filesystem::exists(archived))
          << "inbox: " << ::testing::PrintToString(list_names(inbox_copy.parent_path()))
          << ", archive: " << ::testing::PrintToString(list_tree(data_dir / "archive"));
    }

    RunOptions options;
    options.data_dir = data_dir;
    auto rerun = run_esrd(command, options);
    ASSERT_EQ(rerun.exit_code, 0) << rerun.describe();
    if (rerun.out.find(collect ? "applied=1" : ": applied") != std::string::npos) {
      ++applied_on_rerun;
    }

    auto status = status_json(data_dir);
    EXPECT_EQ(count(status, "positions", "total"), total) << status.dump();
    EXPECT_EQ(count(status, "positions", "deleted"), 0) << status.dump();
    EXPECT_EQ(count(status, "files", "received"), 1)
        << "exactly one ledger row for the file: " << status.dump();
    EXPECT_EQ(count(status, "files", "quarantined"), 0) << status.dump();
    if (collect) {
      EXPECT_THAT(list_names(inbox_copy.parent_path()), ::testing::IsEmpty());
      EXPECT_THAT(list_tree(data_dir / "archive"), ::testing::ElementsAre("2026/11/23/" + name));
      EXPECT_THAT(list_names(data_dir / "quarantine"), ::testing::IsEmpty());
    }

    auto after = run_esrd({"replay", collect ? archived.string() : rmf.string()}, options);
    EXPECT_EQ(after.exit_code, 0) << after.describe();
    EXPECT_THAT(after.out, HasSubstr("already_applied")) << after.describe();
    EXPECT_EQ(count(status_json(data_dir), "files", "received"), 1);

    std::error_code ec;
    std::filesystem::remove_all(data_dir.parent_path(), ec);
    if (HasFatalFailure()) return;
  }
  std::cout << "[ crash ] " << interrupted << " of " << rounds << " runs killed, "
            << applied_on_rerun << " reruns applied the file\n";
  EXPECT_GE(interrupted, 1) << "no run was killed before it ended: the test proved nothing";
}

}  // namespace
}  // namespace esr::e2e

namespace esr::e2e {
namespace {

// A SIGKILL while the archive copy of an outbound file is being written leaves a short copy; the
// restart must write it again rather than trust it because it exists (found by
// scripts/fault-injection: "differs between outbox/ and archive/").
TEST_F(CrashSafety, AnArchiveCopyCutShortByACrashIsWrittenAgain) {
  copy_sample_to_inbox(std::string("day1/inbox/") + emd_rmf);
  auto collect = run_esrd({"run-job", "collect", "--date", "2026-11-23"});
  ASSERT_EQ(collect.exit_code, 0) << collect.describe();

  // Killed once the .part is written, before the archive copy: then the copy is cut short.
  ::setenv("ESRD_CRASH_AT", "publish.after_part", 1);
  auto crashed = run_esrd({"export", "--type", "RTC", "--date", "2026-11-23"});
  ::unsetenv("ESRD_CRASH_AT");
  ASSERT_NE(crashed.exit_code, 0) << crashed.describe();
  const std::string name = "DE_EMD_RTC_20261123_00000001.DAT";
  fs::create_directories(archive_day(2026, 11, 23));
  write_file(archive_day(2026, 11, 23) / name, "\"POR\",81001");

  auto rerun = run_esrd({"export", "--type", "RTC", "--date", "2026-11-23"});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.describe();
  auto sent = read_file(outbox() / name);
  EXPECT_GT(sent.size(), 100U);
  EXPECT_EQ(read_file(archive_day(2026, 11, 23) / name), sent);
}

}  // namespace
}  // namespace esr::e2e

namespace esr::e2e {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// A rejected RMF's ledger row and RTC lines (all FAIL) commit before the file leaves the inbox.
// Killed between that commit and the move, esrd loses nothing and repeats nothing: the next
// collect only finishes the move, and the next RTC is the one a run never killed writes.
TEST_F(CrashSafety, ARejectionKilledBeforeItsMoveIsFinishedByTheNextCollectAndFailedOnce) {
  const std::string name = "DE_KSS_RMF_20261123_00000001.DAT";
  const std::string rtc = "DE_KSS_RTC_20261123_00000001.DAT";
  const std::string reason = name + ".reason.txt";
  auto bad = edit_line(read_file(sample(std::string("day1/inbox/") + kss_rmf)), 3,
                       [](auto& fields) { fields.at(6) = ""; });

  // The same day never killed, in a data directory of its own.
  RunOptions unkilled;
  unkilled.data_dir = root() / "unkilled" / "esrd-data";
  write_file(*unkilled.data_dir / "inbox" / name, bad);
  auto unkilled_collect = run_esrd({"run-job", "collect"}, unkilled);
  ASSERT_EQ(unkilled_collect.exit_code, 1) << unkilled_collect.describe();
  ASSERT_EQ(run_esrd({"export", "--type", "RTC", "--date", "2026-11-23"}, unkilled).exit_code, 0);

  put_in_inbox(name, bad);
  ::setenv("ESRD_CRASH_AT", "inbound.after_reject_commit", 1);
  auto killed = run_esrd({"run-job", "collect"});
  ::unsetenv("ESRD_CRASH_AT");
  ASSERT_EQ(killed.term_signal, SIGKILL) << killed.describe();
  EXPECT_THAT(inbox_files(), ElementsAre(name));
  EXPECT_THAT(quarantine_files(), IsEmpty());
  EXPECT_EQ(count(status_json(), "files", "quarantined"), 1) << "the rejection was committed";

  auto rerun = run_esrd({"run-job", "collect"});
  EXPECT_EQ(rerun.exit_code, 1) << rerun.describe();
  EXPECT_THAT(rerun.err, HasSubstr("recovery=quarantine_finished")) << rerun.describe();
  EXPECT_THAT(inbox_files(), IsEmpty());
  EXPECT_THAT(quarantine_files(), ElementsAre(name, reason));
  EXPECT_EQ(read_file(quarantine() / name), bad);
  EXPECT_EQ(read_file(quarantine() / reason),
            read_file(*unkilled.data_dir / "quarantine" / reason));
  auto status = status_json();
  EXPECT_EQ(count(status, "files", "received"), 1) << status.dump();
  EXPECT_EQ(count(status, "files", "quarantined"), 1) << status.dump();

  auto exported = run_esrd({"export", "--type", "RTC", "--date", "2026-11-23"});
  ASSERT_EQ(exported.exit_code, 0) << exported.describe();
  ASSERT_THAT(outbox_files(), ElementsAre(rtc));
  auto lines = split_lines(read_file(outbox() / rtc));
  ASSERT_EQ(lines.size(), 4U) << "one line per record, once";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_THAT(lines[i], StartsWith(std::to_string(i + 1) + "~FAIL~")) << lines[i];
  }
  EXPECT_EQ(read_file(outbox() / rtc), read_file(*unkilled.data_dir / "outbox" / rtc));
}

}  // namespace
}  // namespace esr::e2e
