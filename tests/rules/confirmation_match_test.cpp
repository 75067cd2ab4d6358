// Which sent record an APC or DCC line answers, and why a line answers nothing.
#include "esr/rules/confirmation_match.hpp"

#include <gtest/gtest.h>

namespace esr::rules {
namespace {

SentApplicantFacts exported() { return {true, "EXPORTED", "EMD/RWEAA/300/STR/001", 8100101}; }

TEST(ApcRefusal, ALineThatMatchesTheSentApplicantAnswersIt) {
  EXPECT_EQ(apc_refusal({"3", "EMD/RWEAA/300/STR/001", "8100101"}, true, exported()), std::nullopt);
  EXPECT_EQ(apc_refusal({"3", "", ""}, true, exported()), std::nullopt)
      << "an empty deanery number or position id is not checked";
}

TEST(ApcRefusal, EachRefusalNamesItsFieldAndWhy) {
  auto no_app = apc_refusal({"3", "", ""}, false, std::nullopt);
  ASSERT_TRUE(no_app);
  EXPECT_EQ(no_app->field, "2 ESR_vacancy_id");
  EXPECT_EQ(no_app->why, "no APP file has been sent for this office to confirm");
  EXPECT_EQ(apc_refusal({"", "", ""}, true, std::nullopt)->why,
            "is empty; cannot tell which applicant this confirms");
  EXPECT_EQ(apc_refusal({"9", "", ""}, true, std::nullopt)->why,
            "ordinal 9 matches no applicant of the latest APP file");
  auto deanery = apc_refusal({"3", "EMD/X", ""}, true, exported());
  EXPECT_EQ(deanery->field, "4 Deanery_number");
  EXPECT_EQ(deanery->why,
            "'EMD/X' differs from the applicant's deanery number "
            "'EMD/RWEAA/300/STR/001'");
  auto position = apc_refusal({"3", "", "8100102"}, true, exported());
  EXPECT_EQ(position->field, "10 Position_ID");
  EXPECT_EQ(position->why, "8100102 differs from the applicant's position id 8100101");
}

TEST(ApcRefusal, AnApplicantIsAnsweredOnce) {
  SentApplicantFacts answered{false, "EXPORTED_AND_PROCESSED", "EMD/RWEAA/300/STR/001", 8100101};
  auto refusal = apc_refusal({"3", "", ""}, true, answered);
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->why,
            "ordinal 3: the applicant was already answered by ESR "
            "(EXPORTED_AND_PROCESSED)");
}

SentNotificationFileCounts never_asked() {
  ADD_FAILURE() << "the office's files were asked although the ordinal explained it";
  return {};
}

TEST(DccMatch, TheOneAwaitingNotificationWhoseRecordIsTheEchoIsAnswered) {
  std::vector<SentNotificationFacts> at{{"DNF_1", true, false, "exported"},
                                        {"DNC_2", true, true, "exported"},
                                        {"DNC_3", false, true, "confirmed"}};
  auto match = dcc_match(4, at, never_asked);
  EXPECT_EQ(match.answers, 1U);
  EXPECT_FALSE(match.refusal);
}

TEST(DccMatch, TwoCandidatesAreAmbiguousAndNamed) {
  std::vector<SentNotificationFacts> at{{"DNF_1", true, true, "exported"},
                                        {"DNC_2", true, true, "exported"}};
  auto match = dcc_match(4, at, never_asked);
  EXPECT_FALSE(match.answers);
  EXPECT_EQ(match.refusal->field, "record");
  EXPECT_EQ(match.refusal->why,
            "ordinal 4 matches 2 notifications awaiting confirmation (files DNF_1, DNC_2): "
            "ambiguous");
}

TEST(DccMatch, AnEchoThatDiffersOrWasAnsweredSaysSoWithFileNamesOnly) {
  std::vector<SentNotificationFacts> at{{"DNC_2", true, false, "exported"},
                                        {"DNF_1", false, true, "confirmed"}};
  auto match = dcc_match(4, at, never_asked);
  EXPECT_EQ(match.refusal->field, "record");
  EXPECT_EQ(match.refusal->why,
            "ordinal 4 matches no notification awaiting confirmation; ordinal 4 of DNC_2 awaits "
            "confirmation but its record differs from the echo; the echoed record was already "
            "answered in DNF_1 (confirmed)");
}

TEST(DccMatch, NothingAtTheOrdinalSaysWhatTheOfficeHasSent) {
  auto none_sent = dcc_match(7, {}, [] { return SentNotificationFileCounts{0, 0}; });
  EXPECT_EQ(none_sent.refusal->field, "position");
  EXPECT_EQ(none_sent.refusal->why,
            "ordinal 7 matches no notification awaiting confirmation; no DNC or DNF file has "
            "been sent for this office");
  EXPECT_EQ(dcc_match(7, {},
                      [] {
                        return SentNotificationFileCounts{3, 0};
                      })
                .refusal->why,
            "ordinal 7 matches no notification awaiting confirmation; no DNC or DNF file of "
            "this office awaits confirmation");
  EXPECT_EQ(dcc_match(7, {},
                      [] {
                        return SentNotificationFileCounts{3, 2};
                      })
                .refusal->why,
            "ordinal 7 matches no notification awaiting confirmation; 2 DNC/DNF file(s) of this "
            "office await confirmation, none at that ordinal");
}

TEST(DccMatch, ManyFilesAreNamedFiveAtMost) {
  std::vector<SentNotificationFacts> at;
  for (int i = 1; i <= 7; ++i) at.push_back({"F" + std::to_string(i), true, true, "exported"});
  EXPECT_NE(dcc_match(1, at, never_asked).refusal->why.find("F1, F2, F3, F4, F5 and 2 more"),
            std::string::npos);
}

}  // namespace
}  // namespace esr::rules
