// The applicant lifecycle of DESIGN §7 and docs/applicants.md, one path per test:
// generate_applicants and export_app on a state database filled row by row, checking the
// applicants rows and the bytes of the APP files. Every personal value is made up.
#include "esr/outbound/applicants.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "esr/dialect/field_splitter.hpp"
#include "esr/inbound/confirmation_appliers.hpp"
#include "esr/ops/data_dir.hpp"
#include "esr/outbound/applicant_record.hpp"
#include "notification_fixture.hpp"

namespace esr::outbound {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

/// An applicants row as stored.
struct StoredApplicant {
  std::int64_t id = 0;
  std::string placement_id;
  std::int64_t position_id = 0;
  std::string state, reason, warnings, start_date, updated_at;
  std::string deanery_number, effective_date, end_date;  // as generated (and sent)
  bool held_back = false;
  std::optional<std::int64_t> file_id, ordinal;
  /// The record as the state would build it now (outbound/applicant_record.hpp): what the next
  /// export writes while it waits; after export, what was sent only while the state is unchanged.
  std::vector<std::string> values;
  /// What the applicant keeps of the record it was sent with.
  [[nodiscard]] std::vector<std::string> sent() const {
    return {deanery_number, effective_date, start_date, end_date};
  }
  /// The value of APP field n (1-based, as docs/applicants.md numbers them).
  [[nodiscard]] const std::string& f(int n) const {
    return values.at(static_cast<std::size_t>(n - 1));
  }
};

class Applicants : public test_support::NotificationFixture {
 protected:
  static constexpr std::int64_t host = 8100101;
  static constexpr std::int64_t lead = 8100102;

  Applicants() : data_{folder_.path() / "data"}, app_spec_(*schemas_.for_file_type("APP")) {
    data_.create_layout();
  }

  void SetUp() override { position(position_row(host)); }

  /// An extract row with every column the APP record reads, as the TIS import stores it: an
  /// eligible, APPROVED "In Post" on `npn` starting `start` days after today.
  [[nodiscard]] nlohmann::json trainee(const std::string& id, long start = 10) const {
    auto row = nlohmann::json::object();
    row["placement_id"] = id;
    row["npn"] = npn;
    row["placement_type"] = "In Post";
    row["lifecycle"] = "APPROVED";
    row["start_date"] = day(start);
    row["end_date"] = day(start + 364);
    row["wte"] = "1";
    row["grade"] = "ST3";
    row["site_code"] = "S1";
    row["site_name"] = "Site One Hospital";
    row["person_id"] = "person-" + id;
    row["gmc_number"] = "7100001";
    row["gmc_expiry_date"] = "2027-06-30";
    row["title"] = "Dr";
    row["surname"] = "Surname" + id;
    row["forenames"] = "Forename" + id;
    row["gender"] = "F";
    row["date_of_birth"] = "1994-03-12";
    row["email"] = "trainee." + id + "@example.org";
    row["address1"] = "1 Example Road";
    row["town"] = "Testbury";
    row["postcode"] = "ZZ9 9ZZ";
    row["country"] = "GB";
    row["mobile_tel"] = "07700900123";
    row["ni_number"] = "AB123456C";
    row["nationality"] = "British";
    for (const char* empty :
         {"gdc_number", "gdc_expiry_date", "legal_surname", "legal_forenames", "middle_names",
          "previous_surname", "address2", "address3", "county", "home_tel", "ntn", "ethnic_origin",
          "sexual_orientation", "religious_belief", "disability", "marital_status",
          "country_of_birth"}) {
      row[empty] = "";
    }
    return row;
  }

  /// Stores (or replaces) a placement row of the extract.
  void put(const nlohmann::json& row, bool present = true) {
    test_support::put_placement(db_, row, present);
  }

  GenerationCounts generate(std::optional<spec::BusinessDate> date = std::nullopt) {
    db::Transaction transaction(db_);
    auto counts = generate_applicants(transaction, app_spec_, date.value_or(today_), rules_);
    transaction.commit();
    return counts;
  }

  std::vector<Reserved> export_now(std::optional<spec::BusinessDate> date = std::nullopt) {
    Publisher publisher(db_, data_);
    ExportScope scope;
    scope.date = date.value_or(today_);
    auto reserved = outbound::export_app(db_, publisher, app_spec_, scope, rules_);
    publisher.publish_pending();
    return reserved;
  }

