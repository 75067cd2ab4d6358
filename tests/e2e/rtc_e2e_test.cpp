// RTC end to end: one confirmation file per RMF/RMC received, numbered from the shared counter,
// published whole and private, archived, never written twice.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "e2e_support.hpp"

namespace esr::e2e {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* emd_rtc_1 = "DE_EMD_RTC_20261123_00000001.DAT";
constexpr const char* kss_rtc_2 = "DE_KSS_RTC_20261123_00000002.DAT";
constexpr const char* emd_rtc_3 = "DE_EMD_RTC_20261124_00000003.DAT";

using Rtc = TempDataDir;

TEST_F(Rtc, ExportWritesOneRtcPerRmfWithASharedSequenceOnceOnlyAndPrivately) {
  copy_sample_to_inbox(std::string("day1/inbox/") + emd_rmf);
  copy_sample_to_inbox(std::string("day1/inbox/") + kss_rmf);
  auto collect = run_esrd({"run-job", "collect"});
  ASSERT_EQ(collect.exit_code, 0) << collect.describe();

  auto exported = run_esrd({"export", "--date", "2026-11-23", "--type", "RTC"});
  ASSERT_EQ(exported.exit_code, 0) << exported.describe();
  // Exactly the two files: no temporary (.part or other dot-file) left behind.
  EXPECT_THAT(outbox_files(), ElementsAre(emd_rtc_1, kss_rtc_2));
  EXPECT_EQ(read_file(outbox() / emd_rtc_1),
            read_file(sample(std::string("outbound/") + emd_rtc_1)))
      << "the EMD RTC must be byte-identical to the sample";
  EXPECT_EQ(read_file(outbox() / kss_rtc_2),
            all_success_rtc(read_file(sample(std::string("day1/inbox/") + kss_rmf))));
  EXPECT_EQ(read_file(outbox() / kss_rtc_2),
            read_file(sample(std::string("outbound/") + kss_rtc_2)))
      << "the KSS RTC must be byte-identical to the sample";
  auto day = archive_day(2026, 11, 23);
  for (const char* name : {emd_rtc_1, kss_rtc_2}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(file_mode(outbox() / name), 0600U);
    ASSERT_TRUE(std::filesystem::exists(day / name)) << "a copy of every sent file is archived";
    EXPECT_EQ(read_file(day / name), read_file(outbox() / name));
    EXPECT_EQ(file_mode(day / name), 0600U);
  }
  auto status = status_json();
  EXPECT_EQ(count(status, "files", "sent"), 2) << status.dump();

  // No RTC twice: a second export writes nothing new.
  auto again = run_esrd({"export", "--date", "2026-11-23", "--type", "RTC"});
  ASSERT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_THAT(outbox_files(), ElementsAre(emd_rtc_1, kss_rtc_2));
  EXPECT_EQ(count(status_json(), "files", "sent"), 2);

  // The counter keeps going across runs: the RMC of day 2 gets 00000003.
  copy_sample_to_inbox(std::string("day2/inbox/") + emd_rmc);
  collect = run_esrd({"run-job", "collect"});
  ASSERT_EQ(collect.exit_code, 0) << collect.describe();
  auto day2 = run_esrd({"export", "--date", "2026-11-24", "--type", "RTC"});
  ASSERT_EQ(day2.exit_code, 0) << day2.describe();
  EXPECT_THAT(outbox_files(), ElementsAre(emd_rtc_1, emd_rtc_3, kss_rtc_2));
  // Same content as the sample day-2 RTC (numbered later there: an APP and a DNF come between).
  EXPECT_EQ(read_file(outbox() / emd_rtc_3),
            read_file(find_sample("outbound", "DE_EMD_RTC_20261124_")));
  EXPECT_EQ(file_mode(outbox() / emd_rtc_3), 0600U);
  EXPECT_TRUE(std::filesystem::exists(archive_day(2026, 11, 24) / emd_rtc_3));
  EXPECT_EQ(count(status_json(), "files", "sent"), 3);
}

TEST_F(Rtc, ARejectedRmfGetsAnRtcWithTheReasonOnItsBadLineAndNotAppliedOnTheRest) {
  auto good = read_file(sample(std::string("day1/inbox/") + emd_rmf));
  auto bad = edit_line(good, 3, [](std::vector<std::string>& fields) { fields.at(6) = ""; });
  put_in_inbox("DE_EMD_RMF_20261123_00004101.DAT", bad);
  auto collect = run_esrd({"run-job", "collect"});
  ASSERT_EQ(collect.exit_code, 1) << collect.describe();

  auto exported = run_esrd({"export", "--date", "2026-11-23", "--type", "RTC"});
  ASSERT_EQ(exported.exit_code, 0) << exported.describe();
  ASSERT_THAT(outbox_files(), ElementsAre(emd_rtc_1));
  auto rtc = read_file(outbox() / emd_rtc_1);
  auto lines = split_lines(rtc);
  auto records = split_lines(bad);
  ASSERT_EQ(lines.size(), records.size()) << rtc;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    SCOPED_TRACE("RTC line " + std::to_string(i + 1));
    auto prefix = std::to_string(i + 1) + "~FAIL~";
    EXPECT_TRUE(lines[i].starts_with(prefix)) << lines[i];
    EXPECT_TRUE(lines[i].ends_with("~" + records[i])) << "the record is echoed byte for byte";
    if (i + 1 == 3) {
      EXPECT_THAT(lines[i], HasSubstr("T_POR07 Deanery Number"));
      EXPECT_THAT(lines[i], HasSubstr("mandatory"));
    } else {
      EXPECT_THAT(lines[i], HasSubstr("~Not applied"));
    }
  }
  EXPECT_TRUE(rtc.ends_with("\r\n"));
  EXPECT_EQ(file_mode(outbox() / emd_rtc_1), 0600U);
}

