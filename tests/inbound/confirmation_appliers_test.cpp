// The APC and DCC appliers on a state database filled row by row: what a confirmation line
// changes, and that a line matching nothing (or more than one thing) changes nothing and says so
// without quoting a personal value.
#include "esr/inbound/confirmation_appliers.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "esr/db/transaction.hpp"
#include "esr/dialect/confirmation.hpp"
#include "esr/dialect/field_splitter.hpp"
#include "esr/spec/schema_registry.hpp"
#include "esr/state/state_schema.hpp"
#include "support/temp_dir.hpp"

namespace esr::inbound {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

// NOT records as esrd writes them (X fields quoted, N fields bare). The trainee's surname,
// forename and GMC number are the personal values no message may quote.
const std::string dnf_record =
    R"("NOT",256,"1",,41000101,"EMD/RWEAA/300/STR/001","EMD","Specialty Registrar",,"Farrow-Blake","Imogen","9900101","20261201")";
const std::string dnc_record =
    R"("NOT",256,"4",,41000101,"EMD/RWEAA/300/STR/001","EMD","Specialty Registrar",,"Farrow-Blake","Imogen","9900101","20261209")";
const std::vector<std::string> personal_values = {"Farrow-Blake", "Imogen", "9900101"};

// The line without its double quotes, as ESR may echo it.
std::string unquoted(std::string line) {
  std::erase(line, '"');
  return line;
}

class ConfirmationAppliers : public ::testing::Test {
 protected:
  std::int64_t add_file(const std::string& type, const std::string& name,
                        std::optional<std::int64_t> sequence, const std::string& direction = "out",
                        const std::string& outcome = "sent", const std::string& office = "EMD") {
    auto insert = db_.prepare(
        "INSERT INTO files(name, direction, type, local_office, business_date, sequence, outcome,"
        " started_at) VALUES (?1, ?2, ?3, ?4, '2026-11-23', ?5, ?6, '2026-11-23T18:00:00Z')");
    insert.bind(1, name)
        .bind(2, direction)
        .bind(3, type)
        .bind(4, office)
        .bind(5, sequence)
        .bind(6, outcome);
    insert.run();
    return db_.last_insert_rowid();
  }
  std::int64_t add_dnf(std::int64_t sequence) {
    return add_file("DNF", fmt::format("DE_EMD_DNF_20261123_{:08}.DAT", sequence), sequence);
  }
  std::int64_t add_dnc(std::int64_t sequence) {
    return add_file("DNC", fmt::format("DE_EMD_DNC_20261124_{:08}.DAT", sequence), sequence);
  }
  std::int64_t add_app(std::int64_t sequence) {
    return add_file("APP", fmt::format("DE_EMD_APP_20261123_{:08}.DAT", sequence), sequence);
  }

  std::int64_t add_notification(std::int64_t file_id, std::int64_t ordinal, const std::string& line,
                                const std::string& state = "exported") {
    auto insert = db_.prepare(
        "INSERT INTO notifications(local_office, business_date, file_type, title_code, npn, cause,"
        " state, export_file_id, export_ordinal, line, created_at)"
        " SELECT 'EMD', business_date, type, '1', 'EMD/RWEAA/300/STR/001', 'test', ?4, id,"
        " ?2, ?3, '2026-11-23T18:00:00Z' FROM files WHERE id = ?1");
    insert.bind(1, file_id).bind(2, ordinal).bind(3, line).bind(4, state);
    insert.run();
    return db_.last_insert_rowid();
  }

  std::int64_t add_applicant(std::int64_t file_id, std::int64_t ordinal, const std::string& deanery,
                             std::int64_t position_id) {
    auto insert = db_.prepare(
        "INSERT INTO applicants(placement_id, position_id, local_office, deanery_number, state,"
        " effective_date, start_date, end_date, export_file_id, export_ordinal, created_at,"
        " updated_at) VALUES (?1, ?2, 'EMD', ?3, 'EXPORTED', '2026-11-23', '2026-12-02',"
        " '2027-08-03', ?4, ?5, '2026-11-23T18:00:00Z', '2026-11-23T18:00:00Z')");
    insert.bind(1, fmt::format("placement-{}-{}", file_id, ordinal))
        .bind(2, position_id)
        .bind(3, deanery)
        .bind(4, file_id)
        .bind(5, ordinal);
    insert.run();
    return db_.last_insert_rowid();
  }