  /// Every applicant, by position then placement.
  std::vector<StoredApplicant> stored_applicants() {
    auto select = db_.prepare(fmt::format(
        "SELECT a.id, a.placement_id, a.position_id, a.state, coalesce(a.reason, ''),"
        " coalesce(a.warnings, ''), a.start_date, a.updated_at, a.export_file_id,"
        " a.export_ordinal, a.deanery_number, a.effective_date, a.end_date,"
        " a.held_back, {}, {} FROM applicants a"
        " JOIN positions pos ON pos.position_id = a.position_id"
        " JOIN tis_placements p ON p.placement_id = a.placement_id {}"
        " ORDER BY a.position_id, a.placement_id",
        state::position_columns("pos."), state::placement_columns(), state::person_join()));
    const AppLayout layout(app_spec_.records.front());
    std::vector<StoredApplicant> out;
    while (select.step()) {
      StoredApplicant a;
      a.id = select.column_int64(0);
      a.placement_id = select.column_text(1);
      a.position_id = select.column_int64(2);
      a.state = select.column_text(3);
      a.reason = select.column_text(4);
      a.warnings = select.column_text(5);
      a.start_date = select.column_text(6);
      a.updated_at = select.column_text(7);
      a.file_id = select.column_optional_int64(8);
      a.ordinal = select.column_optional_int64(9);
      a.deanery_number = select.column_text(10);
      a.effective_date = select.column_text(11);
      a.end_date = select.column_text(12);
      a.held_back = select.column_int(13) != 0;
      auto position = state::position_from_row(select, 14);
      auto placement = state::placement_from_row(select, 14 + state::kPositionColumnCount);
      auto date = spec::BusinessDate::from_iso(a.effective_date);
      EXPECT_TRUE(placement && date) << a.placement_id;
      if (placement && date)
        a.values = build_applicant_record(layout, *placement, position, *date).values;
      EXPECT_EQ(a.values.size(), 47U);
      out.push_back(std::move(a));
    }
    return out;
  }

  /// The one applicant of (placement, position); fails the test when there is none.
  StoredApplicant applicant(const std::string& placement_id, std::int64_t position_id = host) {
    for (auto& a : stored_applicants()) {
      if (a.placement_id == placement_id && a.position_id == position_id) return a;
    }
    ADD_FAILURE() << "no applicant for placement " << placement_id << " position " << position_id;
    return {};
  }

  /// The records of a published APP file, each split into its 47 unquoted values.
  std::vector<std::vector<std::string>> records_of(const Reserved& file) const {
    auto content = read_file(data_.outbox() / file.name);
    std::vector<std::vector<std::string>> records;
    std::size_t from = 0;
    for (auto end = content.find("\r\n", from); end != std::string::npos;
         end = content.find("\r\n", from)) {
      dialect::FieldSplitter splitter;
      auto line = std::string_view(content).substr(from, end - from);
      EXPECT_EQ(splitter.split(line), std::nullopt);
      records.emplace_back(splitter.fields().begin(), splitter.fields().end());
      EXPECT_EQ(records.back().size(), 47U);
      from = end + 2;
    }
    EXPECT_EQ(from, content.size()) << "every record ends in CRLF";
    return records;
  }

  std::size_t outbox_count() const {
    std::size_t count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(data_.outbox())) {
      count += entry.path().filename().string().starts_with(".") ? 0 : 1;
    }
    return count;
  }

  /// Applies an APC file of `lines` for EOE as the inbound processor would, through the APC
  /// applier; every line must match an applicant.
  void apply_apc(const std::vector<std::string>& lines) {
    auto name = "DE_EOE_APC_" + today_.plus_days(1).compact() + "_00004111.DAT";
    auto insert = db_.prepare(
        "INSERT INTO files(name, direction, type, local_office, business_date, outcome,"
        " started_at) VALUES (?1, 'in', 'APC', 'EOE', ?2, 'applied', '2026-11-24T06:00:00Z')");
    insert.bind(1, name).bind(2, today_.plus_days(1).iso());
    insert.run();
    inbound::FileContext context{db_.last_insert_rowid(), name, "APC", "EOE", today_.plus_days(1)};
    db::Transaction transaction(db_);
    auto applier = inbound::make_confirmation_applier(transaction, std::move(context));
    std::size_t number = 0;
    for (const auto& text : lines) {
      dialect::FieldSplitter fields;
      ASSERT_EQ(fields.split(text), std::nullopt) << text;
      dialect::ParsedRecord record;
      record.line = record.ordinal = ++number;
      record.raw = text;
      record.record_type = fields.fields().front();
      record.values = fields.fields();
      record.spec = &schemas_.by_name("APC")->records.front();
      applier->apply(record, "");
    }
    (void)applier->finish();
    transaction.commit();
    EXPECT_THAT(applier->unmatched(), IsEmpty());
  }