TEST_F(Rtc, ExportForOneOfficeWritesOnlyThatOfficesRtc) {
  copy_sample_to_inbox(std::string("day1/inbox/") + emd_rmf);
  copy_sample_to_inbox(std::string("day1/inbox/") + kss_rmf);
  auto collect = run_esrd({"run-job", "collect"});
  ASSERT_EQ(collect.exit_code, 0) << collect.describe();
  auto kss = run_esrd({"export", "--date", "2026-11-23", "--type", "RTC", "--lo", "KSS"});
  ASSERT_EQ(kss.exit_code, 0) << kss.describe();
  EXPECT_THAT(outbox_files(), ElementsAre("DE_KSS_RTC_20261123_00000001.DAT"));
  auto rest = run_esrd({"export", "--date", "2026-11-23", "--type", "RTC"});
  ASSERT_EQ(rest.exit_code, 0) << rest.describe();
  EXPECT_THAT(outbox_files(),
              ElementsAre("DE_EMD_RTC_20261123_00000002.DAT", "DE_KSS_RTC_20261123_00000001.DAT"));
  EXPECT_EQ(read_file(outbox() / "DE_EMD_RTC_20261123_00000002.DAT"),
            read_file(sample(std::string("outbound/") + emd_rtc_1)));
}

TEST_F(Rtc, AnRmfRefusedForNewContentUnderAnAppliedNameStillGetsAnAllFailRtc) {
  auto rmf = sample(std::string("day1/inbox/") + emd_rmf);
  auto first = run_esrd({"replay", rmf.string()});
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  auto exported = run_esrd({"export", "--date", "2026-11-23", "--type", "RTC"});
  ASSERT_EQ(exported.exit_code, 0) << exported.describe();
  ASSERT_THAT(outbox_files(), ElementsAre(emd_rtc_1));

  auto changed_text = edit_line(read_file(rmf), 1, [](std::vector<std::string>& fields) {
    fields.at(5) = "\"Specialty Registrar Something Else\"";
  });
  auto refused = run_esrd({"replay", put_in_work(emd_rmf, changed_text).string()});
  ASSERT_EQ(refused.exit_code, 1) << refused.describe();
  auto again = run_esrd({"export", "--date", "2026-11-24", "--type", "RTC"});
  ASSERT_EQ(again.exit_code, 0) << again.describe();
  ASSERT_THAT(outbox_files(), ElementsAre(emd_rtc_1, "DE_EMD_RTC_20261124_00000002.DAT"));
  auto lines = split_lines(read_file(outbox() / "DE_EMD_RTC_20261124_00000002.DAT"));
  auto records = split_lines(changed_text);
  ASSERT_EQ(lines.size(), records.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_THAT(lines[i], StartsWith(std::to_string(i + 1) + "~FAIL~")) << lines[i];
    EXPECT_TRUE(lines[i].ends_with("~" + records[i])) << lines[i];
  }
  EXPECT_THAT(lines.front(), HasSubstr("different file"));
}

