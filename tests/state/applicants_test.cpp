// state/applicants: what each read returns and each write changes in the applicants table,
// on a migrated database filled row by row.
#include "esr/state/applicants.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "state_rows.hpp"

namespace esr::state {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

spec::BusinessDate date(const char* iso) { return *spec::BusinessDate::from_iso(iso); }

class ApplicantsState : public test_support::StateRows {
 protected:
  static GeneratedApplicant generated(const std::string& placement_id, std::int64_t position_id,
                                      const char* start = "2026-12-02") {
    return {{placement_id, position_id}, "EMD",       "EMD/RWEAA/300/STR/001",
            ApplicantState::to_export,   "",          "",
            date("2026-11-23"),          date(start), date("2027-08-03"),
            "2026-11-23T18:00:00Z"};
  }

  /// Stores `applicant` in a transaction of its own.
  bool store(const GeneratedApplicant& applicant) {
    db::Transaction tx(db_);
    bool written = ApplicantGeneration(tx).store(applicant);
    tx.commit();
    return written;
  }

  std::int64_t id_of(const std::string& placement_id, std::int64_t position_id) {
    auto select =
        db_.prepare("SELECT id FROM applicants WHERE placement_id = ?1 AND position_id = ?2");
    select.bind(1, placement_id).bind(2, position_id);
    EXPECT_TRUE(select.step()) << placement_id << " on " << position_id;
    return select.column_int64(0);
  }

  /// Column `column` of applicant `id`, as text ("NULL" for NULL).
  std::string column(std::int64_t id, const std::string& column) {
    return text_of("SELECT " + column + " FROM applicants WHERE id = ?1", id);
  }

  void set_state(std::int64_t id, ApplicantState state) {
    auto update = db_.prepare("UPDATE applicants SET state = ?2 WHERE id = ?1");
    update.bind(1, id).bind(2, to_text(state));
    update.run();
  }

  /// Positions 100 and 200 of EMD and placements a to d, for the reads that join them.
  void add_positions_and_placements() {
    add_position(100, "EMD/RWEAA/100/STR/001");
    add_position(200, "EMD/RWEAA/200/STR/001");
    for (const char* id : {"a", "b", "c", "d"}) add_placement(id, "EMD/RWEAA/100/STR/001");
  }

