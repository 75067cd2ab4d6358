// How a trace reads: format_trace_text and format_trace_json of a report built by hand, so that
// every part of the layout (header, facts, checks, story, now, verdict; the JSON keys) is pinned.
#include <gtest/gtest.h>

#include <string>

#include "esr/report/trace.hpp"

namespace esr::report {
namespace {

TraceReport placement_report() {
  TraceReport report;
  report.query.by = TraceBy::placement;
  report.query.value = "5016";
  report.query.date = spec::BusinessDate{2026, 11, 23};
  report.query.window_min_days = 2;
  report.query.window_max_days = 91;
  report.found = true;
  report.window = "2026-11-25 <= start < 2027-02-22";

  TraceSubject subject;
  subject.kind = "placement";
  subject.id = "5016";
  subject.facts = {{"npn", "EMD/RTGFG/110/STR/010"}, {"person_id", "900114"}};
  subject.checked = true;
  subject.checks = {"gmc_number: is not a valid GMC number (value withheld)"};
  subject.events = {{"2026-11-23", "2026-11-23T13:30:05Z", "position",
                     "position 8100109 received in DE_EMD_RMF_20261123_00004101.DAT line 17",
                     "DE_EMD_RMF_20261123_00004101.DAT", 17, 0},
                    {"2026-11-24", "2026-11-24T13:30:07Z", "position",
                     "position 8100109 deleted ('D') by DE_EMD_RMC_20261124_00004110.DAT line 3",
                     "DE_EMD_RMC_20261124_00004110.DAT", 3, 0},
                    {"", "", "exclusion", "an undated step", "", 0, 2}};
  TraceOutcome on_position;
  on_position.placement_id = "5016";
  on_position.position_id = 8100109;
  on_position.state = "NO_APPLICANT";
  on_position.status = "not sent";
  on_position.reason = "position 8100109 was deleted";
  on_position.to_go = "To go: ESR would have to send position 8100109 again.";
  TraceOutcome no_position;
  no_position.placement_id = "5016";
  no_position.state = "EXPORTED_AND_PROCESSED";
  no_position.status = "loaded by ESR";
  no_position.reason = "sent";
  no_position.to_go = "Nothing has to change.";
  no_position.done = true;
  subject.outcomes = {on_position, no_position};
  subject.verdict = "placement 5016: the subject's verdict";
  report.subjects.push_back(subject);
  report.verdict = "placement 5016 on position 8100109: the report's verdict";
  return report;
}

TEST(TraceFormat, TextHasTheHeaderFactsChecksStoryNowAndVerdict) {
  EXPECT_EQ(
      format_trace_text(placement_report()),
      "trace placement 5016 as of 2026-11-23 (applicant window 2026-11-25 <= start < 2027-02-22)\n"
      "\n"
      "placement 5016\n"
      "  npn: EMD/RTGFG/110/STR/010\n"
      "  person_id: 900114\n"
      "  checks:\n"
      "    gmc_number: is not a valid GMC number (value withheld)\n"
      "  story:\n"
      "    2026-11-23  position     position 8100109 received in "
      "DE_EMD_RMF_20261123_00004101.DAT line 17\n"
      "    2026-11-24  position     position 8100109 deleted ('D') by "
      "DE_EMD_RMC_20261124_00004110.DAT line 3\n"
      "                exclusion    an undated step\n"
      "  now:\n"
      "    placement 5016 on position 8100109: not sent: position 8100109 was deleted. To go: ESR "
      "would have to send position 8100109 again.\n"
      "    placement 5016 (no ESR position): loaded by ESR: sent. Nothing has to change.\n"
      "\n"
      "verdict: placement 5016 on position 8100109: the report's verdict\n");
}

TEST(TraceFormat, TextSaysWhenEveryCheckPassesAndSaysNothingWhenNoneRan) {
  auto report = placement_report();
  report.subjects[0].checks.clear();
  EXPECT_NE(format_trace_text(report).find("  person_id: 900114\n"
                                           "  checks: identifiers and codes pass\n"
                                           "  story:\n"),
            std::string::npos);
  report.subjects[0].checked = false;
  EXPECT_EQ(format_trace_text(report).find("checks"), std::string::npos);
}

TEST(TraceFormat, AFileSubjectListsNoOutcomesInTheText) {
  TraceReport report;
  report.query.by = TraceBy::file;
  report.query.value = "DE_EMD_APP_20261123_00000003.DAT";
  report.query.date = spec::BusinessDate{2026, 11, 23};
  report.found = true;
  report.window = "w";
  TraceSubject file;
  file.kind = "file";
  file.id = "DE_EMD_APP_20261123_00000003.DAT";
  file.facts = {{"type", "APP"}};
  TraceOutcome outcome;
  outcome.placement_id = "5002";
  outcome.status = "loaded by ESR";
  file.outcomes = {outcome};
  report.subjects = {file};
  report.verdict = "6 applicant(s).";
  EXPECT_EQ(format_trace_text(report),
            "trace file DE_EMD_APP_20261123_00000003.DAT as of 2026-11-23 (applicant window w)\n"
            "\n"
            "file DE_EMD_APP_20261123_00000003.DAT\n"
            "  type: APP\n"
            "\n"
            "verdict: 6 applicant(s).\n");
}

TEST(TraceFormat, NothingFoundIsTheHeaderAndTheVerdict) {
  TraceReport report;
  report.query.by = TraceBy::npn;
  report.query.value = "EMD/X/1";
  report.query.date = spec::BusinessDate{2026, 11, 24};
  report.window = "2026-11-26 <= start < 2027-02-23";
  report.verdict = "esrd holds nothing about post EMD/X/1";
  EXPECT_EQ(format_trace_text(report),
            "trace npn EMD/X/1 as of 2026-11-24 (applicant window 2026-11-26 <= start < "
            "2027-02-23)\n\nverdict: esrd holds nothing about post EMD/X/1\n");
  EXPECT_EQ(format_trace_json(report),
            "{\"found\":false,\"query\":{\"by\":\"npn\",\"date\":\"2026-11-24\",\"value\":\"EMD/X/"
            "1\",\"window_max_days\":91,\"window_min_days\":2},\"subjects\":[],\"verdict\":\"esrd "
            "holds nothing about post EMD/X/1\",\"window\":\"2026-11-26 <= start < 2027-02-23\"}");
}

TEST(TraceFormat, JsonCarriesEveryPartForScripts) {
  EXPECT_EQ(
      format_trace_json(placement_report()),
      "{\"found\":true,"
      "\"query\":{\"by\":\"placement\",\"date\":\"2026-11-23\",\"value\":\"5016\","
      "\"window_max_days\":91,\"window_min_days\":2},"
      "\"subjects\":[{"
      "\"checks\":[\"gmc_number: is not a valid GMC number (value withheld)\"],"
      "\"events\":["
      "{\"at\":\"2026-11-23T13:30:05Z\",\"date\":\"2026-11-23\","
      "\"file\":\"DE_EMD_RMF_20261123_00004101.DAT\",\"kind\":\"position\",\"ordinal\":17,"
      "\"text\":\"position 8100109 received in DE_EMD_RMF_20261123_00004101.DAT line 17\"},"
      "{\"at\":\"2026-11-24T13:30:07Z\",\"date\":\"2026-11-24\","
      "\"file\":\"DE_EMD_RMC_20261124_00004110.DAT\",\"kind\":\"position\",\"ordinal\":3,"
      "\"text\":\"position 8100109 deleted ('D') by DE_EMD_RMC_20261124_00004110.DAT line 3\"},"
      "{\"at\":\"\",\"date\":\"\",\"kind\":\"exclusion\",\"text\":\"an undated step\"}],"
      "\"facts\":{\"npn\":\"EMD/RTGFG/110/STR/010\",\"person_id\":\"900114\"},"
      "\"id\":\"5016\",\"kind\":\"placement\","
      "\"outcomes\":["
      "{\"done\":false,\"placement_id\":\"5016\",\"position_id\":8100109,"
      "\"reason\":\"position 8100109 was deleted\",\"state\":\"NO_APPLICANT\","
      "\"status\":\"not sent\","
      "\"to_go\":\"To go: ESR would have to send position 8100109 again.\"},"
      "{\"done\":true,\"placement_id\":\"5016\",\"position_id\":null,\"reason\":\"sent\","
      "\"state\":\"EXPORTED_AND_PROCESSED\",\"status\":\"loaded by ESR\","
      "\"to_go\":\"Nothing has to change.\"}],"
      "\"verdict\":\"placement 5016: the subject's verdict\"}],"
      "\"verdict\":\"placement 5016 on position 8100109: the report's verdict\","
      "\"window\":\"2026-11-25 <= start < 2027-02-22\"}");
}

TEST(TraceFormat, JsonLeavesChecksOutWhenNoneRanAndKeepsThemEmptyWhenAllPass) {
  auto report = placement_report();
  report.subjects[0].checks.clear();
  EXPECT_NE(format_trace_json(report).find("\"checks\":[]"), std::string::npos);
  report.subjects[0].checked = false;
  EXPECT_EQ(format_trace_json(report).find("\"checks\""), std::string::npos);
}

TEST(TraceFormat, JsonReplacesBytesThatAreNotUtf8) {
  auto report = placement_report();
  report.verdict = std::string("ESR said \xff");
  auto json = format_trace_json(report);
  EXPECT_NE(json.find("\"verdict\":\"ESR said \xEF\xBF\xBD\""), std::string::npos) << json;
}

TEST(TraceFormat, EachWayInHasItsName) {
  EXPECT_STREQ(to_string(TraceBy::placement), "placement");
  EXPECT_STREQ(to_string(TraceBy::npn), "npn");
  EXPECT_STREQ(to_string(TraceBy::position), "position");
  EXPECT_STREQ(to_string(TraceBy::person), "person");
  EXPECT_STREQ(to_string(TraceBy::file), "file");
}

}  // namespace
}  // namespace esr::report