  // The applier for an inbound file of `type` (APC or DCC) just recorded in the ledger, in the
  // transaction the intake holds open while it applies a file (left open: the test reads what
  // the applier wrote, and it rolls back at the end).
  std::unique_ptr<ConfirmationApplier> applier_for(const std::string& type) {
    transaction_.emplace(db_);
    auto name = fmt::format("DE_EMD_{}_20261124_00004111.DAT", type);
    confirming_file_ = add_file(type, name, 4111, "in", "applied");
    FileContext context{confirming_file_, name, type, "EMD",
                        *spec::BusinessDate::from_iso("2026-11-24")};
    return make_confirmation_applier(*transaction_, std::move(context));
  }

  // Applies one DCC line, `<position>~<outcome>~<reason>~<record>`, as line `line_number`.
  static void apply_dcc(ConfirmationApplier& applier, std::size_t line_number,
                        const std::string& text) {
    dialect::ConfirmationLine line;
    ASSERT_EQ(dialect::parse_confirmation(text, line), std::nullopt) << text;
    dialect::FieldSplitter echo;
    ASSERT_EQ(echo.split(line.record), std::nullopt) << text;
    dialect::ParsedRecord record;
    record.line = line_number;
    record.ordinal = line_number;
    record.raw = text;
    record.record_type = echo.fields().front();
    record.values = echo.fields();
    record.confirmation = &line;
    applier.apply(record, "");
  }

  // Applies one APC record (a comma line of the APC table) as line `line_number`.
  static void apply_apc(ConfirmationApplier& applier, std::size_t line_number,
                        const std::string& text) {
    dialect::FieldSplitter fields;
    ASSERT_EQ(fields.split(text), std::nullopt) << text;
    ASSERT_THAT(fields.fields(), SizeIs(11)) << text;
    dialect::ParsedRecord record;
    record.line = line_number;
    record.ordinal = line_number;
    record.raw = text;
    record.record_type = fields.fields().front();
    record.values = fields.fields();
    static const auto schemas = spec::SchemaRegistry::load(ESRD_SOURCE_DIR "/schemas");
    record.spec = &schemas.by_name("APC")->records.front();  // as the parser gives it
    applier.apply(record, "");
  }

  struct NotificationRow {
    std::string state, esr_reason;
    std::optional<std::int64_t> confirmed_file;
  };
  NotificationRow notification(std::int64_t id) {
    auto select = db_.prepare(
        "SELECT state, coalesce(esr_reason, ''), confirmed_file_id FROM notifications WHERE id = "
        "?1");
    select.bind(1, id);
    EXPECT_TRUE(select.step()) << "notification " << id;
    return {select.column_text(0), select.column_text(1), select.column_optional_int64(2)};
  }

  struct ApplicantRow {
    std::string state, message, message_type, applicant_number, assignment_id;
    std::optional<std::int64_t> confirmed_file;
  };
  ApplicantRow applicant(std::int64_t id) {
    auto select = db_.prepare(
        "SELECT state, coalesce(esr_message, ''), coalesce(esr_message_type, ''),"
        " coalesce(applicant_number, ''), coalesce(assignment_id, ''), confirmed_file_id"
        " FROM applicants WHERE id = ?1");
    select.bind(1, id);
    EXPECT_TRUE(select.step()) << "applicant " << id;
    return {select.column_text(0), select.column_text(1), select.column_text(2),
            select.column_text(3), select.column_text(4), select.column_optional_int64(5)};
  }

  // The one unmatched line the applier reported; fails the test unless there is exactly one.
  static spec::Problem only_unmatched(const ConfirmationApplier& applier) {
    EXPECT_THAT(applier.unmatched(), SizeIs(1));
    if (applier.unmatched().empty()) return {};
    return applier.unmatched().front();
  }

  static void expect_no_personal_value(const std::string& message) {
    for (const auto& value : personal_values) EXPECT_THAT(message, Not(HasSubstr(value)));
  }

