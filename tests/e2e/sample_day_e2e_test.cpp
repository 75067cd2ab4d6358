// The bundled samples, run as two real days, reproduce every outbound sample byte for byte:
// applicant rules (window edges, DRAFT, ineligible type, unmatched post, host and lead, GMC
// UNKNOWN left out, invalid NI left out, legal names), the DNF snapshot, the day-2 DNC (types 1,
// 2, 4, 5), and the APC and DCC confirmations, success and failure.
#include <gtest/gtest.h>

#include "e2e_support.hpp"

namespace esr::e2e {
namespace {

const fs::path samples = fs::path(ESRD_SOURCE_DIR) / "samples";

class SampleDay : public TempDataDir {
 protected:
  void run_both_days() const { run_sample_days(); }
};

TEST_F(SampleDay, TwoDaysReproduceEveryOutboundSampleByteForByte) {
  run_both_days();
  auto expected = list_names(samples / "outbound");
  EXPECT_EQ(outbox_files(), expected);
  for (const auto& name : expected) {
    EXPECT_EQ(read_file(outbox() / name), read_file(samples / "outbound" / name)) << name;
  }
}

TEST_F(SampleDay, ConfirmationsSetEveryStateAndExportingAgainSendsNothing) {
  run_both_days();
  auto status = status_json();
  EXPECT_EQ(count(status, "applicants", "EXPORTED_AND_PROCESSED"), 5);
  EXPECT_EQ(count(status, "applicants", "EXPORTED_PROCESSED_WITH_ERRORS"), 1);
  EXPECT_EQ(count(status, "notifications", "confirmed"), 7);
  EXPECT_EQ(count(status, "notifications", "failed"), 1);
  EXPECT_EQ(count(status, "notifications", "exported"), 6);
  auto before = outbox_files();
  expect_ok({"run-job", "export", "--date", "2026-11-24"});
  EXPECT_EQ(outbox_files(), before);
}

TEST_F(SampleDay, ADccLineThatMatchesNothingIsReportedAndTheRestApplied) {
  run_both_days();
  auto dcc = read_file(samples / "day2" / "inbox" / "DE_EMD_DCC_20261124_00004112.DAT");
  auto lines = split_lines(dcc);
  ASSERT_FALSE(lines.empty());
  auto record = lines.front().substr(lines.front().find("~~") + 2);
  put_in_inbox("DE_EMD_DCC_20261125_00004120.DAT", join_crlf({"99~SUCCESS~~" + record}));
  auto result = run_esrd({"run-job", "collect", "--date", "2026-11-25"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.err.find(":1:position: ordinal 99 matches no notification awaiting "
                            "confirmation; 1 DNC/DNF file(s) of this office await confirmation, "
                            "none at that ordinal"),
            std::string::npos)
      << result.err;
}

}  // namespace
}  // namespace esr::e2e