  /// An APC line answering the applicant at `ordinal` of the latest APP file.
  static std::string apc_line(std::int64_t ordinal, std::int64_t position_id, bool success) {
    if (success) {
      return fmt::format(
          R"("DA",{},,"{}","SUCCESS","Applicant created","INFO","APP0012341",30120001,{},{})",
          ordinal, npn, position_id, position_id + 32900000);
    }
    return fmt::format(R"("DA",{},,"{}","FAIL","Duplicate applicant","ERROR",,,{},{})", ordinal,
                       npn, position_id, position_id + 32900000);
  }

  ops::DataDir data_;
  const spec::FileSpec& app_spec_;
  ApplicantRules rules_;
};

// --- TO_EXPORT ---------------------------------------------------------------------------------

TEST_F(Applicants, EligiblePlacementInTheWindowOnALiveMatchedPositionIsToExport) {
  put(trainee("P1", 10));
  auto counts = generate();
  EXPECT_EQ(counts.to_export, 1);
  auto list = stored_applicants();
  ASSERT_THAT(list, SizeIs(1));
  const auto& a = list[0];
  EXPECT_EQ(a.state, "TO_EXPORT");
  EXPECT_EQ(a.reason, "");
  EXPECT_EQ(a.warnings, "");
  EXPECT_EQ(a.file_id, std::nullopt);
  EXPECT_EQ(a.ordinal, std::nullopt);
  EXPECT_EQ(a.start_date, day(10));
  EXPECT_EQ(a.f(1), "DA");
  EXPECT_EQ(a.f(4), npn);
  EXPECT_EQ(a.f(5), compact(0));
  EXPECT_EQ(a.f(6), "trainee.P1@example.org");
  EXPECT_EQ(a.f(7), "SurnameP1");
  EXPECT_EQ(a.f(8), "ForenameP1");
  EXPECT_EQ(a.f(11), "19940312");
  EXPECT_EQ(a.f(13), "1 Example Road");
  EXPECT_EQ(a.f(19), "GB");
  EXPECT_EQ(a.f(23), "GMC");
  EXPECT_EQ(a.f(24), "7100001");
  EXPECT_EQ(a.f(25), "20270630");
  EXPECT_EQ(a.f(31), "APP");
  EXPECT_EQ(a.f(34), "AB123456C");
  EXPECT_EQ(a.f(35), "8100101");
  EXPECT_EQ(a.f(36), "41000101");
  EXPECT_EQ(a.f(38), compact(10));
  EXPECT_EQ(a.f(39), compact(374));
}

TEST_F(Applicants, HostAndLeadPositionsOfOnePostGiveTwoRecords) {
  auto lead_row = position_row(lead);
  lead_row.host_lead = "Lead Employer";
  position(lead_row);
  put(trainee("P1"));
  generate();
  auto list = stored_applicants();
  ASSERT_THAT(list, SizeIs(2));
  EXPECT_EQ(list[0].position_id, host);
  EXPECT_EQ(list[0].f(35), "8100101");
  EXPECT_EQ(list[0].f(36), "41000101");
  EXPECT_EQ(list[1].position_id, lead);
  EXPECT_EQ(list[1].f(35), "8100102");
  EXPECT_EQ(list[1].f(36), "41000102");
  for (const auto& a : list) {
    EXPECT_EQ(a.placement_id, "P1");
    EXPECT_EQ(a.state, "TO_EXPORT");
  }
}

TEST_F(Applicants, OneRecordPerPlacementAndPositionHoweverOftenGenerated) {
  position(position_row(lead));
  put(trainee("P1"));
  put(trainee("P2"));
  generate();
  generate();
  generate(today_.plus_days(1));
  auto list = stored_applicants();
  ASSERT_THAT(list, SizeIs(4));  // 2 placements x 2 positions
  EXPECT_EQ(list[0].placement_id, "P1");
  EXPECT_EQ(list[1].placement_id, "P2");
  EXPECT_EQ(list[2].placement_id, "P1");
  EXPECT_EQ(list[3].placement_id, "P2");
}

TEST_F(Applicants, PlacementOnAnotherPostGetsNoRecordOnThisPosition) {
  auto elsewhere = trainee("P1");
  elsewhere["npn"] = "EOE/RGT00/021/FY1/099";  // no position has this deanery number
  put(elsewhere);
  generate();
  EXPECT_THAT(stored_applicants(), IsEmpty());
}

// --- EXPORTED ----------------------------------------------------------------------------------

