// Bad inbound files: each kind is rejected whole, quarantined with a reason that names the line
// and the field (FILE:LINE:FIELD), and none of its good records reaches the state.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "e2e_support.hpp"

namespace esr::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

struct BadFile {
  std::string what;      // the kind of problem, for messages
  std::string name;      // file name
  std::string content;   // bytes
  std::string location;  // the FILE:LINE:FIELD: prefix the reason must carry
};

// A quoted deanery number of exactly `length` characters (length >= 23).
std::string deanery_of_length(std::size_t length) {
  std::string value = "EMD/RX1RA/340/STR/009/";
  value.append(length - value.size(), 'A');
  return "\"" + value + "\"";
}

std::string emd_text() { return read_file(sample(std::string("day1/inbox/") + emd_rmf)); }

// Every kind of bad file, each an otherwise good EMD RMF (nine new positions if it got through).
std::vector<BadFile> bad_files() {
  std::vector<BadFile> files;
  auto add = [&](std::string what, std::string name, std::string content, std::string where) {
    auto location = name + ":" + where + ":";
    files.push_back({std::move(what), std::move(name), std::move(content), std::move(location)});
  };
  const auto good = emd_text();
  add("a missing mandatory value", "DE_EMD_RMF_20261123_00000011.DAT",
      edit_line(good, 3, [](auto& fields) { fields.at(6) = ""; }), "3:T_POR07 Deanery Number");
  add("a bad number", "DE_EMD_RMF_20261123_00000012.DAT",
      edit_line(good, 4, [](auto& fields) { fields.at(1) = "81001O2"; }), "4:T_POS02 Position ID");
  add("an over-long value", "DE_EMD_RMF_20261123_00000013.DAT",
      edit_line(good, 9, [](auto& fields) { fields.at(6) = deanery_of_length(31); }),
      "9:T_POR07 Deanery Number");
  add("a field too many", "DE_EMD_RMF_20261123_00000014.DAT",
      edit_line(good, 6, [](auto& fields) { fields.emplace_back("\"extra\""); }), "6:POS record");
  add("a field too few", "DE_EMD_RMF_20261123_00000015.DAT",
      edit_line(good, 5, [](auto& fields) { fields.pop_back(); }), "5:POR record");
  add("a bad date in the name", "DE_EMD_RMF_2026113_00000001.DAT", good, "0:file name");
  add("a lower-case office in the name", "DE_emd_RMF_20261123_00000001.DAT", good, "0:file name");
  add("an unknown local office", "DE_ZZZ_RMF_20261123_00000001.DAT", good, "0:file name");
  add("no records at all", "DE_EMD_RMF_20261123_00000016.DAT", "", "0:file");
  return files;
}

class Quarantine : public TempDataDir {
 protected:
  // State before the bad files: the KSS RMF applied (2 positions).
  void SetUp() override {
    TempDataDir::SetUp();
    auto run = run_esrd({"replay", sample(std::string("day1/inbox/") + kss_rmf).string()});
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    before_ = status_json();
    ASSERT_EQ(count(before_, "positions", "total"), 2) << before_.dump();
  }

  void expect_state_unchanged(const BadFile& bad, std::int64_t quarantined) {
    auto status = status_json();
    EXPECT_EQ(status["positions"], before_["positions"]) << bad.what << ": " << status.dump();
    EXPECT_EQ(count(status, "files", "quarantined"), quarantined) << bad.what;
    EXPECT_EQ(count(status, "files", "received") - quarantined, count(before_, "files", "received"))
        << bad.what << ": no applied ledger row may be added: " << status.dump();
  }

  nlohmann::json before_;
};

TEST_F(Quarantine, EachKindOfBadFileInTheInboxIsQuarantinedWithItsLineAndField) {
  std::int64_t quarantined = 0;
  for (const auto& bad : bad_files()) {
    SCOPED_TRACE(bad.what);
    put_in_inbox(bad.name, bad.content);
    auto run = run_esrd({"run-job", "collect"});
    EXPECT_EQ(run.exit_code, 1) << run.describe();
    EXPECT_THAT(run.out, HasSubstr("rejected=1")) << run.describe();
    ++quarantined;
    EXPECT_THAT(inbox_files(), IsEmpty()) << "the file must leave the inbox";
    auto moved = quarantine() / bad.name;
    auto reason = quarantine() / (bad.name + ".reason.txt");
    ASSERT_TRUE(std::filesystem::exists(moved)) << bad.name;
    ASSERT_TRUE(std::filesystem::exists(reason)) << bad.name;
    EXPECT_EQ(read_file(moved), bad.content) << "quarantined bytes must be the file's own";
    EXPECT_THAT(read_file(reason), HasSubstr(bad.location)) << read_file(reason);
    expect_state_unchanged(bad, quarantined);
  }
  EXPECT_THAT(outbox_files(), IsEmpty());
}