  test_support::TempDir dir_;
  db::Database db_ = state::open_state(dir_.path() / "esrd.sqlite");
  std::int64_t confirming_file_ = 0;
  std::optional<db::Transaction> transaction_;
};

// ---- DCC ---------------------------------------------------------------------------------------

TEST_F(ConfirmationAppliers, DccExactEchoConfirms) {
  auto dnf = add_dnf(4);
  auto id = add_notification(dnf, 1, dnf_record);
  auto dcc = applier_for("DCC");
  apply_dcc(*dcc, 1, "1~SUCCESS~~" + dnf_record);
  EXPECT_THAT(dcc->unmatched(), IsEmpty());
  auto row = notification(id);
  EXPECT_EQ(row.state, "confirmed");
  EXPECT_EQ(row.confirmed_file, confirming_file_);
  EXPECT_EQ(dcc->finish(), "notifications_confirmed=1 notifications_failed=0 unmatched_lines=0");
}

TEST_F(ConfirmationAppliers, DccEchoWithoutQuotesConfirms) {
  auto dnf = add_dnf(4);
  auto id = add_notification(dnf, 1, dnf_record);
  auto dcc = applier_for("DCC");
  apply_dcc(*dcc, 1, "1~SUCCESS~~" + unquoted(dnf_record));
  EXPECT_THAT(dcc->unmatched(), IsEmpty());
  EXPECT_EQ(notification(id).state, "confirmed");
}

TEST_F(ConfirmationAppliers, DccFailSetsFailedWithTheReason) {
  auto dnf = add_dnf(4);
  auto id = add_notification(dnf, 2, dnf_record);
  auto dcc = applier_for("DCC");
  apply_dcc(
      *dcc, 1,
      "2~FAIL~Error: Field Notification VPD is Mandatory and field value is empty~" + dnf_record);
  EXPECT_THAT(dcc->unmatched(), IsEmpty());
  auto row = notification(id);
  EXPECT_EQ(row.state, "failed");
  EXPECT_EQ(row.esr_reason, "Error: Field Notification VPD is Mandatory and field value is empty");
  EXPECT_EQ(row.confirmed_file, confirming_file_);
}

TEST_F(ConfirmationAppliers, DccTruncatedEchoMatchesNothingAndChangesNothing) {
  auto dnf = add_dnf(4);
  auto id = add_notification(dnf, 1, dnf_record);
  auto dcc = applier_for("DCC");
  // The record cut after the forename: every field present agrees, the rest is missing.
  auto truncated = dnf_record.substr(0, dnf_record.find(R"(,"9900101")"));
  apply_dcc(*dcc, 7, "1~SUCCESS~~" + truncated);
  EXPECT_EQ(notification(id).state, "exported");
  EXPECT_EQ(notification(id).confirmed_file, std::nullopt);
  auto problem = only_unmatched(*dcc);
  EXPECT_EQ(problem.line, 7U);
  EXPECT_EQ(problem.field, "record");
  EXPECT_EQ(problem.message,
            "ordinal 1 matches no notification awaiting confirmation; ordinal 1 of "
            "DE_EMD_DNF_20261123_00000004.DAT awaits confirmation but its record differs from the "
            "echo");
  expect_no_personal_value(problem.message);
}

TEST_F(ConfirmationAppliers, DccTruncatedUnquotedEchoMatchesNothing) {
  auto dnf = add_dnf(4);
  auto id = add_notification(dnf, 1, dnf_record);
  auto dcc = applier_for("DCC");
  auto bare = unquoted(dnf_record);
  apply_dcc(*dcc, 1, "1~SUCCESS~~" + bare.substr(0, bare.size() - 3));  // mid-field cut
  EXPECT_EQ(notification(id).state, "exported");
  EXPECT_THAT(only_unmatched(*dcc).message,
              HasSubstr("matches no notification awaiting confirmation"));
}

TEST_F(ConfirmationAppliers, DccOneDifferingFieldMatchesNothing) {
  auto dnf = add_dnf(4);
  auto id = add_notification(dnf, 1, dnf_record);
  auto dcc = applier_for("DCC");
  auto echoed = dnf_record;
  echoed.replace(echoed.find("9900101"), 7, "9900109");  // another GMC number
  apply_dcc(*dcc, 1, "1~SUCCESS~~" + echoed);
  EXPECT_EQ(notification(id).state, "exported");
  auto problem = only_unmatched(*dcc);
  EXPECT_THAT(problem.message, HasSubstr("its record differs from the echo"));
  expect_no_personal_value(problem.message);
  EXPECT_THAT(problem.message, Not(HasSubstr("9900109")));
}

TEST_F(ConfirmationAppliers, DccAnExtraFieldMatchesNothing) {
  auto dnf = add_dnf(4);
  auto id = add_notification(dnf, 1, dnf_record);
  auto dcc = applier_for("DCC");
  apply_dcc(*dcc, 1, "1~SUCCESS~~" + dnf_record + ",");
  EXPECT_EQ(notification(id).state, "exported");
  EXPECT_THAT(dcc->unmatched(), SizeIs(1));
}

// Today's rule (the latest DNC/DNF only) would take the DNC's notification 1 and refuse the
// echo: the DNF's notification 1, still awaiting, is the one confirmed.
TEST_F(ConfirmationAppliers, DccSameOrdinalInADnfAndADncConfirmsTheOneWhoseRecordIsEchoed) {
  auto dnf = add_dnf(4);
  auto dnc = add_dnc(6);
  auto in_dnf = add_notification(dnf, 1, dnf_record);
  auto in_dnc = add_notification(dnc, 1, dnc_record);
  auto dcc = applier_for("DCC");
  apply_dcc(*dcc, 1, "1~SUCCESS~~" + dnf_record);
  EXPECT_THAT(dcc->unmatched(), IsEmpty());
  EXPECT_EQ(notification(in_dnf).state, "confirmed");
  EXPECT_EQ(notification(in_dnc).state, "exported");
  EXPECT_EQ(notification(in_dnc).confirmed_file, std::nullopt);
}

TEST_F(ConfirmationAppliers, DccSameRecordAtTheSameOrdinalOfTwoAwaitingFilesIsAmbiguous) {
  auto dnf = add_dnf(4);
  auto dnc = add_dnc(6);
  auto in_dnf = add_notification(dnf, 3, dnf_record);
  auto in_dnc = add_notification(dnc, 3, dnf_record);
  auto dcc = applier_for("DCC");
  apply_dcc(*dcc, 2, "3~SUCCESS~~" + dnf_record);
  EXPECT_EQ(notification(in_dnf).state, "exported");
  EXPECT_EQ(notification(in_dnc).state, "exported");
  auto problem = only_unmatched(*dcc);
  EXPECT_EQ(problem.line, 2U);
  EXPECT_EQ(problem.message,
            "ordinal 3 matches 2 notifications awaiting confirmation (files "
            "DE_EMD_DNF_20261123_00000004.DAT, DE_EMD_DNC_20261124_00000006.DAT): ambiguous");
}

TEST_F(ConfirmationAppliers, DccForAnAlreadyConfirmedNotificationMatchesNothing) {
  auto dnf = add_dnf(4);
  auto id = add_notification(dnf, 1, dnf_record, "confirmed");
  auto dcc = applier_for("DCC");
  apply_dcc(*dcc, 1, "1~FAIL~Error: too late~" + dnf_record);
  auto row = notification(id);
  EXPECT_EQ(row.state, "confirmed");
  EXPECT_EQ(row.esr_reason, "");
  EXPECT_EQ(row.confirmed_file, std::nullopt);
  auto problem = only_unmatched(*dcc);
  EXPECT_EQ(problem.field, "position");
  EXPECT_EQ(problem.message,
            "ordinal 1 matches no notification awaiting confirmation; the echoed record was "
            "already answered in DE_EMD_DNF_20261123_00000004.DAT (confirmed)");
}

TEST_F(ConfirmationAppliers, DccTwiceForOneNotificationInOneFileAppliesTheFirstOnly) {
  auto dnf = add_dnf(4);
  auto id = add_notification(dnf, 1, dnf_record);
  auto dcc = applier_for("DCC");
  apply_dcc(*dcc, 1, "1~SUCCESS~~" + dnf_record);
  apply_dcc(*dcc, 2, "1~FAIL~Error: second thoughts~" + dnf_record);
  EXPECT_EQ(notification(id).state, "confirmed");
  EXPECT_EQ(only_unmatched(*dcc).line, 2U);
}

TEST_F(ConfirmationAppliers, DccWithoutAnyDncOrDnfSentMatchesNothing) {
  auto dcc = applier_for("DCC");
  apply_dcc(*dcc, 1, "1~SUCCESS~~" + dnf_record);
  auto problem = only_unmatched(*dcc);
  EXPECT_EQ(problem.file, "DE_EMD_DCC_20261124_00004111.DAT");
  EXPECT_EQ(problem.field, "position");
  EXPECT_EQ(problem.message,
            "ordinal 1 matches no notification awaiting confirmation; no DNC or DNF file has been "
            "sent for this office");
}

TEST_F(ConfirmationAppliers, DccOfAnotherOfficesFileMatchesNothing) {
  auto kss = add_file("DNF", "DE_KSS_DNF_20261123_00000004.DAT", 4, "out", "sent", "KSS");
  auto id = add_notification(kss, 1, dnf_record);
  auto dcc = applier_for("DCC");
  apply_dcc(*dcc, 1, "1~SUCCESS~~" + dnf_record);
  EXPECT_EQ(notification(id).state, "exported");
  EXPECT_THAT(dcc->unmatched(), SizeIs(1));
}

TEST_F(ConfirmationAppliers, DccOrdinalBeyondEveryAwaitingFileSaysHowManyAwait) {
  auto dnf = add_dnf(4);
  add_notification(dnf, 1, dnf_record);
  auto dcc = applier_for("DCC");
  apply_dcc(*dcc, 1, "99~SUCCESS~~" + dnf_record);
  EXPECT_EQ(only_unmatched(*dcc).message,
            "ordinal 99 matches no notification awaiting confirmation; 1 DNC/DNF file(s) of this "
            "office await confirmation, none at that ordinal");
}

// ---- APC ---------------------------------------------------------------------------------------

// An APC record for `ordinal`, echoing the deanery number and position id given.
std::string apc_line(const std::string& ordinal, const std::string& deanery,
                     const std::string& position_id, bool success = true) {
  if (success) {
    return fmt::format(R"("DA",{},,"{}","SUCCESS","Applicant created","INFO","APP0012341",)"
                       R"(30120001,{},41000101)",
                       ordinal, deanery, position_id);
  }
  return fmt::format(R"("DA",{},,"{}","FAIL","GMC number is mandatory","ERROR",,,{},41000101)",
                     ordinal, deanery, position_id);
}

const std::string deanery = "EMD/RWEAA/300/STR/001";

TEST_F(ConfirmationAppliers, ApcSuccessSetsProcessedWithApplicantNumberAndAssignmentId) {
  auto app = add_app(3);
  auto id = add_applicant(app, 1, deanery, 8100101);
  auto apc = applier_for("APC");
  apply_apc(*apc, 1, apc_line("1", deanery, "8100101"));
  EXPECT_THAT(apc->unmatched(), IsEmpty());
  auto row = applicant(id);
  EXPECT_EQ(row.state, "EXPORTED_AND_PROCESSED");
  EXPECT_EQ(row.applicant_number, "APP0012341");
  EXPECT_EQ(row.assignment_id, "30120001");
  EXPECT_EQ(row.message, "Applicant created");
  EXPECT_EQ(row.message_type, "INFO");
  EXPECT_EQ(row.confirmed_file, confirming_file_);
}

TEST_F(ConfirmationAppliers, ApcFailSetsProcessedWithErrorsWithMessageAndType) {
  auto app = add_app(3);
  auto id = add_applicant(app, 1, deanery, 8100101);
  auto apc = applier_for("APC");
  apply_apc(*apc, 1, apc_line("1", deanery, "8100101", false));
  EXPECT_THAT(apc->unmatched(), IsEmpty());
  auto row = applicant(id);
  EXPECT_EQ(row.state, "EXPORTED_PROCESSED_WITH_ERRORS");
  EXPECT_EQ(row.message, "GMC number is mandatory");
  EXPECT_EQ(row.message_type, "ERROR");
  EXPECT_EQ(row.applicant_number, "");
  EXPECT_EQ(row.confirmed_file, confirming_file_);
}

// DESIGN §7: EXPORTED becomes processed or processed with errors once; a second answer for the
// same line (repeated in the APC, or in a later APC) is reported and changes nothing.
TEST_F(ConfirmationAppliers, ApcSecondAnswerForAnAnsweredApplicantIsUnmatchedAndChangesNothing) {
  auto app = add_app(3);
  auto id = add_applicant(app, 1, deanery, 8100101);
  auto apc = applier_for("APC");
  apply_apc(*apc, 1, apc_line("1", deanery, "8100101"));
  apply_apc(*apc, 2, apc_line("1", deanery, "8100101", false));
  auto row = applicant(id);
  EXPECT_EQ(row.state, "EXPORTED_AND_PROCESSED");
  EXPECT_EQ(row.applicant_number, "APP0012341");
  auto problem = only_unmatched(*apc);
  EXPECT_EQ(problem.line, 2U);
  EXPECT_EQ(problem.field, "2 ESR_vacancy_id");
  EXPECT_EQ(problem.message,
            "ordinal 1: the applicant was already answered by ESR (EXPORTED_AND_PROCESSED)");
  EXPECT_EQ(apc->finish(), "applicants_processed=1 applicants_with_errors=0 unmatched_lines=1");
}

TEST_F(ConfirmationAppliers, ApcDeaneryNumberMismatchIsUnmatchedAndChangesNothing) {
  auto app = add_app(3);
  auto id = add_applicant(app, 1, deanery, 8100101);
  auto apc = applier_for("APC");
  apply_apc(*apc, 4, apc_line("1", "EMD/RWEAA/800/GPST/004", "8100101"));
  EXPECT_EQ(applicant(id).state, "EXPORTED");
  EXPECT_EQ(applicant(id).confirmed_file, std::nullopt);
  auto problem = only_unmatched(*apc);
  EXPECT_EQ(problem.line, 4U);
  EXPECT_EQ(problem.field, "4 Deanery_number");
}

TEST_F(ConfirmationAppliers, ApcPositionIdMismatchIsUnmatchedAndChangesNothing) {
  auto app = add_app(3);
  auto id = add_applicant(app, 1, deanery, 8100101);
  auto apc = applier_for("APC");
  apply_apc(*apc, 1, apc_line("1", deanery, "8100102"));
  EXPECT_EQ(applicant(id).state, "EXPORTED");
  EXPECT_EQ(only_unmatched(*apc).field, "10 Position_ID");
}

TEST_F(ConfirmationAppliers, ApcOrdinalBeyondTheFileIsUnmatched) {
  auto app = add_app(3);
  auto id = add_applicant(app, 1, deanery, 8100101);
  auto apc = applier_for("APC");
  apply_apc(*apc, 1, apc_line("2", deanery, "8100101"));
  EXPECT_EQ(applicant(id).state, "EXPORTED");
  auto problem = only_unmatched(*apc);
  EXPECT_EQ(problem.field, "2 ESR_vacancy_id");
  EXPECT_EQ(problem.message, "ordinal 2 matches no applicant of the latest APP file");
}

TEST_F(ConfirmationAppliers, ApcEmptyVacancyIdIsUnmatched) {
  auto app = add_app(3);
  auto id = add_applicant(app, 1, deanery, 8100101);
  auto apc = applier_for("APC");
  apply_apc(*apc, 1, apc_line("", deanery, "8100101"));
  EXPECT_EQ(applicant(id).state, "EXPORTED");
  EXPECT_THAT(only_unmatched(*apc).message, HasSubstr("is empty"));
}

TEST_F(ConfirmationAppliers, ApcWithoutAnAppSentIsUnmatched) {
  auto apc = applier_for("APC");
  apply_apc(*apc, 1, apc_line("1", deanery, "8100101"));
  EXPECT_EQ(only_unmatched(*apc).message, "no APP file has been sent for this office to confirm");
}

TEST_F(ConfirmationAppliers, ApcMatchesTheLatestAppOnlyNotAnEarlierOnesOrdinals) {
  auto earlier = add_app(3);
  auto latest = add_app(7);
  auto earlier_first = add_applicant(earlier, 1, deanery, 8100101);
  auto earlier_second = add_applicant(earlier, 2, deanery, 8100101);
  auto latest_first = add_applicant(latest, 1, deanery, 8100101);
  auto apc = applier_for("APC");
  apply_apc(*apc, 1, apc_line("1", deanery, "8100101"));
  apply_apc(*apc, 2, apc_line("2", deanery, "8100101"));
  EXPECT_EQ(applicant(latest_first).state, "EXPORTED_AND_PROCESSED");
  EXPECT_EQ(applicant(earlier_first).state, "EXPORTED");
  EXPECT_EQ(applicant(earlier_second).state, "EXPORTED");
  EXPECT_EQ(only_unmatched(*apc).line, 2U);
}

}  // namespace
}  // namespace esr::inbound