TEST_F(Applicants, ExportMarksEachWithItsFileAndOrdinalInFileOrder) {
  position(position_row(lead));
  // Stored in an order unlike the file's: position id, then start date, then placement id.
  put(trainee("P3", 20));
  put(trainee("P1", 30));
  put(trainee("P2", 20));
  generate();
  auto files = export_now();
  ASSERT_THAT(files, SizeIs(1));
  EXPECT_EQ(files[0].name, "DE_EOE_APP_20261123_00000001.DAT");
  auto records = records_of(files[0]);
  ASSERT_THAT(records, SizeIs(6));
  const std::vector<std::pair<std::string, std::int64_t>> expected = {
      {"P2", host}, {"P3", host}, {"P1", host}, {"P2", lead}, {"P3", lead}, {"P1", lead}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    auto a = applicant(expected[i].first, expected[i].second);
    EXPECT_EQ(a.state, "EXPORTED") << i;
    EXPECT_EQ(a.reason, "") << i;
    EXPECT_EQ(a.file_id, files[0].file_id) << i;
    EXPECT_EQ(a.ordinal, static_cast<std::int64_t>(i + 1)) << i;
    EXPECT_EQ(records[i], a.values) << "record " << i + 1 << " is the stored record";
  }
}

TEST_F(Applicants, SecondExportWritesNothing) {
  put(trainee("P1"));
  generate();
  ASSERT_THAT(export_now(), SizeIs(1));
  auto before = applicant("P1");
  generate();
  EXPECT_THAT(export_now(), IsEmpty());
  EXPECT_EQ(outbox_count(), 1U);
  auto after = applicant("P1");
  EXPECT_EQ(after.state, "EXPORTED");
  EXPECT_EQ(after.file_id, before.file_id);
  EXPECT_EQ(after.ordinal, 1);
}

TEST_F(Applicants, NothingToExportWritesNoFile) {
  generate();
  EXPECT_THAT(export_now(), IsEmpty());
  EXPECT_EQ(outbox_count(), 0U);
}

// --- EXPORTED_AND_PROCESSED / EXPORTED_PROCESSED_WITH_ERRORS (APC) -----------------------------

TEST_F(Applicants, ApcSuccessMovesAnExportedApplicantToProcessed) {
  put(trainee("P1", 10));
  put(trainee("P2", 20));
  generate();
  ASSERT_THAT(export_now(), SizeIs(1));
  apply_apc({apc_line(1, host, true), apc_line(2, host, true)});
  EXPECT_EQ(applicant("P1").state, "EXPORTED_AND_PROCESSED");
  EXPECT_EQ(applicant("P2").state, "EXPORTED_AND_PROCESSED");
  auto applicant_number = db_.prepare(
      "SELECT applicant_number, assignment_id FROM applicants WHERE placement_id = 'P1'");
  ASSERT_TRUE(applicant_number.step());
  EXPECT_EQ(applicant_number.column_text(0), "APP0012341");
  EXPECT_EQ(applicant_number.column_text(1), "30120001");
}

TEST_F(Applicants, ApcFailMovesAnExportedApplicantToProcessedWithErrors) {
  put(trainee("P1", 10));
  put(trainee("P2", 20));
  generate();
  ASSERT_THAT(export_now(), SizeIs(1));
  apply_apc({apc_line(1, host, true), apc_line(2, host, false)});
  EXPECT_EQ(applicant("P1").state, "EXPORTED_AND_PROCESSED");
  EXPECT_EQ(applicant("P2").state, "EXPORTED_PROCESSED_WITH_ERRORS");
  auto message =
      db_.prepare("SELECT esr_message, esr_message_type FROM applicants WHERE placement_id = 'P2'");
  ASSERT_TRUE(message.step());
  EXPECT_EQ(message.column_text(0), "Duplicate applicant");
  EXPECT_EQ(message.column_text(1), "ERROR");
}

TEST_F(Applicants, ProcessedApplicantIsNotRegeneratedByALaterChange) {
  put(trainee("P1", 10));
  generate();
  ASSERT_THAT(export_now(), SizeIs(1));
  apply_apc({apc_line(1, host, false)});
  auto before = applicant("P1");
  auto corrected = trainee("P1", 12);
  corrected["email"] = "corrected.P1@example.org";
  put(corrected);
  generate();
  auto after = applicant("P1");
  EXPECT_EQ(after.state, "EXPORTED_PROCESSED_WITH_ERRORS");
  EXPECT_EQ(after.sent(), before.sent());
  EXPECT_THAT(export_now(), IsEmpty());
}

// --- INVALID_DATA ------------------------------------------------------------------------------

TEST_F(Applicants, MissingDateOfBirthIsInvalidDataWithFieldAndRule) {
  // date_of_birth is optional in the extract but DOB is mandatory in APP (X(8)+).
  auto row = trainee("P1");
  row["date_of_birth"] = "";
  put(row);
  auto counts = generate();
  EXPECT_EQ(counts.invalid, 1);
  auto a = applicant("P1");
  EXPECT_EQ(a.state, "INVALID_DATA");
  EXPECT_EQ(a.reason, "11 DOB: is mandatory and empty");
  EXPECT_THAT(export_now(), IsEmpty()) << "invalid data is never sent";
}

