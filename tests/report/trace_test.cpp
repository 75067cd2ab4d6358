// build_trace on a state the jobs made from the samples (day 1, then day 2's inbox), plus two
// placements of our own: each "why not" is the applicant rule's own words (rules::applicant_rule
// asked with the same facts), the stories name the files and lines, an APC or DCC names the files
// its lines really answered, and no trace holds a personal value.
#include "esr/report/trace.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "esr/rules/applicant_rule.hpp"
#include "jobs/jobs_fixture.hpp"

namespace esr::report::test {

// The state is built by the jobs themselves (tests/jobs/jobs_fixture.hpp).
using namespace esr::jobs::test;  // NOLINT(google-build-using-namespace)
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

constexpr const char* emd_rmf = "DE_EMD_RMF_20261123_00004101.DAT";
constexpr const char* emd_rmc = "DE_EMD_RMC_20261124_00004110.DAT";
constexpr const char* emd_app = "DE_EMD_APP_20261123_00000003.DAT";
constexpr const char* emd_dnf = "DE_EMD_DNF_20261123_00000004.DAT";
constexpr const char* emd_apc = "DE_EMD_APC_20261124_00004111.DAT";
constexpr const char* emd_dcc = "DE_EMD_DCC_20261124_00004112.DAT";
constexpr const char* emd_dnc = "DE_EMD_DNC_20261124_00000006.DAT";
// Our own DCCs, after the samples' days.
constexpr const char* late_dcc = "DE_EMD_DCC_20261125_00004120.DAT";
constexpr const char* later_dcc = "DE_EMD_DCC_20261126_00004130.DAT";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find("\r\n", start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

/// Every event text of a subject, in story order.
std::vector<std::string> texts(const TraceSubject& subject) {
  std::vector<std::string> out;
  for (const auto& e : subject.events) out.push_back(e.text);
  return out;
}

/// The one event whose text starts with `start`, or nullptr (and a failure).
const TraceEvent* event_starting(const TraceSubject& subject, const std::string& start) {
  for (const auto& e : subject.events) {
    if (e.text.starts_with(start)) return &e;
  }
  ADD_FAILURE() << "no event starts with: " << start;
  return nullptr;
}

class TraceJobs : public SampleJobs {
 protected:
  /// Day 1 with two placements more in its extract, then day 2's inbox (RMC, APC, DCC):
  /// - 5901 on EMD/RX1RA/340/STR/009, whose position 8100105 has no TIS post (UNMATCHED);
  /// - 5902 on 5002's post, starting past the window, and absent from day 2's extract.
  void two_days() {
    copy_sample_day("day1", [](const std::string& name) { return name.ends_with(".DAT"); });
    fs::copy_file(samples_dir() / "day1/tis/posts_20261123.csv", dir_.tis() / "posts_20261123.csv");
    auto csv = read_bytes(samples_dir() / "day1/tis/placements_20261123.csv");
    auto model = csv.substr(csv.find("\n5002,") + 1);
    model = model.substr(0, model.find('\n') + 1);
    csv += with_fields(model, "5901,EMD/RX1RA/340/STR/009,In Post,APPROVED,2026-12-02");
    csv += with_fields(model, "5902,EMD/RWEAA/300/STR/001,In Post,APPROVED,2027-05-04");
    (void)folder_.write("placements_20261123.csv", csv);
    fs::copy_file(folder_.path() / "placements_20261123.csv",
                  dir_.tis() / "placements_20261123.csv");
    (void)runner_.collect();
    (void)runner_.export_files(day("2026-11-23"), std::nullopt, {});
    (void)runner_.export_files(day("2026-11-23"), "EMD", {"DNF"});
    // 5014 put on the day-one exclusion list (as `esrd exclude` records it).
    db_.exec(
        "INSERT INTO exclusions(placement_id, local_office, source, added_at) VALUES ('5014', "
        "'EMD', 'already_sent.txt', '2026-11-23T12:00:00Z')");
    copy_sample_day("day2", [](const std::string& name) { return name.ends_with(".DAT"); });
    (void)runner_.collect();
  }

  /// `row` with its first five fields (id, npn, type, lifecycle, start) replaced.
  static std::string with_fields(const std::string& row, const std::string& first_five) {
    auto at = std::string::npos;
    for (int comma = 0; comma < 5; ++comma) at = row.find(',', at + 1);
    return first_five + row.substr(at);
  }

  TraceReport trace(TraceBy by, const std::string& value, const char* date = "2026-11-23") {
    TraceQuery query;
    query.by = by;
    query.value = value;
    query.date = day(date);
    query.window_min_days = 2;
    query.window_max_days = 91;
    query.max_per_position = 40;
    query.schemas = &schemas_;
    query.references = &references_;
    return build_trace(db_, query);
  }

  /// The outcome of a placement trace on one position (nullopt: the post has none).
  TraceOutcome outcome_of(const std::string& placement, std::optional<std::int64_t> position,
                          const char* date) {
    auto report = trace(TraceBy::placement, placement, date);
    EXPECT_TRUE(report.found) << placement;
    if (report.subjects.size() != 1) {
      ADD_FAILURE() << placement << ": " << report.subjects.size() << " subjects";
      return {};
    }
    for (const auto& o : report.subjects[0].outcomes) {
      if (o.position_id == position) return o;
    }
    ADD_FAILURE() << placement << " has no outcome on that position";
    return {};
  }

  /// A DCC for EMD of `lines` (CRLF each) put in inbox/ and collected.
  void collect_dcc(const std::string& name, const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) text += line + "\r\n";
    (void)folder_.write("incoming/" + name, text);
    fs::copy_file(folder_.path() / "incoming" / name, dir_.inbox() / name);
    auto report = runner_.collect();
    ASSERT_EQ(report.files_in, 1U) << report.detail;
  }
};

// ---- why not: the rule's words ------------------------------------------------------------------

struct WhyNot {
  const char* placement;
  const char* date;
  rules::PlacementFacts facts;
  std::optional<rules::PositionFacts> position;
  rules::ExclusionFacts exclusion;
  std::vector<rules::Blocker> blockers;  // what the rule finds in those facts
};

rules::PlacementFacts placement(const char* id, const char* type, const char* lifecycle,
                                const char* start, bool present = true) {
  return {id, true, present, lifecycle, type, spec::BusinessDate::from_iso(start)};
}

rules::PositionFacts position(const char* npn, std::int64_t id, bool deleted = false,
                              bool matched = true, std::string how_deleted = {}) {
  return {npn, id, deleted, matched, std::move(how_deleted)};
}

TEST_F(TraceJobs, EachWhyNotIsTheApplicantRulesOwnWords) {
  two_days();
  using rules::Blocker;
  const std::vector<WhyNot> cases = {
      {"5011",
       "2026-11-23",
       placement("5011", "In Post", "DRAFT", "2026-12-02"),
       position("EMD/RWEAA/420/STR/006", 8100107),
       {},
       {Blocker::not_approved}},
      {"5013",
       "2026-11-23",
       placement("5013", "OOPT", "APPROVED", "2026-12-02"),
       position("EMD/RK5BC/300/STR/008", 8100108),
       {},
       {Blocker::type_not_eligible}},
      {"5001",
       "2026-11-23",
       placement("5001", "In Post", "APPROVED", "2026-08-05"),
       position("EMD/RWEAA/300/STR/001", 8100101),
       {},
       {Blocker::starts_before_window}},
      {"5017",
       "2026-11-23",
       placement("5017", "In Post", "APPROVED", "2026-11-25"),
       rules::PositionFacts{"EMD/RX1RA/002/FY1/014", std::nullopt, false, true, ""},
       {},
       {Blocker::position_absent}},
      {"5016",
       "2026-11-24",
       placement("5016", "In Post", "APPROVED", "2027-02-22"),
       position("EMD/RTGFG/110/STR/010", 8100109, true, true,
                std::string("'D' in ") + emd_rmc + " line 3"),
       {},
       {Blocker::position_deleted}},
      {"5901",
       "2026-11-23",
       placement("5901", "In Post", "APPROVED", "2026-12-02"),
       position("EMD/RX1RA/340/STR/009", 8100105, false, false),
       {},
       {Blocker::position_unmatched}},
      // Two reasons: what has to change comes first, then what time brings.
      {"5014",
       "2026-11-23",
       placement("5014", "In Post", "APPROVED", "2027-03-03"),
       position("EMD/RK5BC/300/STR/008", 8100108),
       {true, "already_sent.txt"},
       {Blocker::excluded, Blocker::starts_after_window}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.placement);
    rules::ApplicantWindow window(day(c.date), 2, 91);
    ASSERT_EQ(rules::applicant_blockers(c.facts, c.position, window, c.exclusion), c.blockers);
    auto verdict = rules::applicant_rule(c.facts, c.position, window, c.exclusion);
    std::vector<std::string> whys;
    for (const auto& reason : verdict.reasons) whys.push_back(reason.why);
    std::string reason_text;
    for (const auto& why : whys) reason_text += (reason_text.empty() ? "" : "; ") + why;

    auto outcome = outcome_of(c.placement, c.position ? c.position->id : std::nullopt, c.date);
    EXPECT_EQ(outcome.state, "NO_APPLICANT");
    EXPECT_EQ(outcome.status, "not sent");
    EXPECT_FALSE(outcome.done);
    EXPECT_EQ(outcome.reason, reason_text);
    bool any_change = std::any_of(verdict.reasons.begin(), verdict.reasons.end(),
                                  [](const rules::ApplicantReason& r) { return !r.wait; });
    EXPECT_THAT(outcome.to_go, StartsWith(any_change ? "To go: " : "Nothing has to change: "));
    for (const auto& reason : verdict.reasons)
      EXPECT_THAT(outcome.to_go, HasSubstr(reason.to_change));
  }
}

TEST_F(TraceJobs, TheWordsOfEachWhyNotAsTheOperatorReadsThem) {
  two_days();
  EXPECT_EQ(trace(TraceBy::placement, "5016").verdict,
            "placement 5016 on position 8100109: not sent: it starts 2027-02-22, on or after the "
            "applicant window's end 2027-02-22 (D + 91 days); position 8100109 was deleted ('D' in "
            "DE_EMD_RMC_20261124_00004110.DAT line 3). To go: ESR would have to send position "
            "8100109 again, or another position for EMD/RTGFG/110/STR/010; then it enters the "
            "window on 2026-11-24 and goes in that day's export.");
  EXPECT_EQ(trace(TraceBy::placement, "5014").verdict,
            "placement 5014 on position 8100108: not sent: excluded: sent by the previous "
            "interface (day-one exclusion list, loaded from already_sent.txt); it starts "
            "2027-03-03, on or after the applicant window's end 2027-02-22 (D + 91 days). To go: "
            "it would have to come off the day-one exclusion list (only if ESR does not already "
            "have it from the previous interface); then it enters the window on 2026-12-03 and "
            "goes in that day's export.");
  EXPECT_EQ(trace(TraceBy::placement, "5901").verdict,
            "placement 5901 on position 8100105: not sent: position 8100105 is UNMATCHED: no TIS "
            "post EMD/RX1RA/340/STR/009 in the latest extract. To go: the TIS posts extract would "
            "have to hold post EMD/RX1RA/340/STR/009.");
}

TEST_F(TraceJobs, APlacementGoneFromTisIsTheRulesPlacementGone) {
  two_days();
  // Day 2's export imports day 2's extract, which no longer holds 5902.
  copy_sample_day("day2", [](const std::string& name) { return name.ends_with(".csv"); });
  (void)runner_.export_files(day("2026-11-24"), std::nullopt, {});
  rules::ApplicantWindow window(day("2026-11-24"), 2, 91);
  auto facts = placement("5902", "In Post", "APPROVED", "2027-05-04", /*present=*/false);
  auto on = position("EMD/RWEAA/300/STR/001", 8100101);
  ASSERT_EQ(rules::applicant_blockers(facts, on, window, {}),
            (std::vector{rules::Blocker::placement_gone, rules::Blocker::starts_after_window}));
  auto verdict = rules::applicant_rule(facts, on, window, {});
  auto outcome = outcome_of("5902", 8100101, "2026-11-24");
  EXPECT_EQ(outcome.reason, verdict.reasons[0].why + "; " + verdict.reasons[1].why);
  EXPECT_EQ(outcome.to_go, "To go: " + verdict.reasons[0].to_change + "; then " +
                               verdict.reasons[1].to_change + ".");
  auto report = trace(TraceBy::placement, "5902", "2026-11-24");
  EXPECT_THAT(report.subjects.at(0).facts,
              testing::Contains(std::pair<std::string, std::string>("in the latest TIS extract",
                                                                    "no (deleted in TIS)")));
}

TEST_F(TraceJobs, AWaitingApplicantWhosePlacementWentToDraftIsToBeWithdrawnNotSent) {
  two_days();
  // As if the record had waited (held back, or a failed export) and the extract then made its
  // placement DRAFT: the next export asks rules::waiting_applicant_still_goes and withdraws it.
  db_.exec("UPDATE applicants SET state = 'TO_EXPORT', held_back = 1 WHERE placement_id = '5002'");
  db_.exec("UPDATE tis_placements SET lifecycle = 'DRAFT' WHERE placement_id = '5002'");
  auto outcome = outcome_of("5002", 8100101, "2026-11-24");
  EXPECT_EQ(outcome.status, "to be withdrawn");
  EXPECT_THAT(outcome.reason, HasSubstr("the next export withdraws it before sending"));
  EXPECT_THAT(outcome.to_go, HasSubstr("To go:")) << "what would have to change: the lifecycle";

  // Back to APPROVED it goes again, held back or not, whatever the window says now.
  db_.exec("UPDATE tis_placements SET lifecycle = 'APPROVED' WHERE placement_id = '5002'");
  EXPECT_EQ(outcome_of("5002", 8100101, "2026-11-24").status, "held back");
}

// ---- stories ------------------------------------------------------------------------------------

TEST_F(TraceJobs, APlacementSentAndLoadedTellsEachStepWithItsFileAndLine) {
  two_days();
  auto report = trace(TraceBy::placement, "5002");
  ASSERT_TRUE(report.found);
  EXPECT_EQ(report.window, "2026-11-25 <= start < 2027-02-22");
  ASSERT_EQ(report.subjects.size(), 1U);
  const auto& subject = report.subjects[0];
  EXPECT_EQ(subject.kind, "placement");
  EXPECT_EQ(subject.id, "5002");
  using Fact = std::pair<std::string, std::string>;
  EXPECT_THAT(
      subject.facts,
      ElementsAre(Fact{"npn", "EMD/RWEAA/300/STR/001"}, Fact{"placement_type", "In Post"},
                  Fact{"lifecycle", "APPROVED"}, Fact{"start_date", "2026-12-02"},
                  Fact{"end_date", "2027-08-03"}, Fact{"wte", "1"}, Fact{"grade", "ST4"},
                  Fact{"site_code", "RWE01"}, Fact{"site_name", "Leicester Royal Infirmary"},
                  Fact{"person_id", "900102"}, Fact{"in the latest TIS extract", "yes"},
                  Fact{"post", "EMD/RWEAA/300/STR/001 (CURRENT)"},
                  Fact{"positions",
                       "8100101 (Host Employer, MATCHED; applicant "
                       "EXPORTED_AND_PROCESSED)"}));
  EXPECT_TRUE(subject.checked);
  EXPECT_THAT(subject.checks, IsEmpty());

  if (const auto* sent = event_starting(subject, "applicant on position 8100101 sent in ")) {
    EXPECT_EQ(sent->text,
              std::string("applicant on position 8100101 sent in ") + emd_app + " line 1");
    EXPECT_EQ(sent->kind, "file");
    EXPECT_EQ(sent->date, "2026-11-23");
    EXPECT_EQ(sent->file, emd_app);
    EXPECT_EQ(sent->ordinal, 1);
  }
  if (const auto* loaded = event_starting(subject, "ESR loaded the applicant on position")) {
    EXPECT_EQ(loaded->text, std::string("ESR loaded the applicant on position 8100101: SUCCESS "
                                        "INFO \"Applicant created\", applicant number APP0012341 "
                                        "(in ") +
                                emd_apc + ", for line 1 of " + emd_app + ")");
    EXPECT_EQ(loaded->kind, "esr");
    EXPECT_EQ(loaded->date, "2026-11-24");
    EXPECT_EQ(loaded->file, emd_apc);
  }
  EXPECT_THAT(texts(subject),
              testing::IsSupersetOf(
                  {std::string("position 8100101 (Host Employer, number 41000101) received in ") +
                       emd_rmf + " line 1",
                   std::string("placement 5002 first seen in placements_20261123.csv (the "
                               "baseline of EMD: no notifications)"),
                   std::string("applicant on position 8100101 created by the export of "
                               "2026-11-23"),
                   std::string("DNF type 1 (Medical Rotation Notification) for position 8100101 "
                               "sent in ") +
                       emd_dnf + " line 1",
                   std::string("ESR confirmed the DNF type 1 (Medical Rotation Notification) for "
                               "position 8100101: SUCCESS (in ") +
                       emd_dcc + ", line 1 of " + emd_dnf + ")"}));
  // In time order: business dates never go back.
  for (std::size_t i = 1; i < subject.events.size(); ++i)
    EXPECT_LE(subject.events[i - 1].date, subject.events[i].date) << subject.events[i].text;

  ASSERT_EQ(subject.outcomes.size(), 1U);
  EXPECT_EQ(subject.outcomes[0].state, "EXPORTED_AND_PROCESSED");
  EXPECT_TRUE(subject.outcomes[0].done);
  EXPECT_EQ(report.verdict,
            "placement 5002 on position 8100101: loaded by ESR: sent in "
            "DE_EMD_APP_20261123_00000003.DAT line 1; ESR answered SUCCESS INFO, applicant number "
            "APP0012341. Nothing has to change: it has gone and ESR loaded it.");
}

TEST_F(TraceJobs, ABrokenIdentifierIsNamedByItsRuleWithoutItsValue) {
  two_days();
  auto report = trace(TraceBy::placement, "5008");
  ASSERT_EQ(report.subjects.size(), 1U);
  EXPECT_THAT(report.subjects[0].checks,
              ElementsAre("gmc_number: is not a valid GMC number: expected 7 digits, optionally "
                          "after a C (value withheld); APP, DNF and DNC records leave it out"));
  EXPECT_THAT(format_trace_text(report), Not(HasSubstr("UNKNOWN")));
}

TEST_F(TraceJobs, APositionAndAPostTellWhatStandsInTheWay) {
  two_days();
  auto deleted = trace(TraceBy::position, "8100109");
  ASSERT_TRUE(deleted.found);
  const auto& position = deleted.subjects.at(0);
  using Fact = std::pair<std::string, std::string>;
  EXPECT_THAT(position.facts, testing::IsSupersetOf(
                                  {Fact{"deanery number", "EMD/RTGFG/110/STR/010"},
                                   Fact{"host/lead", "Host Employer"}, Fact{"state", "deleted"}}));
  EXPECT_THAT(texts(position), testing::Contains(std::string("position 8100109 deleted ('D') by ") +
                                                 emd_rmc + " line 3"));
  EXPECT_THAT(texts(position),
              testing::Contains(std::string(emd_rmc) +
                                " not yet confirmed to ESR: the next export writes its RTC"));
  EXPECT_THAT(deleted.verdict,
              StartsWith("position 8100109: every position is deleted (8100109). Placements: "));
  EXPECT_THAT(
      deleted.verdict,
      HasSubstr("To go: ESR would have to send a live position for EMD/RTGFG/110/STR/010."));

  auto post = trace(TraceBy::npn, "EMD/RX1RA/002/FY1/014");
  ASSERT_TRUE(post.found);
  EXPECT_EQ(post.verdict,
            "post EMD/RX1RA/002/FY1/014: no ESR position has this deanery number (post not "
            "reconciled). Placements: 5018 not sent (it starts 2026-08-05, before the applicant "
            "window opens on 2026-11-25); 5017 not sent (no ESR position has this deanery "
            "number). To go: ESR would have to send a position with deanery number "
            "EMD/RX1RA/002/FY1/014 (RMF or RMC).");
}

TEST_F(TraceJobs, NothingKnownIsNotFound) {
  two_days();
  auto placement = trace(TraceBy::placement, "9999");
  EXPECT_FALSE(placement.found);
  EXPECT_THAT(placement.subjects, IsEmpty());
  EXPECT_THAT(placement.verdict, StartsWith("esrd holds nothing about placement 9999"));
  auto file = trace(TraceBy::file, "DE_EMD_APP_20991231_00000099.DAT");
  EXPECT_FALSE(file.found);
  EXPECT_EQ(file.verdict, "esrd has no record of a file named DE_EMD_APP_20991231_00000099.DAT");
  auto position = trace(TraceBy::position, "8100199");
  EXPECT_FALSE(position.found);
  EXPECT_EQ(position.verdict, "esrd holds no position 8100199: no RMF or RMC has carried it");
  auto not_a_number = trace(TraceBy::position, "P1");
  EXPECT_FALSE(not_a_number.found);
  EXPECT_EQ(not_a_number.verdict, "'P1' is not a position id (digits)");
}

// ---- files --------------------------------------------------------------------------------------

TEST_F(TraceJobs, SentAndReceivedFilesTellWhatBecameOfThem) {
  two_days();
  EXPECT_EQ(trace(TraceBy::file, emd_rmf).verdict,
            "DE_EMD_RMF_20261123_00004101.DAT applied (19 records). Confirmed to ESR in "
            "DE_EMD_RTC_20261123_00000001.DAT. Nothing has to change.");
  EXPECT_EQ(trace(TraceBy::file, "DE_EMD_RTC_20261123_00000001.DAT").verdict,
            "RTC for DE_EMD_RMF_20261123_00004101.DAT. Nothing has to change.");
  auto app = trace(TraceBy::file, emd_app);
  EXPECT_EQ(app.verdict,
            "6 applicant(s): 5 EXPORTED_AND_PROCESSED, 1 EXPORTED_PROCESSED_WITH_ERRORS. To go: "
            "what ESR's messages name would have to be put right in TIS and those applicants sent "
            "again (esrd trace --placement ID for each).");
  EXPECT_THAT(texts(app.subjects.at(0)), testing::Contains(std::string("answered by ") + emd_apc));
  EXPECT_THAT(trace(TraceBy::file, "placements_20261123.csv").verdict,
              "placements_20261123.csv loaded. Nothing has to change.");
}

TEST_F(TraceJobs, TheSampleDccNamesTheDnfItsLinesAnswered) {
  two_days();
  auto report = trace(TraceBy::file, emd_dcc, "2026-11-24");
  ASSERT_TRUE(report.found);
  const auto& subject = report.subjects.at(0);
  const auto* answers = event_starting(subject, std::string(emd_dcc) + " answers ");
  ASSERT_NE(answers, nullptr);
  EXPECT_EQ(answers->text, std::string(emd_dcc) + " answers " + emd_dnf +
                               ": its lines matched 8 notification(s) of that file");
  EXPECT_EQ(answers->kind, "esr");
  EXPECT_EQ(answers->file, emd_dnf);
  EXPECT_THAT(texts(subject),
              testing::Contains(std::string("line 5 of ") + emd_dnf +
                                ": type 1 (Medical Rotation Notification) position 8100106 about "
                                "placement 5008: failed \"Error: Field Current Trainee GMC Number "
                                "is not registered with the GMC\""));
  EXPECT_EQ(report.verdict, std::string(emd_dcc) + " answers " + emd_dnf +
                                ": 8 notification(s): 7 confirmed, 1 failed. To go: what ESR's "
                                "reasons name would have to be put right (in ESR's position or "
                                "in TIS) and the notifications raised again.");
}

TEST_F(TraceJobs, TheSampleApcNamesTheAppItsLinesAnswered) {
  two_days();
  auto report = trace(TraceBy::file, emd_apc, "2026-11-24");
  const auto& subject = report.subjects.at(0);
  EXPECT_THAT(texts(subject), testing::Contains(std::string(emd_apc) + " answers " + emd_app +
                                                ": its lines matched 6 applicant(s) of that file"));
  EXPECT_THAT(report.verdict, StartsWith(std::string(emd_apc) + " answers " + emd_app +
                                         ": 6 applicant(s): 5 EXPORTED_AND_PROCESSED, 1 "
                                         "EXPORTED_PROCESSED_WITH_ERRORS."));
}

// A state from before esrd recorded which file answered each record: the story falls back on the
// latest sent file of the office when the answer was applied, and says so.
TEST_F(TraceJobs, WithoutRecordedAnswersTheLatestSentFileStandsIn) {
  two_days();
  db_.exec("UPDATE applicants SET confirmed_file_id = NULL");
  db_.exec("UPDATE notifications SET confirmed_file_id = NULL");
  auto apc = trace(TraceBy::file, emd_apc, "2026-11-24");
  EXPECT_THAT(texts(apc.subjects.at(0)),
              testing::Contains(std::string(emd_apc) + " answers " + emd_app +
                                " (the latest APP of EMD when it was applied)"));
  auto dcc = trace(TraceBy::file, emd_dcc, "2026-11-24");
  EXPECT_THAT(texts(dcc.subjects.at(0)),
              testing::Contains(std::string(emd_dcc) + " answers " + emd_dnf +
                                " (the latest DNC/DNF of EMD when it was applied)"));
  EXPECT_THAT(dcc.verdict, StartsWith(std::string(emd_dcc) + " answers " + emd_dnf +
                                      ": 8 notification(s): 7 confirmed, 1 failed."));
}

class TraceDcc : public TraceJobs {
 protected:
  // Day 2 without its DCC, exported: the DNF's 8 and the DNC's 6 notifications await an answer,
  // and the DNC is the latest DNC/DNF of EMD.
  void SetUp() override {
    two_days_without_the_dcc();
    dnf_lines_ = lines_of(read_bytes(dir_.outbox() / emd_dnf));
    dnc_lines_ = lines_of(read_bytes(dir_.outbox() / emd_dnc));
    ASSERT_EQ(dnf_lines_.size(), 8U);
    ASSERT_EQ(dnc_lines_.size(), 6U);
  }

