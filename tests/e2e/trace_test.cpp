// esrd trace end to end: the samples' two days, then the story of a placement in each situation of
// samples/README.md's scenario table, with its final line; --json for scripts; no personal data.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "e2e_support.hpp"

namespace esr::e2e {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// ---- local helpers ------------------------------------------------------------------------------

/// The rows of an RFC 4180 CSV (quoted fields may hold commas and doubled quotes), header first.
std::vector<std::vector<std::string>> read_csv(const fs::path& file) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  auto text = read_file(file);
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      field += c;
    }
  }
  if (!field.empty() || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

/// Every personal value of the samples' placements that must never show in a trace: surnames
/// (usual, legal, previous), forenames, dates of birth, NI numbers and e-mail addresses.
std::set<std::string> personal_values() {
  std::set<std::string> values;
  for (const char* csv : {"day1/tis/placements_20261123.csv", "day2/tis/placements_20261124.csv"}) {
    auto rows = read_csv(sample(csv));
    const auto& header = rows.at(0);
    for (std::size_t r = 1; r < rows.size(); ++r) {
      for (std::size_t c = 0; c < header.size() && c < rows[r].size(); ++c) {
        static const std::set<std::string> personal = {
            "surname",      "legal_surname", "previous_surname", "forenames", "legal_forenames",
            "middle_names", "date_of_birth", "ni_number",        "email"};
        if (personal.count(header[c]) && !rows[r][c].empty()) values.insert(rows[r][c]);
      }
    }
  }
  return values;
}

/// The text after "verdict: " on the last line that starts with it.
std::string verdict_of(const std::string& out) {
  std::string found;
  for (const auto& line : split_lines(out)) {
    if (line.starts_with("verdict: ")) found = line.substr(9);
  }
  return found;
}

class TraceFixture : public TempDataDir {
 protected:
  fs::path tis() const { return data() / "tis"; }

  void copy_to_tis(const std::string& relative) const {
    fs::create_directories(tis());
    fs::copy_file(sample(relative), tis() / sample(relative).filename(),
                  fs::copy_options::overwrite_existing);
  }

  void run_ok(const std::vector<std::string>& args) const {
    auto run = run_esrd(args);
    ASSERT_EQ(run.exit_code, 0) << run.describe();
  }

  /// Day 1 (RMFs, TIS baseline, export, DNF for EMD) then day 2's inbox (RMC, APC, DCC).
  void two_sample_days() const {
    copy_sample_to_inbox(std::string("day1/inbox/") + emd_rmf);
    copy_sample_to_inbox(std::string("day1/inbox/") + kss_rmf);
    copy_to_tis("day1/tis/posts_20261123.csv");
    copy_to_tis("day1/tis/placements_20261123.csv");
    run_ok({"run-job", "collect", "--date", "2026-11-23"});
    run_ok({"run-job", "export", "--date", "2026-11-23"});
    run_ok({"export", "--type", "DNF", "--lo", "EMD", "--date", "2026-11-23"});
    for (const char* name : {"DE_EMD_RMC_20261124_00004110.DAT", "DE_EMD_APC_20261124_00004111.DAT",
                             "DE_EMD_DCC_20261124_00004112.DAT"}) {
      copy_sample_to_inbox(std::string("day2/inbox/") + name);
    }
    // A DCC line that matches nothing makes collect exit 1; the files are applied all the same.
    auto day2 = run_esrd({"run-job", "collect", "--date", "2026-11-24"});
    ASSERT_TRUE(day2.exit_code == 0 || day2.exit_code == 1) << day2.describe();
    ASSERT_TRUE(inbox_files().empty()) << day2.describe();
  }

  RunResult trace(std::vector<std::string> args, const char* date = "2026-11-23") const {
    args.insert(args.begin(), "trace");
    args.insert(args.end(), {"--date", date});
    return run_esrd(args);
  }

  /// `trace --placement ID`: exit 0 and the final line.
  std::string placement_verdict(const std::string& id) const {
    auto run = trace({"--placement", id});
    EXPECT_EQ(run.exit_code, 0) << run.describe();
    auto verdict = verdict_of(run.out);
    EXPECT_FALSE(verdict.empty()) << run.describe();
    return verdict;
  }
};

// Lower case, so that `ctest -R trace` finds these tests (e2e.esrd_trace.*).
using esrd_trace = TraceFixture;

// ---- the scenario table
// --------------------------------------------------------------------------

TEST_F(esrd_trace, SentAndLoadedByEsr5002) {
  two_sample_days();
  auto run = trace({"--placement", "5002"});
  ASSERT_EQ(run.exit_code, 0) << run.describe();
  EXPECT_EQ(verdict_of(run.out),
            "placement 5002 on position 8100101: loaded by ESR: sent in "
            "DE_EMD_APP_20261123_00000003.DAT line 1; ESR answered SUCCESS INFO, applicant number "
            "APP0012341. Nothing has to change: it has gone and ESR loaded it.")
      << run.out;
  // The story, in time order: the position, TIS, the applicant, the APP, then ESR's answer.
  auto story = run.out;
  auto at = [&](const char* text) {
    auto found = story.find(text);
    EXPECT_NE(found, std::string::npos) << text << "\n" << story;
    return found;
  };
  auto position =
      at("position 8100101 (Host Employer, number 41000101) received in "
         "DE_EMD_RMF_20261123_00004101.DAT line 1");
  auto seen = at("placement 5002 first seen in placements_20261123.csv (the baseline of EMD");
  auto created = at("applicant on position 8100101 created by the export of 2026-11-23");
  auto sent = at("applicant on position 8100101 sent in DE_EMD_APP_20261123_00000003.DAT line 1");
  auto loaded =
      at("ESR loaded the applicant on position 8100101: SUCCESS INFO \"Applicant created\", "
         "applicant number APP0012341 (in DE_EMD_APC_20261124_00004111.DAT");
  EXPECT_LT(position, seen);
  EXPECT_LT(seen, created);
  EXPECT_LT(created, sent);
  EXPECT_LT(sent, loaded);
  // Its notification in the DNF, and ESR's DCC answer for it.
  EXPECT_THAT(story, HasSubstr("DNF type 1 (Medical Rotation Notification) for position 8100101 "
                               "sent in DE_EMD_DNF_20261123_00000004.DAT line 1"));
  EXPECT_THAT(story, HasSubstr("ESR confirmed the DNF type 1 (Medical Rotation Notification) for "
                               "position 8100101: SUCCESS (in DE_EMD_DCC_20261124_00004112.DAT"));
  EXPECT_THAT(story, HasSubstr("person_id: 900102"));
}

TEST_F(esrd_trace, EachScenarioEndsWithWhatWouldHaveToChange) {
  two_sample_days();
  // 5008: APC line 5 FAIL with ESR's message.
  EXPECT_THAT(placement_verdict("5008"),
              AllOf(StartsWith("placement 5008 on position 8100106: refused by ESR: sent in "
                               "DE_EMD_APP_20261123_00000003.DAT line 5; ESR answered FAIL ERROR: "
                               "\"Prof_01_reg_num is mandatory"),
                    HasSubstr("To go: what ESR's message names would have to be put right in TIS, "
                              "and the applicant sent to ESR again")));
  // ... and its notification, which ESR's DCC refused (line 5 of the DNF).
  auto story = trace({"--placement", "5008"});
  EXPECT_THAT(story.out, HasSubstr("ESR refused the DNF type 1 (Medical Rotation Notification) for "
                                   "position 8100106: FAIL \"Error:"))
      << story.out;
  // 5014: outside the window; no one has to do anything, it enters on 2027-03-03 - 90 days.
  EXPECT_EQ(placement_verdict("5014"),
            "placement 5014 on position 8100108: not sent: it starts 2027-03-03, on or after the "
            "applicant window's end 2027-02-22 (D + 91 days). Nothing has to change: it enters the "
            "window on 2026-12-03 and goes in that day's export.");
  // 5013: OOPT is not an eligible type.
  EXPECT_EQ(placement_verdict("5013"),
            "placement 5013 on position 8100108: not sent: placement type 'OOPT' is not eligible. "
            "To go: its placement type would have to be one of In post, In Post - Acting Up, In "
            "post - Extension, Parental Leave, Long-term sick, Suspended, Phased Return.");
  // 5011: DRAFT.
  EXPECT_EQ(placement_verdict("5011"),
            "placement 5011 on position 8100107: not sent: lifecycle DRAFT (only APPROVED "
            "placements are sent). To go: the placement would have to be APPROVED in TIS.");
  // 5017: its post has no ESR position.
  EXPECT_EQ(placement_verdict("5017"),
            "placement 5017 (no ESR position): not sent: no ESR position has this deanery number "
            "(post not reconciled). To go: ESR would have to send a position with deanery number "
            "EMD/RX1RA/002/FY1/014 (RMF or RMC).");
  // 5016: the day-2 RMC deleted 8100109; and on day 1 it starts on the window's end.
  EXPECT_EQ(placement_verdict("5016"),
            "placement 5016 on position 8100109: not sent: it starts 2027-02-22, on or after the "
            "applicant window's end 2027-02-22 (D + 91 days); position 8100109 was deleted ('D' in "
            "DE_EMD_RMC_20261124_00004110.DAT line 3). To go: ESR would have to send position "
            "8100109 again, or another position for EMD/RTGFG/110/STR/010; then it enters the "
            "window on 2026-11-24 and goes in that day's export.");
  // As of day 2 the window holds it: only the deleted position stands in the way.
  auto day2 = trace({"--placement", "5016"}, "2026-11-24");
  EXPECT_EQ(verdict_of(day2.out),
            "placement 5016 on position 8100109: not sent: position 8100109 was deleted ('D' in "
            "DE_EMD_RMC_20261124_00004110.DAT line 3). To go: ESR would have to send position "
            "8100109 again, or another position for EMD/RTGFG/110/STR/010.")
      << day2.describe();
  // 5004: host and lead: one applicant on each position.
  auto both = placement_verdict("5004");
  EXPECT_THAT(
      both,
      HasSubstr(
          "on position 8100102: loaded by ESR: sent in DE_EMD_APP_20261123_00000003.DAT line 2"));
  EXPECT_THAT(
      both,
      HasSubstr(
          "on position 8100103: loaded by ESR: sent in DE_EMD_APP_20261123_00000003.DAT line 3"));
  // 5001: a current incumbent, long started.
  EXPECT_THAT(placement_verdict("5001"), HasSubstr("it is already under way"));
}

TEST_F(esrd_trace, HeldBackByTheFortyLimitAndExcludedOnDayOne) {
  // 41 extra placements on post EMD/RWEAA/300/STR/001 (position 8100101): with 5002, 42 are due
  // and ESR takes at most 40 against one position in one APP file.
  auto rows = split_lines(read_file(sample("day1/tis/placements_20261123.csv")));
  std::string model;
  for (const auto& row : rows) {
    if (row.starts_with("5002,")) model = row;
  }
  ASSERT_FALSE(model.empty());
  std::string csv = join_crlf(rows);
  for (int i = 1; i <= 41; ++i) {
    auto extra = model;
    extra.replace(0, 4, std::to_string(6000 + i));
    csv += extra + "\r\n";
  }
  copy_sample_to_inbox(std::string("day1/inbox/") + emd_rmf);
  copy_to_tis("day1/tis/posts_20261123.csv");
  write_file(tis() / "placements_20261123.csv", csv);
  // Day one for EMD: 5010 was already sent by the previous interface.
  auto list = put_in_work("already_sent.txt", "# sent by Intrepid\n5010\n");
  run_ok({"run-job", "collect", "--date", "2026-11-23"});
  run_ok({"exclude", list.string(), "--lo", "EMD"});
  run_ok({"run-job", "export", "--date", "2026-11-23"});

  // Ordered by position, start, placement id: 5002 and 6001..6039 go; 6040 and 6041 wait.
  EXPECT_THAT(placement_verdict("6039"), HasSubstr("sent, no answer from ESR yet"));
  auto held = trace({"--placement", "6041"});
  ASSERT_EQ(held.exit_code, 0) << held.describe();
  EXPECT_THAT(held.out, HasSubstr("held back: more than 40 applicants against position 8100101"));
  EXPECT_EQ(verdict_of(held.out),
            "placement 6041 on position 8100101: held back: more than 40 applicants "
            "against position 8100101 in one APP file; sent in a later run. Nothing has to change: "
            "it goes in the next export run (ESR takes at most 40 applicants against one position "
            "in one APP file).");

  auto excluded = trace({"--placement", "5010"});
  ASSERT_EQ(excluded.exit_code, 0) << excluded.describe();
  EXPECT_THAT(
      excluded.out,
      HasSubstr("placement 5010 put on the day-one exclusion list from already_sent.txt for EMD"));
  EXPECT_EQ(verdict_of(excluded.out),
            "placement 5010 on position 8100107: not sent: excluded: sent by the previous "
            "interface (day-one exclusion list, loaded from already_sent.txt). To go: it would "
            "have to come off the day-one exclusion list (only if ESR does not already have it "
            "from the previous interface).");

  // The post tells the same, placement by placement, and the APP file lists its 40 lines.
  auto post = trace({"--npn", "EMD/RWEAA/300/STR/001"});
  ASSERT_EQ(post.exit_code, 0) << post.describe();
  EXPECT_THAT(verdict_of(post.out), AllOf(StartsWith("post EMD/RWEAA/300/STR/001: reconciled, live "
                                                     "matched position 8100101. Placements: "),
                                          HasSubstr("6040 held back; 6041 held back")));
  auto app = trace({"--file", "DE_EMD_APP_20261123_00000002.DAT"});
  ASSERT_EQ(app.exit_code, 0) << app.describe();
  EXPECT_THAT(verdict_of(app.out), StartsWith("44 applicant(s): 44 EXPORTED."));
}

TEST_F(esrd_trace, AConfirmationLineThatMatchedNothingIsInTheFilesStory) {
  two_sample_days();
  // Day 3: a DCC whose one line names ordinal 99 of the latest DNF, which has 8 lines.
  auto lines = split_lines(read_file(sample("day2/inbox/DE_EMD_DCC_20261124_00004112.DAT")));
  ASSERT_FALSE(lines.empty());
  auto line = lines.front();
  line.replace(0, line.find('~'), "99");
  const std::string name = "DE_EMD_DCC_20261125_00004120.DAT";
  write_file(inbox() / name, line + "\r\n");
  auto collect = run_esrd({"run-job", "collect", "--date", "2026-11-25"});
  EXPECT_EQ(collect.exit_code, 1) << collect.describe();

  auto run = trace({"--file", name}, "2026-11-25");
  ASSERT_EQ(run.exit_code, 0) << run.describe();
  EXPECT_THAT(run.out, HasSubstr("line 1 of " + name +
                                 " matched nothing and was not applied: "
                                 "position: ordinal 99 matches no notification awaiting "
                                 "confirmation"))
      << run.out;
  auto json_run = trace({"--file", name, "--json"}, "2026-11-25");
  auto parsed = nlohmann::json::parse(json_run.out, nullptr, false);
  ASSERT_TRUE(parsed.is_object()) << json_run.out;
  bool found = false;
  for (const auto& event : parsed["subjects"][0]["events"]) {
    if (event["text"].get<std::string>().find("matched nothing") != std::string::npos) {
      found = true;
      EXPECT_EQ(event["ordinal"], 1);
      EXPECT_EQ(event["file"], name);
    }
  }
  EXPECT_TRUE(found) << json_run.out;

  // None of its lines matched a notification: the story falls back on the latest DNC/DNF of the
  // office, and its lines say which DCC did answer them.
  EXPECT_THAT(run.out,
              HasSubstr(name + " answers DE_EMD_DNF_20261123_00000004.DAT (the latest DNC/DNF of "
                               "EMD when it was applied)"));
  EXPECT_THAT(run.out, HasSubstr("line 1 of DE_EMD_DNF_20261123_00000004.DAT: type 1 (Medical "
                                 "Rotation Notification) position 8100101 about placement 5002: "
                                 "confirmed (answered by DE_EMD_DCC_20261124_00004112.DAT)"));

  // The notifications the day-2 DCC answered still name it, though a later DCC was applied.
  auto position = trace({"--position", "8100101"}, "2026-11-25");
  EXPECT_THAT(position.out, HasSubstr("(in DE_EMD_DCC_20261124_00004112.DAT, line 1 of "
                                      "DE_EMD_DNF_20261123_00000004.DAT)"))
      << position.out;
}

// A DCC names the DNC/DNF its lines answered (the state records each notification's DCC), not the
// latest one of the office; an APC likewise names its APP.
TEST_F(esrd_trace, AConfirmationNamesTheFilesItsLinesAnswered) {
  two_sample_days();
  auto dcc = trace({"--file", "DE_EMD_DCC_20261124_00004112.DAT"}, "2026-11-24");
  ASSERT_EQ(dcc.exit_code, 0) << dcc.describe();
  EXPECT_THAT(dcc.out, HasSubstr("DE_EMD_DCC_20261124_00004112.DAT answers "
                                 "DE_EMD_DNF_20261123_00000004.DAT: its lines matched 8 "
                                 "notification(s) of that file\n"))
      << dcc.out;
  EXPECT_EQ(verdict_of(dcc.out),
            "DE_EMD_DCC_20261124_00004112.DAT answers DE_EMD_DNF_20261123_00000004.DAT: 8 "
            "notification(s): 7 confirmed, 1 failed. To go: what ESR's reasons name would have to "
            "be put right (in ESR's position or in TIS) and the notifications raised again.");
  auto apc = trace({"--file", "DE_EMD_APC_20261124_00004111.DAT"}, "2026-11-24");
  ASSERT_EQ(apc.exit_code, 0) << apc.describe();
  EXPECT_THAT(apc.out, HasSubstr("DE_EMD_APC_20261124_00004111.DAT answers "
                                 "DE_EMD_APP_20261123_00000003.DAT: its lines matched 6 "
                                 "applicant(s) of that file\n"))
      << apc.out;
}

// The day-2 DCC held back until day 2's DNC is out: its line 2 answers the DNF's, though the DNC
// is then the office's latest DNC/DNF (the one the story named before answers were recorded).
TEST_F(esrd_trace, ALateDccNamesTheDnfItAnsweredNotTheLatestDnc) {
  copy_sample_day("day1");
  run_ok({"run-job", "collect", "--date", "2026-11-23"});
  run_ok({"run-job", "export", "--date", "2026-11-23"});
  run_ok({"export", "--type", "DNF", "--lo", "EMD", "--date", "2026-11-23"});
  copy_sample_day("day2",
                  [](const std::string& name) { return name.find("_DCC_") == std::string::npos; });
  run_ok({"run-job", "collect", "--date", "2026-11-24"});
  run_ok({"run-job", "export", "--date", "2026-11-24"});
  auto dnf = split_lines(read_file(outbox() / "DE_EMD_DNF_20261123_00000004.DAT"));
  ASSERT_EQ(dnf.size(), 8U);
  ASSERT_TRUE(fs::exists(outbox() / "DE_EMD_DNC_20261124_00000006.DAT"));
  const std::string name = "DE_EMD_DCC_20261125_00004120.DAT";
  put_in_inbox(name, "2~SUCCESS~~" + dnf[1] + "\r\n");
  run_ok({"run-job", "collect", "--date", "2026-11-25"});
  auto late = trace({"--file", name}, "2026-11-25");
  ASSERT_EQ(late.exit_code, 0) << late.describe();
  EXPECT_THAT(late.out,
              HasSubstr(name + " answers DE_EMD_DNF_20261123_00000004.DAT: its lines matched 1 "
                               "notification(s) of that file\n"))
      << late.out;
  EXPECT_THAT(late.out, Not(HasSubstr("DE_EMD_DNC_20261124_00000006.DAT"))) << late.out;
  EXPECT_THAT(verdict_of(late.out),
              StartsWith(name + " answers DE_EMD_DNF_20261123_00000004.DAT: 8 notification(s): 1 "
                                "confirmed, 7 exported."));
}

// ---- identifier and reference-list checks -------------------------------------------------------

TEST_F(esrd_trace, ChecksNameTheBrokenIdentifierRuleWithoutItsValue) {
  two_sample_days();
  // 5008's GMC number is UNKNOWN in TIS: the trace says which rule it breaks and what follows.
  auto run = trace({"--placement", "5008"});
  ASSERT_EQ(run.exit_code, 0) << run.describe();
  EXPECT_THAT(run.out, HasSubstr("  checks:\n    gmc_number: is not a valid GMC number: expected 7 "
                                 "digits, optionally after a C (value withheld); APP, DNF and DNC "
                                 "records leave it out\n"))
      << run.out;
  EXPECT_THAT(run.out, Not(HasSubstr("UNKNOWN")));
  auto json_run = trace({"--placement", "5008", "--json"});
  auto parsed = nlohmann::json::parse(json_run.out, nullptr, false);
  ASSERT_TRUE(parsed.is_object()) << json_run.out;
  ASSERT_EQ(parsed["subjects"][0]["checks"].size(), 1U) << json_run.out;
  EXPECT_THAT(parsed["subjects"][0]["checks"][0].get<std::string>(), StartsWith("gmc_number: "));

  // 5001 and its position pass every check, and say so.
  auto clean = trace({"--placement", "5001"});
  EXPECT_THAT(clean.out, HasSubstr("  checks: identifiers and codes pass\n")) << clean.out;
  auto clean_json =
      nlohmann::json::parse(trace({"--placement", "5001", "--json"}).out, nullptr, false);
  ASSERT_TRUE(clean_json.is_object());
  EXPECT_TRUE(clean_json["subjects"][0]["checks"].empty());
  auto position = trace({"--position", "8100101"});
  EXPECT_THAT(position.out, HasSubstr("  checks: identifiers and codes pass\n")) << position.out;
}

// ---- the other ways in, JSON, personal data -----------------------------------------------------

TEST_F(esrd_trace, JsonParsesAndNoTraceShowsAPersonalValue) {
  two_sample_days();
  auto personal = personal_values();
  ASSERT_GT(personal.size(), 40U);
  ASSERT_TRUE(personal.count("Hollinsworth"));
  std::vector<std::vector<std::string>> queries;
  for (const char* id : {"5001", "5002", "5004", "5006", "5008", "5011", "5013", "5014", "5016",
                         "5017", "5018", "5101"}) {
    queries.push_back({"--placement", id});
  }
  queries.push_back({"--person", "900102"});
  queries.push_back({"--person", "900108"});
  queries.push_back({"--npn", "EMD/RWEAA/420/STR/006"});
  queries.push_back({"--npn", "EMD/RX1RA/002/FY1/014"});
  queries.push_back({"--position", "8100106"});
  queries.push_back({"--position", "8100109"});
  for (const char* file : {"DE_EMD_APP_20261123_00000003.DAT", "DE_EMD_APC_20261124_00004111.DAT",
                           "DE_EMD_DNF_20261123_00000004.DAT", "DE_EMD_DCC_20261124_00004112.DAT",
                           "DE_EMD_RMF_20261123_00004101.DAT", "DE_EMD_RMC_20261124_00004110.DAT",
                           "DE_EMD_RTC_20261123_00000001.DAT", "placements_20261123.csv"}) {
    queries.push_back({"--file", file});
  }
  for (const auto& query : queries) {
    SCOPED_TRACE(query[0] + " " + query[1]);
    auto text = trace(query);
    EXPECT_EQ(text.exit_code, 0) << text.describe();
    auto with_json = query;
    with_json.push_back("--json");
    auto json_run = trace(with_json);
    ASSERT_EQ(json_run.exit_code, 0) << json_run.describe();
    auto parsed = nlohmann::json::parse(json_run.out, nullptr, false);
    ASSERT_FALSE(parsed.is_discarded()) << json_run.out;
    ASSERT_TRUE(parsed.is_object());
    EXPECT_EQ(parsed["found"], true);
    EXPECT_EQ(parsed["query"]["value"], query[1]);
    EXPECT_EQ(parsed["verdict"].get<std::string>(), verdict_of(text.out));
    ASSERT_TRUE(parsed["subjects"].is_array());
    EXPECT_FALSE(parsed["subjects"].empty());
    for (const auto& value : personal) {
      EXPECT_THAT(json_run.out, Not(HasSubstr(value))) << "personal value in --json";
      EXPECT_THAT(text.out, Not(HasSubstr(value))) << "personal value in the text";
      EXPECT_THAT(text.err, Not(HasSubstr(value))) << "personal value in the log";
    }
  }
  // The outcomes say where each placement stands, for scripts.
  auto json_run = trace({"--placement", "5004", "--json"});
  auto parsed = nlohmann::json::parse(json_run.out, nullptr, false);
  ASSERT_TRUE(parsed.is_object()) << json_run.out;
  const auto& outcomes = parsed["subjects"][0]["outcomes"];
  ASSERT_EQ(outcomes.size(), 2U) << json_run.out;
  EXPECT_EQ(outcomes[0]["position_id"], 8100102);
  EXPECT_EQ(outcomes[0]["state"], "EXPORTED_AND_PROCESSED");
  EXPECT_EQ(outcomes[0]["done"], true);
  EXPECT_EQ(parsed["subjects"][0]["facts"]["person_id"], "900104");
}

TEST_F(esrd_trace, AskingWrongIsAUsageErrorAndAskingAboutNothingExitsOne) {
  auto none = run_esrd({"trace", "--placement", "5002"});
  EXPECT_EQ(none.exit_code, 2) << "no state yet: " << none.describe();
  EXPECT_FALSE(fs::exists(data())) << "trace creates no data directory";
  two_sample_days();
  auto neither = run_esrd({"trace"});
  EXPECT_EQ(neither.exit_code, 2) << neither.describe();
  EXPECT_THAT(neither.err, HasSubstr("exactly one of"));
  auto two = run_esrd({"trace", "--placement", "5002", "--npn", "EMD/RWEAA/300/STR/001"});
  EXPECT_EQ(two.exit_code, 2) << two.describe();
  auto date = run_esrd({"trace", "--placement", "5002", "--date", "2026-02-30"});
  EXPECT_EQ(date.exit_code, 2) << date.describe();
  auto unknown = trace({"--placement", "9999"});
  EXPECT_EQ(unknown.exit_code, 1) << unknown.describe();
  EXPECT_THAT(verdict_of(unknown.out), StartsWith("esrd holds nothing about placement 9999"));
  auto unknown_file = trace({"--file", "DE_EMD_APP_20991231_00000099.DAT", "--json"});
  EXPECT_EQ(unknown_file.exit_code, 1) << unknown_file.describe();
  auto parsed = nlohmann::json::parse(unknown_file.out, nullptr, false);
  ASSERT_TRUE(parsed.is_object()) << unknown_file.out;
  EXPECT_EQ(parsed["found"], false);
  auto help = run_esrd({"trace", "--help"});
  EXPECT_EQ(help.exit_code, 0) << help.describe();
  EXPECT_THAT(help.out, HasSubstr("usage: esrd trace"));
}

}  // namespace
}  // namespace esr::e2e