TEST_F(Applicants, CorrectedExtractRegeneratesInvalidDataToExport) {
  auto row = trainee("P1");
  row["date_of_birth"] = "";
  put(row);
  generate();
  ASSERT_EQ(applicant("P1").state, "INVALID_DATA");
  row["date_of_birth"] = "1994-03-12";
  put(row);
  generate();
  auto a = applicant("P1");
  EXPECT_EQ(a.state, "TO_EXPORT");
  EXPECT_EQ(a.reason, "");
  EXPECT_EQ(a.f(11), "19940312");
  ASSERT_THAT(export_now(), SizeIs(1));
  EXPECT_EQ(applicant("P1").state, "EXPORTED");
}

TEST_F(Applicants, PositionIdLongerThanN10IsInvalidData) {
  // T_POR02 is N(15) but APP Position_ID is N(10): such a position cannot be sent.
  std::int64_t long_id = 12345678901;
  position(position_row(long_id, "EOE/RGT00/021/FY1/020"));
  auto row = trainee("P1");
  row["npn"] = "EOE/RGT00/021/FY1/020";
  put(row);
  generate();
  auto a = applicant("P1", long_id);
  EXPECT_EQ(a.state, "INVALID_DATA");
  EXPECT_THAT(a.reason, HasSubstr("35 Position_ID: has 11 digits; N(10) allows at most 10"));
}

TEST_F(Applicants, InvalidDataWhosePlacementGoesIsDeletedBeforeExport) {
  auto row = trainee("P1");
  row["date_of_birth"] = "";
  put(row);
  generate();
  put(row, false);
  generate();
  EXPECT_EQ(applicant("P1").state, "DELETED_BEFORE_EXPORT");
}

// --- Partial groups: sent without the group, with a warning and no personal value -------------

TEST_F(Applicants, GmcWithoutExpiryIsSentWithoutProf01) {
  auto row = trainee("P1");
  row["gmc_expiry_date"] = "";
  put(row);
  generate();
  auto a = applicant("P1");
  EXPECT_EQ(a.state, "TO_EXPORT");
  EXPECT_EQ(a.reason, "");
  EXPECT_EQ(a.f(23), "");
  EXPECT_EQ(a.f(24), "");
  EXPECT_EQ(a.f(25), "");
  EXPECT_THAT(a.warnings, HasSubstr("Prof_01 left out"));
  EXPECT_THAT(a.warnings, Not(HasSubstr("7100001")));
  auto files = export_now();
  ASSERT_THAT(files, SizeIs(1));
  auto records = records_of(files[0]);
  ASSERT_THAT(records, SizeIs(1));
  EXPECT_EQ(records[0][22], "");
  EXPECT_EQ(records[0][23], "");
  EXPECT_EQ(records[0][24], "");
  EXPECT_EQ(read_file(data_.outbox() / files[0].name).find("7100001"), std::string::npos);
}

TEST_F(Applicants, AddressWithoutCountryIsSentWithoutTheAddress) {
  auto row = trainee("P1");
  row["country"] = "";
  put(row);
  generate();
  auto a = applicant("P1");
  EXPECT_EQ(a.state, "TO_EXPORT");
  for (int n = 13; n <= 19; ++n) EXPECT_EQ(a.f(n), "") << "field " << n;
  EXPECT_THAT(a.warnings, HasSubstr("Address left out"));
  EXPECT_THAT(a.warnings, Not(HasSubstr("Example Road")));
  EXPECT_THAT(a.warnings, Not(HasSubstr("ZZ9")));
  EXPECT_EQ(a.f(21), "07700900123") << "the phone is not part of the address";
}

TEST_F(Applicants, GmcUnknownIsLeftOutWithAWarning) {
  auto row = trainee("P1");
  row["gmc_number"] = "UNKNOWN";
  put(row);
  generate();
  auto a = applicant("P1");
  EXPECT_EQ(a.state, "TO_EXPORT");
  EXPECT_EQ(a.f(23), "");
  EXPECT_EQ(a.f(24), "");
  EXPECT_EQ(a.f(25), "");
  EXPECT_THAT(a.warnings, HasSubstr("gmc_number is not 7 digits: left out"));
  EXPECT_THAT(a.warnings, Not(HasSubstr("UNKNOWN")));
}

TEST_F(Applicants, GmcWithCPrefixIsSentAsItsSevenDigits) {
  auto row = trainee("P1");
  row["gmc_number"] = "C7100001";
  put(row);
  generate();
  auto a = applicant("P1");
  EXPECT_EQ(a.f(23), "GMC");
  EXPECT_EQ(a.f(24), "7100001");
  EXPECT_EQ(a.warnings, "");
}

