// DCC lines are matched across every DNC/DNF of the office still awaiting confirmation, by
// ordinal and whole echoed record: with the day-1 DNF and the day-2 DNC both sent and unanswered,
// a DCC line confirms the notification it echoes, a truncated echo confirms nothing, and what
// matched nothing shows in the log and in `esrd status`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "e2e_support.hpp"
#include "esr/db/database.hpp"

namespace esr::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const fs::path samples = fs::path(ESRD_SOURCE_DIR) / "samples";
const std::string late_dcc = "DE_EMD_DCC_20261125_00004120.DAT";

class DccMatching : public TempDataDir {
 protected:
  // Day 1 as in the samples (collect, export, DNF for EMD); day 2 without its DCC (collect,
  // export), so that the DNF's 8 and the DNC's 6 notifications all await confirmation.
  void SetUp() override {
    TempDataDir::SetUp();
    run_sample_days(
        [](const std::string& name) { return name.find("_DCC_") == std::string::npos; });
    ASSERT_FALSE(HasFailure());
    dnf_name_ = outbox_file("DE_EMD_DNF_20261123_");
    dnc_name_ = outbox_file("DE_EMD_DNC_20261124_");
    dnf_lines_ = split_lines(read_file(outbox() / dnf_name_));
    dnc_lines_ = split_lines(read_file(outbox() / dnc_name_));
  }

  // The state of the notification at `ordinal` of the sent file `file`.
  [[nodiscard]] std::string state_of(const std::string& file, int ordinal) const {
    auto db = db::Database::open(database());
    auto select = db.prepare(
        "SELECT n.state FROM notifications n JOIN files f ON f.id = n.export_file_id"
        " WHERE f.name = ?1 AND n.export_ordinal = ?2");
    select.bind(1, file).bind(2, ordinal);
    if (!select.step()) return "absent";
    return select.column_text(0);
  }

  std::string dnf_name_, dnc_name_;
  std::vector<std::string> dnf_lines_, dnc_lines_;
};

TEST_F(DccMatching, BothFilesAwaitConfirmation) {
  ASSERT_EQ(dnf_lines_.size(), 8U);
  ASSERT_EQ(dnc_lines_.size(), 6U);
  auto status = status_json();
  EXPECT_EQ(count(status, "notifications", "exported"), 14) << status.dump();
  EXPECT_EQ(count(status, "confirmations", "unmatched"), 0) << status.dump();
}

// The latest DNC/DNF is the DNC, which has a notification 2 too: the line still confirms the
// DNF's, whose record it echoes.
TEST_F(DccMatching, ADccLineConfirmsTheDnfNotificationItEchoesWhileADncAwaitsToo) {
  ASSERT_GE(dnc_lines_.size(), 2U);
  put_in_inbox(late_dcc, join_crlf({"2~SUCCESS~~" + dnf_lines_.at(1)}));
  auto collect = run_esrd({"run-job", "collect", "--date", "2026-11-25"});
  EXPECT_EQ(collect.exit_code, 0) << collect.describe();
  EXPECT_EQ(state_of(dnf_name_, 2), "confirmed");
  EXPECT_EQ(state_of(dnc_name_, 2), "exported");
  auto status = status_json();
  EXPECT_EQ(count(status, "notifications", "confirmed"), 1) << status.dump();
  EXPECT_EQ(count(status, "notifications", "exported"), 13) << status.dump();
  EXPECT_EQ(count(status, "confirmations", "unmatched"), 0) << status.dump();
}

// The sample DCC answering the DNF, arriving only after the day-2 DNC went out.
TEST_F(DccMatching, TheSampleDccArrivingAfterTheDncStillConfirmsEveryDnfLine) {
  auto dcc = read_file(samples / "day2" / "inbox" / "DE_EMD_DCC_20261124_00004112.DAT");
  put_in_inbox(late_dcc, dcc);
  auto collect = run_esrd({"run-job", "collect", "--date", "2026-11-25"});
  EXPECT_EQ(collect.exit_code, 0) << collect.describe();
  auto status = status_json();
  EXPECT_EQ(count(status, "notifications", "confirmed"), 7) << status.dump();
  EXPECT_EQ(count(status, "notifications", "failed"), 1) << status.dump();
  EXPECT_EQ(count(status, "notifications", "exported"), 6) << status.dump();
  for (int ordinal = 1; ordinal <= 6; ++ordinal)
    EXPECT_EQ(state_of(dnc_name_, ordinal), "exported") << "DNC line " << ordinal;
}

// An echo cut short is a prefix of the DNC's first line: it confirms nothing, is reported with
// its file and line (never its content), and `status` lists it; the file's other line applies.
TEST_F(DccMatching, ATruncatedEchoIsReportedChangesNothingAndShowsInStatus) {
  ASSERT_GE(dnc_lines_.size(), 3U);
  const auto& first = dnc_lines_.at(0);
  // Cut after the current trainee's surname (a personal value): whole fields, so the line is
  // well formed and only the matching can refuse it.
  const std::string surname = ",\"Farrow-Blake\"";
  ASSERT_THAT(first, HasSubstr(surname));
  auto truncated = first.substr(0, first.find(surname) + surname.size());
  put_in_inbox(late_dcc, join_crlf({"1~SUCCESS~~" + truncated, "3~SUCCESS~~" + dnc_lines_.at(2)}));
  auto collect = run_esrd({"run-job", "collect", "--date", "2026-11-25"});
  EXPECT_EQ(collect.exit_code, 1) << collect.describe();
  // Both the DNF and the DNC have a notification 1 awaiting confirmation; neither is the echo.
  const std::string reported = late_dcc +
                               ":1:record: ordinal 1 matches no notification awaiting "
                               "confirmation; the notifications at ordinal 1 of " +
                               dnf_name_ + ", " + dnc_name_ +
                               " await confirmation but their records differ from the echo";
  EXPECT_THAT(collect.err, HasSubstr(reported)) << collect.describe();
  EXPECT_THAT(collect.err, Not(HasSubstr("Farrow"))) << collect.describe();
  EXPECT_EQ(state_of(dnc_name_, 1), "exported");
  EXPECT_EQ(state_of(dnf_name_, 1), "exported");
  EXPECT_EQ(state_of(dnc_name_, 3), "confirmed");

  auto json = status_json();
  EXPECT_EQ(count(json, "confirmations", "unmatched"), 1) << json.dump();
  EXPECT_EQ(count(json, "notifications", "confirmed"), 1) << json.dump();
  auto text = run_esrd({"status"});
  ASSERT_EQ(text.exit_code, 0) << text.describe();
  EXPECT_THAT(text.out, HasSubstr("confirmations: 1 unmatched line(s):\n  " + reported + "\n"))
      << text.describe();
  EXPECT_THAT(text.out, Not(HasSubstr("Farrow"))) << text.describe();
}

}  // namespace
}  // namespace esr::e2e