TEST_F(Rtc, BlankLinesAreSkippedProblemsNameTheLineAndRtcLinesTheRecordOrdinal) {
  // LF endings, a blank line between the two positions, no final newline.
  auto records = split_lines(read_file(sample(std::string("day1/inbox/") + kss_rmf)));
  ASSERT_EQ(records.size(), 4U);
  auto lf_text = [](const std::vector<std::string>& lines) {
    return lines[0] + "\n" + lines[1] + "\n\n" + lines[2] + "\n" + lines[3];
  };
  auto good = put_in_work("DE_KSS_RMF_20261123_00000031.DAT", lf_text(records));
  auto applied = run_esrd({"replay", good.string()});
  ASSERT_EQ(applied.exit_code, 0) << applied.describe();
  EXPECT_THAT(applied.out, HasSubstr("(4 records")) << applied.describe();
  EXPECT_EQ(count(status_json(), "positions", "total"), 2);

  auto broken = records;
  auto fields = split_fields(broken[2]);
  fields.at(6) = "";
  broken[2] = join_fields(fields);
  auto bad = put_in_work("DE_KSS_RMF_20261123_00000032.DAT", lf_text(broken));
  auto rejected = run_esrd({"replay", bad.string()});
  EXPECT_EQ(rejected.exit_code, 1) << rejected.describe();
  // The physical line is 4 (after the blank line); the record is the third.
  EXPECT_THAT(rejected.out, HasSubstr("DE_KSS_RMF_20261123_00000032.DAT:4:T_POR07 Deanery Number:"))
      << rejected.describe();

  auto exported = run_esrd({"export", "--date", "2026-11-23", "--type", "RTC"});
  ASSERT_EQ(exported.exit_code, 0) << exported.describe();
  ASSERT_THAT(outbox_files(),
              ElementsAre("DE_KSS_RTC_20261123_00000001.DAT", "DE_KSS_RTC_20261123_00000002.DAT"));
  EXPECT_EQ(read_file(outbox() / "DE_KSS_RTC_20261123_00000001.DAT"),
            all_success_rtc(join_crlf(records)));
  auto lines = split_lines(read_file(outbox() / "DE_KSS_RTC_20261123_00000002.DAT"));
  ASSERT_EQ(lines.size(), 4U);
  EXPECT_THAT(lines[2], StartsWith("3~FAIL~Error: T_POR07 Deanery Number"));
  EXPECT_TRUE(lines[2].ends_with("~" + broken[2])) << lines[2];
  for (std::size_t i : {0U, 1U, 3U}) {
    EXPECT_THAT(lines[i], StartsWith(std::to_string(i + 1) + "~FAIL~Not applied"));
    EXPECT_TRUE(lines[i].ends_with("~" + broken[i])) << lines[i];
  }
}

using StatePrivacy = TempDataDir;

TEST_F(StatePrivacy, TheDatabaseFileIsOwnerOnly) {
  copy_sample_to_inbox(std::string("day1/inbox/") + emd_rmf);
  auto collect = run_esrd({"run-job", "collect"});
  ASSERT_EQ(collect.exit_code, 0) << collect.describe();
  ASSERT_TRUE(std::filesystem::exists(database()));
  EXPECT_EQ(file_mode(database()), 0600U);
  for (const char* suffix : {"-wal", "-shm"}) {
    auto side = database().string() + suffix;
    if (std::filesystem::exists(side)) {
      EXPECT_EQ(file_mode(side), 0600U) << side;
    }
  }
  EXPECT_EQ(file_mode(database().parent_path()), 0700U);
}

}  // namespace
}  // namespace esr::e2e