TEST_F(Applicants, InvalidNiNumberIsLeftOutWithAWarning) {
  auto row = trainee("P1");
  row["ni_number"] = "QQ1234567";  // Q is never a first letter; the last is not a letter
  put(row);
  generate();
  auto a = applicant("P1");
  EXPECT_EQ(a.state, "TO_EXPORT");
  EXPECT_EQ(a.f(34), "");
  EXPECT_THAT(a.warnings, HasSubstr("ni_number fails the XX999999Y rule: left out"));
  EXPECT_THAT(a.warnings, Not(HasSubstr("QQ1234567")));
}

TEST_F(Applicants, CompleteRecordHasNoWarnings) {
  put(trainee("P1"));
  generate();
  EXPECT_EQ(applicant("P1").warnings, "");
}

// --- DELETED_BEFORE_EXPORT, and an EXPORTED record never changed -------------------------------

enum class Departure { placement_removed, position_deleted, position_unmatched, placement_draft };

std::string departure_name(const ::testing::TestParamInfo<Departure>& info) {
  switch (info.param) {
    case Departure::placement_removed:
      return "PlacementRemoved";
    case Departure::position_deleted:
      return "PositionDeleted";
    case Departure::position_unmatched:
      return "PositionUnmatched";
    case Departure::placement_draft:
      return "PlacementNowDraft";
  }
  return "Unknown";
}

class ApplicantDeparture : public Applicants, public ::testing::WithParamInterface<Departure> {
 protected:
  /// The placement or its position goes, or the placement stops being eligible.
  void depart(const nlohmann::json& row) {
    auto pos = position_row(host);
    switch (GetParam()) {
      case Departure::placement_removed:
        put(row, false);
        break;
      case Departure::position_deleted:
        pos.deleted = true;
        position(pos);
        break;
      case Departure::position_unmatched:
        pos.matched = false;
        position(pos);
        break;
      case Departure::placement_draft: {
        auto draft = row;
        draft["lifecycle"] = "DRAFT";
        put(draft);
        break;
      }
    }
  }
};

TEST_P(ApplicantDeparture, BeforeExportGivesDeletedBeforeExport) {
  auto row = trainee("P1");
  put(row);
  generate();
  ASSERT_EQ(applicant("P1").state, "TO_EXPORT");
  depart(row);
  auto counts = generate();
  EXPECT_EQ(counts.deleted_before_export, 1);
  auto a = applicant("P1");
  EXPECT_EQ(a.state, "DELETED_BEFORE_EXPORT");
  EXPECT_THAT(a.reason, HasSubstr("before export"));
  EXPECT_THAT(export_now(), IsEmpty());
}

TEST_P(ApplicantDeparture, AfterExportLeavesTheExportedRecordAlone) {
  auto row = trainee("P1");
  put(row);
  generate();
  ASSERT_THAT(export_now(), SizeIs(1));
  auto before = applicant("P1");
  depart(row);
  auto counts = generate();
  EXPECT_EQ(counts.deleted_before_export, 0);
  auto after = applicant("P1");
  EXPECT_EQ(after.state, "EXPORTED");
  EXPECT_EQ(after.reason, "");
  EXPECT_EQ(after.sent(), before.sent());
  EXPECT_EQ(after.file_id, before.file_id);
  EXPECT_EQ(after.ordinal, before.ordinal);
  EXPECT_EQ(after.updated_at, before.updated_at);
}

INSTANTIATE_TEST_SUITE_P(Each, ApplicantDeparture,
                         ::testing::Values(Departure::placement_removed,
                                           Departure::position_deleted,
                                           Departure::position_unmatched,
                                           Departure::placement_draft),
                         departure_name);

TEST_F(Applicants, DeletedBeforeExportComesBackWhenThePlacementDoes) {
  auto row = trainee("P1");
  put(row);
  generate();
  put(row, false);
  generate();
  ASSERT_EQ(applicant("P1").state, "DELETED_BEFORE_EXPORT");
  put(row);
  generate();
  auto a = applicant("P1");
  EXPECT_EQ(a.state, "TO_EXPORT");
  EXPECT_EQ(a.reason, "");
}

// --- Updates: before export only ---------------------------------------------------------------