  /// The placement ids of the waiting applicants of `office`, in the order read.
  std::vector<std::string> waiting(const std::string& office) {
    WaitingApplicants applicants(db_, office);
    std::vector<std::string> ids;
    while (applicants.next()) ids.push_back(applicants.applicant().placement->id);
    return ids;
  }
};

// ---- generation ------------------------------------------------------------------------------

TEST_F(ApplicantsState, CandidatesArePresentPlacementsOnLiveMatchedPositionsOfTheirPost) {
  add_positions_and_placements();
  add_position(300, "EMD/RWEAA/100/STR/001");  // a second position of the same post
  add_position(400, "EMD/RWEAA/100/STR/001");  // deleted below
  add_position(500, "EMD/RWEAA/100/STR/001");  // not matched below
  db_.exec("UPDATE positions SET deleted = 1 WHERE position_id = 400");
  db_.exec("UPDATE positions SET matched = 0 WHERE position_id = 500");
  db_.exec("UPDATE tis_placements SET present = 0 WHERE placement_id = 'c'");
  ApplicantCandidates candidates(db_);
  std::vector<std::string> seen;
  while (candidates.next()) {
    auto candidate = candidates.candidate();
    ASSERT_TRUE(candidate.placement.has_value());
    EXPECT_EQ(candidate.placement->id, candidate.placement_id);
    seen.push_back(fmt::format("{}@{}", candidate.placement_id, candidate.position.id));
  }
  EXPECT_THAT(seen, ElementsAre("a@100", "b@100", "d@100", "a@300", "b@300", "d@300"))
      << "by position then placement; not the absent placement, the deleted or the unmatched "
         "position, nor position 200 of another post";
}

TEST_F(ApplicantsState, StoreCreatesAnApplicantWithEmptyTextsStoredAsNull) {
  ASSERT_TRUE(store(generated("p1", 100)));
  auto id = id_of("p1", 100);
  EXPECT_EQ(column(id, "state"), "TO_EXPORT");
  EXPECT_EQ(column(id, "local_office"), "EMD");
  EXPECT_EQ(column(id, "deanery_number"), "EMD/RWEAA/300/STR/001");
  EXPECT_EQ(column(id, "reason"), "NULL");
  EXPECT_EQ(column(id, "warnings"), "NULL");
  EXPECT_EQ(column(id, "effective_date"), "2026-11-23");
  EXPECT_EQ(column(id, "start_date"), "2026-12-02");
  EXPECT_EQ(column(id, "end_date"), "2027-08-03");
  EXPECT_EQ(column(id, "created_at"), "2026-11-23T18:00:00Z");
  EXPECT_EQ(column(id, "updated_at"), "2026-11-23T18:00:00Z");
}

TEST_F(ApplicantsState, StoreUpdatesAnUnsentApplicantOnlyWhenItDiffers) {
  ASSERT_TRUE(store(generated("p1", 100)));
  auto again = generated("p1", 100);
  again.at = "2026-11-24T18:00:00Z";
  EXPECT_FALSE(store(again)) << "nothing compared differs";
  auto id = id_of("p1", 100);
  EXPECT_EQ(column(id, "updated_at"), "2026-11-23T18:00:00Z");
  again.state = ApplicantState::invalid_data;
  again.reason = "field 12: missing";
  again.warnings = "field 20: trimmed";
  EXPECT_TRUE(store(again));
  EXPECT_EQ(column(id, "state"), "INVALID_DATA");
  EXPECT_EQ(column(id, "reason"), "field 12: missing");
  EXPECT_EQ(column(id, "warnings"), "field 20: trimmed");
  EXPECT_EQ(column(id, "updated_at"), "2026-11-24T18:00:00Z");
  EXPECT_EQ(column(id, "created_at"), "2026-11-23T18:00:00Z");
  EXPECT_EQ(id_of("p1", 100), id) << "the same row";
}

TEST_F(ApplicantsState, StoreReleasesAHeldBackApplicant) {
  ASSERT_TRUE(store(generated("p1", 100)));
  auto id = id_of("p1", 100);
  {
    db::Transaction tx(db_);
    ApplicantExportMarks(tx).hold_back(id, "too many");
    tx.commit();
  }
  EXPECT_EQ(column(id, "held_back"), "1");
  EXPECT_TRUE(store(generated("p1", 100, "2026-12-09")));
  EXPECT_EQ(column(id, "held_back"), "0");
  EXPECT_EQ(column(id, "start_date"), "2026-12-09");
}

TEST_F(ApplicantsState, ASentApplicantIsNeverChanged) {
  ASSERT_TRUE(store(generated("p1", 100)));
  auto id = id_of("p1", 100);
  for (auto sent : {ApplicantState::exported, ApplicantState::exported_and_processed,
                    ApplicantState::exported_processed_with_errors}) {
    set_state(id, sent);
    db::Transaction tx(db_);
    ApplicantGeneration generation(tx);
    EXPECT_TRUE(generation.was_sent({"p1", 100})) << to_text(sent);
    EXPECT_FALSE(generation.store(generated("p1", 100, "2026-12-09"))) << to_text(sent);
    tx.commit();
    EXPECT_EQ(column(id, "start_date"), "2026-12-02");
    EXPECT_EQ(column(id, "state"), to_text(sent));
  }
}

TEST_F(ApplicantsState, AWithdrawnApplicantIsNotSentAndComesBackWhenStoredAgain) {
  ASSERT_TRUE(store(generated("p1", 100)));
  auto id = id_of("p1", 100);
  set_state(id, ApplicantState::deleted_before_export);
  {
    db::Transaction tx(db_);
    EXPECT_FALSE(ApplicantGeneration(tx).was_sent({"p1", 100}));
    EXPECT_FALSE(ApplicantGeneration(tx).was_sent({"p2", 100})) << "no applicant at all";
  }
  EXPECT_TRUE(store(generated("p1", 100)));
  EXPECT_EQ(column(id, "state"), "TO_EXPORT");
}

TEST_F(ApplicantsState, UnsentApplicantsAreThoseToExportOrInvalid) {
  const std::map<std::string, ApplicantState> states = {
      {"p1", ApplicantState::to_export},
      {"p2", ApplicantState::invalid_data},
      {"p3", ApplicantState::deleted_before_export},
      {"p4", ApplicantState::exported},
      {"p5", ApplicantState::exported_and_processed},
  };
  for (const auto& [placement, state] : states) {
    ASSERT_TRUE(store(generated(placement, 100)));
    set_state(id_of(placement, 100), state);
  }
  ASSERT_TRUE(store(generated("p1", 200)));
  std::map<ApplicantKey, ApplicantState> expected = {
      {{"p1", 100}, ApplicantState::to_export},
      {{"p1", 200}, ApplicantState::to_export},
      {{"p2", 100}, ApplicantState::invalid_data},
  };
  EXPECT_EQ(unsent_applicants(db_), expected);
}

TEST_F(ApplicantsState, WithdrawMakesOnlyAWaitingApplicantDeletedBeforeExport) {
  ASSERT_TRUE(store(generated("p1", 100)));
  ASSERT_TRUE(store(generated("p2", 100)));
  ASSERT_TRUE(store(generated("p3", 100)));
  auto waiting = id_of("p1", 100), invalid = id_of("p2", 100), sent = id_of("p3", 100);
  set_state(invalid, ApplicantState::invalid_data);
  set_state(sent, ApplicantState::exported);
  {
    db::Transaction tx(db_);
    ApplicantExportMarks(tx).hold_back(waiting, "too many");
    ApplicantGeneration generation(tx);
    for (const char* placement : {"p1", "p2", "p3"})
      generation.withdraw({placement, 100}, "gone", "2026-11-25T18:00:00Z");
    tx.commit();
  }
  for (auto id : {waiting, invalid}) {
    EXPECT_EQ(column(id, "state"), "DELETED_BEFORE_EXPORT");
    EXPECT_EQ(column(id, "reason"), "gone");
    EXPECT_EQ(column(id, "held_back"), "0");
    EXPECT_EQ(column(id, "updated_at"), "2026-11-25T18:00:00Z");
  }
  EXPECT_EQ(column(sent, "state"), "EXPORTED");
  EXPECT_EQ(column(sent, "updated_at"), "2026-11-23T18:00:00Z");
}

// ---- export ----------------------------------------------------------------------------------

TEST_F(ApplicantsState, OfficesToExportInOrderAndOnlyTheOneAsked) {
  for (const char* office : {"KSS", "EMD", "LDN"}) {
    auto applicant = generated(std::string("p-") + office, 100);
    applicant.local_office = office;
    ASSERT_TRUE(store(applicant));
  }
  set_state(id_of("p-LDN", 100), ApplicantState::exported);
  EXPECT_THAT(offices_to_export(db_, std::nullopt), ElementsAre("EMD", "KSS"));
  EXPECT_THAT(offices_to_export(db_, "KSS"), ElementsAre("KSS"));
  EXPECT_THAT(offices_to_export(db_, "LDN"), IsEmpty());
}

TEST_F(ApplicantsState, WaitingApplicantsInAppOrderWithTheirPositionAndPlacement) {
  add_positions_and_placements();
  ASSERT_TRUE(store(generated("d", 200, "2026-12-01")));
  ASSERT_TRUE(store(generated("b", 100, "2026-12-05")));
  ASSERT_TRUE(store(generated("a", 100, "2026-12-05")));
  ASSERT_TRUE(store(generated("c", 100, "2026-12-01")));
  ASSERT_TRUE(store(generated("gone", 100, "2026-12-01")));  // no placement row: not read
  auto kss = generated("a", 200);
  kss.local_office = "KSS";
  ASSERT_TRUE(store(kss));
  ASSERT_TRUE(store(generated("b", 200)));
  set_state(id_of("b", 200), ApplicantState::exported);
  EXPECT_THAT(waiting("EMD"), ElementsAre("c", "a", "b", "d"));
  EXPECT_THAT(waiting("KSS"), ElementsAre("a"));

  WaitingApplicants applicants(db_, "EMD");
  ASSERT_TRUE(applicants.next());
  auto first = applicants.applicant();
  EXPECT_EQ(first.id, id_of("c", 100));
  EXPECT_EQ(first.effective_date, date("2026-11-23"));
  EXPECT_EQ(first.position.id, 100);
  EXPECT_EQ(first.position.deanery_number, "EMD/RWEAA/100/STR/001");
  ASSERT_TRUE(first.placement.has_value());
  EXPECT_EQ(first.placement->npn, "EMD/RWEAA/100/STR/001");
  EXPECT_EQ(first.placement->start, date("2026-12-02"));
  EXPECT_EQ(first.placement->person.surname, "") << "no people row: an empty person";
}

TEST_F(ApplicantsState, AnEffectiveDateThatIsNoDateReadsAsNone) {
  add_positions_and_placements();
  ASSERT_TRUE(store(generated("a", 100)));
  db_.exec("UPDATE applicants SET effective_date = '20261123'");
  WaitingApplicants applicants(db_, "EMD");
  ASSERT_TRUE(applicants.next());
  EXPECT_EQ(applicants.applicant().effective_date, std::nullopt);
}

TEST_F(ApplicantsState, MarkExportedNumbersTheWaitingNotHeldBackInAppOrder) {
  add_positions_and_placements();
  for (const char* placement : {"a", "b", "c", "d"}) ASSERT_TRUE(store(generated(placement, 100)));
  auto held = id_of("b", 100), invalid = id_of("d", 100);
  auto app = add_file("APP", 3);
  db::Transaction tx(db_);
  ApplicantExportMarks marks(tx);
  marks.hold_back(held, "more than 1 applicants against position 100");
  marks.invalid(invalid, "field 12: missing", "2026-11-24T18:00:00Z");
  EXPECT_EQ(mark_exported(tx, "EMD", app, "2026-11-24T18:00:01Z"), 2);
  tx.commit();
  EXPECT_EQ(column(id_of("a", 100), "export_ordinal"), "1");
  EXPECT_EQ(column(id_of("c", 100), "export_ordinal"), "2");
  for (const char* placement : {"a", "c"}) {
    auto id = id_of(placement, 100);
    EXPECT_EQ(column(id, "state"), "EXPORTED");
    EXPECT_EQ(column(id, "export_file_id"), std::to_string(app));
    EXPECT_EQ(column(id, "exported_at"), "2026-11-24T18:00:01Z");
    EXPECT_EQ(column(id, "reason"), "NULL");
  }
  EXPECT_EQ(column(held, "state"), "TO_EXPORT");
  EXPECT_EQ(column(held, "held_back"), "1");
  EXPECT_EQ(column(held, "reason"), "more than 1 applicants against position 100");
  EXPECT_EQ(column(invalid, "state"), "INVALID_DATA");
  EXPECT_EQ(column(invalid, "reason"), "field 12: missing");
  EXPECT_EQ(column(invalid, "updated_at"), "2026-11-24T18:00:00Z");
}

TEST_F(ApplicantsState, ReleaseHeldBackReleasesOnlyTheOfficesWaitingApplicants) {
  ASSERT_TRUE(store(generated("a", 100)));
  ASSERT_TRUE(store(generated("b", 100)));
  auto kss = generated("c", 100);
  kss.local_office = "KSS";
  ASSERT_TRUE(store(kss));
  auto a = id_of("a", 100), b = id_of("b", 100), c = id_of("c", 100);
  db::Transaction tx(db_);
  ApplicantExportMarks marks(tx);
  for (auto id : {a, b, c}) marks.hold_back(id, "too many");
  set_state(b, ApplicantState::invalid_data);
  release_held_back(tx, "EMD");
  tx.commit();
  EXPECT_EQ(column(a, "held_back"), "0");
  EXPECT_EQ(column(a, "reason"), "too many") << "the reason stays until it is written";
  EXPECT_EQ(column(b, "held_back"), "1") << "not TO_EXPORT";
  EXPECT_EQ(column(c, "held_back"), "1") << "another office";
}

// ---- confirmation (APC) ----------------------------------------------------------------------

TEST_F(ApplicantsState, LatestAppFileIsTheOfficesHighestSequenceSentOrPending) {
  add_file("APP", 3);
  auto latest = add_file("APP", 7, "EMD", "out", "pending");
  add_file("APP", 9, "EMD", "out", "publishing");
  add_file("APP", 12, "KSS");
  add_file("DNC", 15);
  add_file("APC", 20, "EMD", "in", "applied");
  EXPECT_EQ(latest_app_file(db_, "EMD"), latest);
  EXPECT_EQ(latest_app_file(db_, "LDN"), std::nullopt);
}

TEST_F(ApplicantsState, ConfirmationsFindAnApplicantByFileAndOrdinalAndAnswerItOnce) {
  add_positions_and_placements();
  for (const char* placement : {"a", "b"}) ASSERT_TRUE(store(generated(placement, 100)));
  auto app = add_file("APP", 3);
  auto apc = add_file("APC", 4111, "EMD", "in", "applied");
  db::Transaction tx(db_);
  ASSERT_EQ(mark_exported(tx, "EMD", app, "2026-11-24T18:00:00Z"), 2);
  ApplicantConfirmations confirmations(tx);
  EXPECT_EQ(confirmations.at_ordinal(app, 3), std::nullopt);
  EXPECT_EQ(confirmations.at_ordinal(apc, 1), std::nullopt) << "another file";
  auto second = confirmations.at_ordinal(app, 2);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->id, id_of("b", 100));
  EXPECT_EQ(second->deanery_number, "EMD/RWEAA/300/STR/001");
  EXPECT_EQ(second->position_id, 100);
  EXPECT_EQ(second->state, ApplicantState::exported);

  confirmations.confirm(second->id, {ApplicantState::exported_and_processed, "Applicant created",
                                     "INFO", "APP0012341", "", "2026-11-25T06:00:00Z", apc});
  confirmations.confirm(second->id, {ApplicantState::exported_processed_with_errors, "Too late",
                                     "ERROR", "", "", "2026-11-26T06:00:00Z", apc});
  tx.commit();
  EXPECT_EQ(column(second->id, "state"), "EXPORTED_AND_PROCESSED");
  EXPECT_EQ(column(second->id, "esr_message"), "Applicant created");
  EXPECT_EQ(column(second->id, "esr_message_type"), "INFO");
  EXPECT_EQ(column(second->id, "applicant_number"), "APP0012341");
  EXPECT_EQ(column(second->id, "assignment_id"), "NULL");
  EXPECT_EQ(column(second->id, "updated_at"), "2026-11-25T06:00:00Z");
  EXPECT_EQ(column(second->id, "confirmed_file_id"), std::to_string(apc));
  EXPECT_EQ(column(id_of("a", 100), "state"), "EXPORTED");
}

}  // namespace
}  // namespace esr::state