  void two_days_without_the_dcc() {
    copy_sample_day("day1");
    (void)runner_.collect();
    (void)runner_.export_files(day("2026-11-23"), std::nullopt, {});
    (void)runner_.export_files(day("2026-11-23"), "EMD", {"DNF"});
    copy_sample_day("day2",
                    [](const std::string& name) { return name.find("_DCC_") == name.npos; });
    (void)runner_.collect();
    (void)runner_.export_files(day("2026-11-24"), std::nullopt, {});
  }

  std::vector<std::string> dnf_lines_, dnc_lines_;
};

TEST_F(TraceDcc, ADccThatAnsweredTheDnfWhileTheDncWasLatestNamesTheDnf) {
  collect_dcc(late_dcc, {"2~SUCCESS~~" + dnf_lines_.at(1)});
  auto report = trace(TraceBy::file, late_dcc, "2026-11-25");
  const auto& subject = report.subjects.at(0);
  EXPECT_THAT(texts(subject),
              testing::Contains(std::string(late_dcc) + " answers " + emd_dnf +
                                ": its lines matched 1 notification(s) of that file"));
  for (const auto& text : texts(subject)) EXPECT_THAT(text, Not(HasSubstr(emd_dnc)));
  EXPECT_EQ(report.verdict,
            std::string(late_dcc) + " answers " + emd_dnf +
                ": 8 notification(s): 1 confirmed, 7 exported. To go: ESR would have to confirm "
                "the 7 still exported: " +
                late_dcc + " matched none of them (trace --file on it lists its unmatched lines).");

  // The same state without the recorded answers: the approximation names the DNC.
  db_.exec("UPDATE notifications SET confirmed_file_id = NULL");
  auto old = trace(TraceBy::file, late_dcc, "2026-11-25");
  EXPECT_THAT(texts(old.subjects.at(0)),
              testing::Contains(std::string(late_dcc) + " answers " + emd_dnc +
                                " (the latest DNC/DNF of EMD when it was applied)"));
}

TEST_F(TraceDcc, ADccAnsweringTwoFilesNamesBothEachWithItsLines) {
  collect_dcc(late_dcc,
              {"2~SUCCESS~~" + dnf_lines_.at(1), "3~FAIL~Position closed~" + dnc_lines_.at(2)});
  auto report = trace(TraceBy::file, late_dcc, "2026-11-25");
  const auto& subject = report.subjects.at(0);
  auto story = texts(subject);
  auto at = [&](const std::string& text) {
    auto found = std::find(story.begin(), story.end(), text);
    EXPECT_NE(found, story.end()) << text;
    return found - story.begin();
  };
  auto dnf = at(std::string(late_dcc) + " answers " + emd_dnf +
                ": its lines matched 1 notification(s) of that file");
  auto dnf_line = at(std::string("line 2 of ") + emd_dnf +
                     ": type 1 (Medical Rotation Notification) position 8100102 about placement "
                     "5004: confirmed");
  auto dnc = at(std::string(late_dcc) + " answers " + emd_dnc +
                ": its lines matched 1 notification(s) of that file");
  auto dnc_line =
      at(std::string("line 3 of ") + emd_dnc +
         ": type 2 (Update to Medical Rotations - Applicant Withdrawn) position 8100104 "
         "about placement 5006: "
         "failed \"Position closed\"");
  // Each file, then its lines, oldest file first.
  EXPECT_LT(dnf, dnf_line);
  EXPECT_LT(dnf_line, dnc);
  EXPECT_LT(dnc, dnc_line);
  EXPECT_THAT(report.verdict, StartsWith(std::string(late_dcc) + " answers " + emd_dnf +
                                         ": 8 notification(s): 1 confirmed, 7 exported. To go: "));
  EXPECT_THAT(report.verdict,
              HasSubstr(std::string(" | ") + late_dcc + " answers " + emd_dnc +
                        ": 6 notification(s): 5 exported, 1 failed. To go: what ESR's reasons "
                        "name would have to be put right"));
}

TEST_F(TraceDcc, ALineAnsweredByAnotherDccSaysWhich) {
  collect_dcc(late_dcc, {"2~SUCCESS~~" + dnf_lines_.at(1)});
  collect_dcc(later_dcc, {"3~SUCCESS~~" + dnf_lines_.at(2)});
  auto story = texts(trace(TraceBy::file, later_dcc, "2026-11-26").subjects.at(0));
  EXPECT_THAT(story, testing::Contains(std::string("line 2 of ") + emd_dnf +
                                       ": type 1 (Medical Rotation Notification) position 8100102 "
                                       "about placement 5004: confirmed (answered by " +
                                       late_dcc + ")"));
  EXPECT_THAT(story, testing::Contains(std::string("line 3 of ") + emd_dnf +
                                       ": type 1 (Medical Rotation Notification) position 8100103 "
                                       "about placement 5004: confirmed"));
  // The earlier DCC's own story does not credit it with the later answer.
  auto earlier = texts(trace(TraceBy::file, late_dcc, "2026-11-26").subjects.at(0));
  EXPECT_THAT(earlier, testing::Contains(std::string("line 3 of ") + emd_dnf +
                                         ": type 1 (Medical Rotation Notification) position "
                                         "8100103 about placement 5004: confirmed (answered by " +
                                         later_dcc + ")"));
}

// ---- personal data ------------------------------------------------------------------------------

TEST_F(TraceJobs, NoTraceHoldsAPersonsName) {
  two_days();
  // The samples' people as TIS sends them (names with non-ASCII letters among them).
  const std::vector<std::string> personal = {
      "Hollinsworth", "Farrow-Blake", "Pritchard-Evans", "Venkataraman", "Siân", "Zoë", "Róisín"};
  for (const auto& value : personal) {
    ASSERT_THAT(read_bytes(samples_dir() / "day1/tis/placements_20261123.csv"), HasSubstr(value));
  }
  std::vector<std::pair<TraceBy, std::string>> queries = {{TraceBy::placement, "5002"},
                                                          {TraceBy::placement, "5006"},
                                                          {TraceBy::placement, "5008"},
                                                          {TraceBy::person, "900104"},
                                                          {TraceBy::npn, "EMD/RWEAA/800/GPST/004"},
                                                          {TraceBy::position, "8100104"},
                                                          {TraceBy::file, emd_app},
                                                          {TraceBy::file, emd_dnf},
                                                          {TraceBy::file, emd_dcc},
                                                          {TraceBy::file, emd_apc}};
  for (const auto& [by, value] : queries) {
    SCOPED_TRACE(value);
    auto report = trace(by, value, "2026-11-24");
    EXPECT_TRUE(report.found);
    auto text = format_trace_text(report);
    auto json = format_trace_json(report);
    for (const auto& name : personal) {
      EXPECT_THAT(text, Not(HasSubstr(name)));
      EXPECT_THAT(json, Not(HasSubstr(name)));
    }
  }
}

}  // namespace
}  // namespace esr::report::test