TEST_F(Applicants, ChangedPlacementUpdatesItsRecordBeforeExport) {
  auto row = trainee("P1", 10);
  put(row);
  generate();
  auto before = applicant("P1");
  row["start_date"] = day(40);
  row["email"] = "new.address@example.org";
  put(row);
  generate();
  auto after = applicant("P1");
  EXPECT_EQ(after.id, before.id) << "the same record, updated";
  EXPECT_EQ(after.state, "TO_EXPORT");
  EXPECT_EQ(after.start_date, day(40));
  EXPECT_EQ(after.f(38), compact(40));
  EXPECT_EQ(after.f(6), "new.address@example.org");
  auto files = export_now();
  ASSERT_THAT(files, SizeIs(1));
  auto records = records_of(files[0]);
  ASSERT_THAT(records, SizeIs(1));
  EXPECT_EQ(records[0][37], compact(40));
  EXPECT_EQ(records[0][5], "new.address@example.org");
}

TEST_F(Applicants, ChangedPlacementLeavesItsRecordAloneAfterExport) {
  auto row = trainee("P1", 10);
  put(row);
  generate();
  ASSERT_THAT(export_now(), SizeIs(1));
  auto before = applicant("P1");
  row["start_date"] = day(40);
  row["email"] = "new.address@example.org";
  put(row);
  auto counts = generate();
  EXPECT_EQ(counts.unchanged_sent, 1);
  auto after = applicant("P1");
  EXPECT_EQ(after.state, "EXPORTED");
  EXPECT_EQ(after.sent(), before.sent());
  EXPECT_EQ(after.start_date, day(10));
  EXPECT_EQ(after.updated_at, before.updated_at);
  EXPECT_THAT(export_now(), IsEmpty());
}

TEST_F(Applicants, PlacementMovedOutOfTheWindowBeforeExportIsDeletedBeforeExport) {
  auto row = trainee("P1", 10);
  put(row);
  generate();
  row["start_date"] = day(200);
  put(row);
  generate();
  EXPECT_EQ(applicant("P1").state, "DELETED_BEFORE_EXPORT");
}

TEST_F(Applicants, PlacementMovedToAnotherPostBeforeExportMovesItsRecord) {
  position(position_row(8100201, "EOE/RGT00/021/FY1/020"));
  auto row = trainee("P1");
  put(row);
  generate();
  row["npn"] = "EOE/RGT00/021/FY1/020";
  put(row);
  generate();
  EXPECT_EQ(applicant("P1", host).state, "DELETED_BEFORE_EXPORT");
  auto moved = applicant("P1", 8100201);
  EXPECT_EQ(moved.state, "TO_EXPORT");
  EXPECT_EQ(moved.f(4), "EOE/RGT00/021/FY1/020");
}

// --- Eligible placement types ------------------------------------------------------------------

class EligibleType : public Applicants, public ::testing::WithParamInterface<const char*> {};

TEST_P(EligibleType, GivesARecordWhateverItsCase) {
  std::string type = GetParam();
  std::string upper = type, lower = type;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [id, spelling] : std::vector<std::pair<std::string, std::string>>{
           {"P1", type}, {"P2", upper}, {"P3", lower}}) {
    auto row = trainee(id);
    row["placement_type"] = spelling;
    put(row);
  }
  generate();
  auto list = stored_applicants();
  ASSERT_THAT(list, SizeIs(3));
  for (const auto& a : list) EXPECT_EQ(a.state, "TO_EXPORT") << a.placement_id;
}

INSTANTIATE_TEST_SUITE_P(DesignSection7, EligibleType,
                         ::testing::Values("In post", "In Post - Acting Up", "In post - Extension",
                                           "Parental Leave", "Long-term sick", "Suspended",
                                           "Phased Return"),
                         [](const ::testing::TestParamInfo<const char*>& type_info) {
                           std::string name;
                           for (const char* c = type_info.param; *c != '\0'; ++c) {
                             if (std::isalnum(static_cast<unsigned char>(*c)) != 0) name += *c;
                           }
                           return name;
                         });

TEST_F(Applicants, IneligibleTypeGivesNoRecord) {
  auto row = trainee("P1");
  row["placement_type"] = "OOPT";
  put(row);
  generate();
  EXPECT_THAT(stored_applicants(), IsEmpty());
}

TEST_F(Applicants, DraftPlacementGivesNoRecord) {
  auto row = trainee("P1");
  row["lifecycle"] = "DRAFT";
  put(row);
  generate();
  EXPECT_THAT(stored_applicants(), IsEmpty());
}

// --- The applicant window: D + min <= start < D + max ------------------------------------------

struct WindowCase {
  int min_days, max_days;
  long start;
  bool inside;
  const char* name;
};

void PrintTo(const WindowCase& c, std::ostream* out) {
  *out << c.name << ": window [D+" << c.min_days << ", D+" << c.max_days << "), start D+"
       << c.start;
}

class ApplicantWindow : public Applicants, public ::testing::WithParamInterface<WindowCase> {};