TEST_F(Quarantine, EachKindOfBadFileReplayedIsCopiedToQuarantineWithItsLineAndField) {
  std::int64_t quarantined = 0;
  for (const auto& bad : bad_files()) {
    SCOPED_TRACE(bad.what);
    auto file = put_in_work(bad.name, bad.content);
    auto run = run_esrd({"replay", file.string()});
    EXPECT_EQ(run.exit_code, 1) << run.describe();
    EXPECT_THAT(run.out, HasSubstr(bad.location)) << run.describe();
    EXPECT_THAT(run.out, HasSubstr("rejected")) << run.describe();
    ++quarantined;
    EXPECT_TRUE(std::filesystem::exists(file)) << "replay copies; the original stays";
    auto copy = quarantine() / bad.name;
    auto reason = quarantine() / (bad.name + ".reason.txt");
    ASSERT_TRUE(std::filesystem::exists(copy)) << bad.name;
    ASSERT_TRUE(std::filesystem::exists(reason)) << bad.name;
    EXPECT_EQ(read_file(copy), bad.content);
    EXPECT_THAT(read_file(reason), HasSubstr(bad.location)) << read_file(reason);
    expect_state_unchanged(bad, quarantined);
  }
}

TEST_F(Quarantine, ABadFileDoesNotStopTheOtherFilesOfACollect) {
  auto bad = bad_files().front();
  put_in_inbox(bad.name, bad.content);
  copy_sample_to_inbox(std::string("day2/inbox/") + emd_rmc);
  auto run = run_esrd({"run-job", "collect"});
  EXPECT_EQ(run.exit_code, 1) << "one file was rejected\n" << run.describe();
  EXPECT_THAT(run.out, HasSubstr("applied=1")) << run.describe();
  EXPECT_THAT(run.out, HasSubstr("rejected=1")) << run.describe();
  EXPECT_THAT(inbox_files(), IsEmpty());
  EXPECT_TRUE(std::filesystem::exists(quarantine() / bad.name));
  EXPECT_TRUE(std::filesystem::exists(archive_day(2026, 11, 24) / emd_rmc));
  // The RMC's two positions (one changed, one deleted) join KSS's two.
  auto status = status_json();
  EXPECT_EQ(count(status, "positions", "total"), 4) << status.dump();
  EXPECT_EQ(count(status, "positions", "deleted"), 1) << status.dump();
}

TEST_F(Quarantine, ADryRunOfABadFileListsTheProblemAndQuarantinesNothing) {
  auto bad = bad_files().front();
  auto file = put_in_work(bad.name, bad.content);
  auto run = run_esrd({"replay", file.string(), "--dry-run"});
  EXPECT_EQ(run.exit_code, 1) << run.describe();
  EXPECT_THAT(run.out, HasSubstr(bad.location)) << run.describe();
  EXPECT_THAT(quarantine_files(), IsEmpty());
  auto status = status_json();
  EXPECT_EQ(status["positions"], before_["positions"]) << status.dump();
  EXPECT_EQ(status["files"], before_["files"]) << status.dump();
}

TEST_F(Quarantine, ACorrectedFileOfTheSameNameAsARejectedOneIsApplied) {
  auto bad = bad_files().front();
  auto rejected = run_esrd({"replay", put_in_work(bad.name, bad.content).string()});
  ASSERT_EQ(rejected.exit_code, 1) << rejected.describe();
  auto corrected = put_in_work(bad.name, emd_text());
  auto run = run_esrd({"replay", corrected.string()});
  EXPECT_EQ(run.exit_code, 0) << run.describe();
  EXPECT_THAT(run.out, HasSubstr(": applied")) << run.describe();
  EXPECT_EQ(count(status_json(), "positions", "total"), 11);
}

TEST_F(Quarantine, ADeaneryNumberOfExactlyThirtyCharactersIsAccepted) {
  auto text = edit_line(emd_text(), 9, [](auto& fields) { fields.at(6) = deanery_of_length(30); });
  auto file = put_in_work("DE_EMD_RMF_20261123_00000017.DAT", text);
  auto run = run_esrd({"replay", file.string()});
  EXPECT_EQ(run.exit_code, 0) << run.describe();
  EXPECT_EQ(count(status_json(), "positions", "total"), 11);
}

}  // namespace
}  // namespace esr::e2e