TEST_P(ApplicantWindow, EdgeBehaves) {
  rules_.window_min_days = GetParam().min_days;
  rules_.window_max_days = GetParam().max_days;
  put(trainee("P1", GetParam().start));
  generate();
  EXPECT_EQ(stored_applicants().size(), GetParam().inside ? 1U : 0U);
}

INSTANTIATE_TEST_SUITE_P(Configured, ApplicantWindow,
                         ::testing::Values(WindowCase{5, 30, 5, true, "MinIsIn"},
                                           WindowCase{5, 30, 4, false, "DayBeforeMinIsOut"},
                                           WindowCase{5, 30, 29, true, "DayBeforeMaxIsIn"},
                                           WindowCase{5, 30, 30, false, "MaxIsOut"},
                                           WindowCase{2, 91, 2, true, "DefaultTwoDaysIsIn"},
                                           WindowCase{2, 91, 1, false, "DefaultTomorrowIsOut"},
                                           WindowCase{2, 91, 90, true, "DefaultDay90IsIn"},
                                           WindowCase{2, 91, 91, false,
                                                      "DefaultThirteenWeeksIsOut"}),
                         [](const ::testing::TestParamInfo<WindowCase>& window) {
                           return std::string(window.param.name);
                         });

// --- ESR's limit per position in one APP file --------------------------------------------------

TEST_F(Applicants, ExcessOverTheLimitIsHeldBackAndGoesInTheNextExport) {
  rules_.max_per_position = 2;
  put(trainee("P1", 10));
  put(trainee("P2", 11));
  put(trainee("P3", 12));
  generate();
  auto first = export_now();
  ASSERT_THAT(first, SizeIs(1));
  auto records = records_of(first[0]);
  ASSERT_THAT(records, SizeIs(2));
  EXPECT_EQ(records[0][6], "SurnameP1");
  EXPECT_EQ(records[1][6], "SurnameP2");
  auto held = applicant("P3");
  EXPECT_EQ(held.state, "TO_EXPORT");
  EXPECT_TRUE(held.held_back);
  EXPECT_THAT(held.reason, StartsWith("more than 2 applicants against position"));
  EXPECT_EQ(held.file_id, std::nullopt);

  auto second = export_now();
  ASSERT_THAT(second, SizeIs(1));
  records = records_of(second[0]);
  ASSERT_THAT(records, SizeIs(1));
  EXPECT_EQ(records[0][6], "SurnameP3");
  auto sent = applicant("P3");
  EXPECT_EQ(sent.state, "EXPORTED");
  EXPECT_EQ(sent.reason, "");
  EXPECT_EQ(sent.file_id, second[0].file_id);
  EXPECT_EQ(sent.ordinal, 1);
}

TEST_F(Applicants, LimitCountsPerPositionNotPerFile) {
  rules_.max_per_position = 2;
  position(position_row(lead));
  put(trainee("P1"));
  put(trainee("P2"));
  generate();
  auto files = export_now();
  ASSERT_THAT(files, SizeIs(1));
  EXPECT_THAT(records_of(files[0]), SizeIs(4));
  for (const auto& a : stored_applicants()) EXPECT_EQ(a.state, "EXPORTED");
}

TEST_F(Applicants, HeldBackApplicantGoesNextDayEvenWhenItsStartLeavesTheWindow) {
  // An applicant held back by the per-position limit (or left TO_EXPORT by a failed export)
  // whose start is now before D + window_min_days still goes in the next run: the window decides
  // when a record is made, not whether a record made is sent (it used to be withdrawn).
  rules_.max_per_position = 1;
  put(trainee("P1", 2));
  put(trainee("P2", 2));
  generate();
  ASSERT_THAT(export_now(), SizeIs(1));
  ASSERT_TRUE(applicant("P2").held_back);
  auto tomorrow = today_.plus_days(1);
  generate(tomorrow);
  EXPECT_EQ(applicant("P2").state, "TO_EXPORT");
  ASSERT_THAT(export_now(tomorrow), SizeIs(1));
  EXPECT_EQ(applicant("P2").state, "EXPORTED");
}

// --- Day-one exclusion list --------------------------------------------------------------------

TEST_F(Applicants, ExcludedPlacementGetsNoRecord) {
  db_.exec(
      "INSERT INTO exclusions(placement_id, local_office, source, added_at)"
      " VALUES ('P1', 'EOE', 'day-one.csv', '2026-11-01T00:00:00Z')");
  put(trainee("P1"));
  put(trainee("P2"));
  generate();
  auto list = stored_applicants();
  ASSERT_THAT(list, SizeIs(1));
  EXPECT_EQ(list[0].placement_id, "P2");
}

}  // namespace
}  // namespace esr::outbound
