// Whole files through the real schemas: one FILE:LINE:FIELD problem per fault, every record
// reported, the summary counts.
#include "esr/dialect/file_parser.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "esr/dialect/file_identity.hpp"
#include "support/temp_dir.hpp"

namespace esr::dialect {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

const spec::SchemaRegistry& registry() {
  static const spec::SchemaRegistry shipped =
      spec::SchemaRegistry::load(ESRD_SOURCE_DIR "/schemas");
  return shipped;
}

// A record as reported, copied out of the callback.
struct Record {
  std::size_t line = 0;
  std::size_t ordinal = 0;
  std::string raw;
  const spec::RecordSpec* spec = nullptr;
  std::string record_type;
  std::vector<std::string> values;
  bool valid = true;
  bool confirmed = false;  // confirmation != nullptr
  std::string outcome;
  std::string reason;
};

struct Result {
  ParseSummary summary;
  std::vector<std::string> problems;  // to_string() of each
  std::vector<Record> records;
};

class FileParserTest : public ::testing::Test {
 protected:
  // Writes `bytes` as `name` and parses it with the schema its name gives.
  Result parse(const std::string& name, std::string_view bytes) {
    auto path = dir_.write(name, bytes);
    auto identity = identify_file(name, registry());
    EXPECT_NE(identity.spec, nullptr) << identity.error;
    if (identity.spec == nullptr) return {};
    Result result;
    ParseCallbacks callbacks;
    callbacks.on_problem = [&](const spec::Problem& problem) {
      result.problems.push_back(spec::to_string(problem));
    };
    callbacks.on_record = [&](const ParsedRecord& parsed) {
      Record record;
      record.line = parsed.line;
      record.ordinal = parsed.ordinal;
      record.raw = std::string(parsed.raw);
      record.spec = parsed.spec;
      record.record_type = std::string(parsed.record_type);
      record.values.assign(parsed.values.begin(), parsed.values.end());
      record.valid = parsed.valid;
      record.confirmed = parsed.confirmation != nullptr;
      if (parsed.confirmation != nullptr) {
        record.outcome = parsed.confirmation->outcome;
        record.reason = parsed.confirmation->reason;
      }
      result.records.push_back(std::move(record));
    };
    result.summary = parse_file(path, name, *identity.spec, registry(), callbacks);
    EXPECT_EQ(result.summary.problems, result.problems.size());
    EXPECT_EQ(result.summary.records, result.records.size());
    return result;
  }

  esr::test_support::TempDir dir_;
};

constexpr std::string_view kRmf = "DE_EMD_RMF_20261123_00000001.DAT";
constexpr std::string_view kApp = "DE_EMD_APP_20261123_00000002.DAT";
constexpr std::string_view kDnc = "DE_EMD_DNC_20261124_00000005.DAT";
constexpr std::string_view kDcc = "DE_EMD_DCC_20261124_00004112.DAT";
constexpr std::string_view kRtc = "DE_EMD_RTC_20261123_00000001.DAT";
constexpr std::string_view kApc = "DE_EMD_APC_20261124_00004111.DAT";
constexpr std::string_view kPosts = "posts_20261123.csv";
constexpr std::string_view kPlacements = "placements_20261123.csv";

const std::string kPor =
    R"x("POR",8100101,,"C",41000101,"Specialty Registrar General Internal Medicine",)x"
    R"x("EMD/RWEAA/300/STR/001","EMD","Host Employer","RWE","256","Specialist Medicine Division",)x"
    R"x("Leicester Royal Infirmary")x";
const std::string kPos =
    R"x("POS",8100101,,"C",41000101,"Medical and Dental","Specialty Registrar (General Medicine)",)x"
    R"x("300","General Internal Medicine","EMD/RWEAA/300/STR/001","EMD","RWE","NHS","MS03",)x"
    R"x("Specialty Registrar ST4/ SpR4","RWE01")x";
const std::string kAsg =
    R"x("ASG",8100101,30012345,"C","41000101-1","EMD/RWEAA/300/STR/001","Active Assignment",)x"
    R"x("20260805","20261201")x";
// An APP line with every personal value made up (see samples/README.md).
const std::string kDa =
    R"x("DA",,,"EMD/RWEAA/300/STR/001","20261123","kate.hollinsworth@example.nhs.uk",)x"
    R"x("Hollinsworth","Katherine","Anne","Dr","19910702","F","Flat 3, 14 Regent Road",)x"
    R"x("Clarendon Park",,"Leicester","Leicestershire","LE1 6YH","GB",,"07700 900102","A","GMC",)x"
    R"x("9900102","20270630",,,,"Bisexual","Atheism","APP","British","EMD/GIM/9900102/C",)x"
    R"x("JZ100102B",8100101,41000101,,"20261202","20270803","Married","Dunmore",)x"
    R"x("United Kingdom",,,,,)x";
const std::string kNot =
    R"x("NOT",256,"1",,41000101,"EMD/RWEAA/300/STR/001","EMD",)x"
    R"x("Specialty Registrar General Internal Medicine",,"Specialist Medicine Division",)x"
    R"x("Leicester Royal Infirmary",,"Host",,,"Farrow-Blake","Imogen","9900101","20261201",)x"
    R"x("NOT KNOWN","Hollinsworth","Katherine","9900102","King's Mill Hospital","20261202",)x"
    R"x("kate.hollinsworth@example.nhs.uk","Leicester Royal Infirmary",,,,,"ST4",,,,,,,,,)x"
    R"x("300",1.0,"N",,)x";

// Replaces field `index` (0-based) of a record line written in canonical form.
std::string with_field(const std::string& line, std::size_t index, std::string_view value) {
  std::vector<std::string> fields;
  std::string current;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) {
      fields.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  fields.push_back(current);
  fields.at(index) = std::string(value);
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += fields[i];
  }
  return out;
}

std::string crlf(std::initializer_list<std::string_view> lines) {
  std::string out;
  for (auto line : lines) {
    out += line;
    out += "\r\n";
  }
  return out;
}

// ---- records layout ---------------------------------------------------------------------------

TEST_F(FileParserTest, ValidRmfHasNoProblemsAndReportsEveryRecord) {
  auto bytes = crlf({kPor, kPos, kAsg});
  auto result = parse(std::string(kRmf), bytes);
  EXPECT_THAT(result.problems, IsEmpty());
  EXPECT_EQ(result.summary.records, 3U);
  EXPECT_EQ(result.summary.invalid_records, 0U);
  EXPECT_EQ(result.summary.problems, 0U);
  EXPECT_EQ(result.summary.transcoded_lines, 0U);
  EXPECT_EQ(result.summary.bytes, bytes.size());
  EXPECT_EQ(result.summary.by_record_type.at("POR"), 1U);
  EXPECT_EQ(result.summary.by_record_type.at("POS"), 1U);
  EXPECT_EQ(result.summary.by_record_type.at("ASG"), 1U);
  ASSERT_EQ(result.records.size(), 3U);
  const auto& por = result.records[0];
  EXPECT_EQ(por.line, 1U);
  EXPECT_EQ(por.ordinal, 1U);
  EXPECT_EQ(por.raw, kPor);
  EXPECT_EQ(por.record_type, "POR");
  ASSERT_NE(por.spec, nullptr);
  EXPECT_EQ(por.spec->record_type, "POR");
  ASSERT_EQ(por.values.size(), 13U);
  EXPECT_EQ(por.values[1], "8100101");
  EXPECT_EQ(por.values[6], "EMD/RWEAA/300/STR/001");
  EXPECT_TRUE(por.valid);
  EXPECT_FALSE(por.confirmed);
}

TEST_F(FileParserTest, EmptyMandatoryFieldIsOneProblemWithLineAndField) {
  auto result = parse(std::string(kRmf), crlf({kPor, with_field(kPos, 9, "")}));
  EXPECT_THAT(result.problems,
              ElementsAre("DE_EMD_RMF_20261123_00000001.DAT:2:T_POS10 Deanery Number: is mandatory "
                          "and empty"));
  ASSERT_EQ(result.records.size(), 2U);
  EXPECT_TRUE(result.records[0].valid);
  EXPECT_FALSE(result.records[1].valid);
  EXPECT_EQ(result.summary.invalid_records, 1U);
}

TEST_F(FileParserTest, ValueOutsideItsListIsOneProblem) {
  auto result = parse(std::string(kRmf), crlf({with_field(kPor, 3, R"("X")")}));
  EXPECT_THAT(result.problems,
              ElementsAre("DE_EMD_RMF_20261123_00000001.DAT:1:T_POR04 "
                          "Delete/Change Indicator: is 'X'; allowed values are C, D"));
}

TEST_F(FileParserTest, NumberWithALetterIsOneProblem) {
  auto result = parse(std::string(kRmf), crlf({with_field(kPor, 1, "81001O1")}));
  EXPECT_THAT(result.problems,
              ElementsAre("DE_EMD_RMF_20261123_00000001.DAT:1:T_POR02 Position ID: is not a "
                          "number: N(15)+ allows digits only (no sign, space or other character)"));
}

TEST_F(FileParserTest, OverLongTextIsOneProblem) {
  auto result = parse(std::string(kRmf), crlf({with_field(kPor, 7, R"("EMDEMDEMDEM")")}));
  EXPECT_THAT(result.problems,
              ElementsAre("DE_EMD_RMF_20261123_00000001.DAT:1:T_POR08 Managing Deanery/HEE Local "
                          "Office(former Deanery Body): is 11 characters long; X(10) allows at "
                          "most 10"));
}

TEST_F(FileParserTest, WrongFieldCountIsOneProblemAboutTheRecord) {
  auto short_por = kPor.substr(0, kPor.rfind(','));
  auto result = parse(std::string(kRmf), crlf({kPos, short_por, kPor + ","}));
  EXPECT_THAT(result.problems,
              ElementsAre("DE_EMD_RMF_20261123_00000001.DAT:2:POR record: has 12 fields; a POR "
                          "record has 13",
                          "DE_EMD_RMF_20261123_00000001.DAT:3:POR record: has 14 fields; a POR "
                          "record has 13"));
}

TEST_F(FileParserTest, MalformedLineIsOneProblemAndTheRecordIsStillReported) {
  auto result = parse(std::string(kRmf), crlf({R"("POR,8100101)", kPor, R"("POR"x,1)"}));
  EXPECT_THAT(result.problems,
              ElementsAre("DE_EMD_RMF_20261123_00000001.DAT:1:line: a double quote opened at "
                          "column 1 is never closed",
                          "DE_EMD_RMF_20261123_00000001.DAT:3:line: unexpected text after the "
                          "closing quote at column 5"));
  ASSERT_EQ(result.records.size(), 3U);
  EXPECT_FALSE(result.records[0].valid);
  EXPECT_EQ(result.records[0].spec, nullptr);
  EXPECT_EQ(result.records[0].raw, R"("POR,8100101)");
  EXPECT_TRUE(result.records[1].valid);
  EXPECT_EQ(result.records[1].ordinal, 2U);
}

TEST_F(FileParserTest, UnknownRecordTypeInAnAppFileIsRejected) {
  auto result = parse(std::string(kApp), crlf({kDa, R"("XX",1,2)"}));
  EXPECT_THAT(result.problems, ElementsAre("DE_EMD_APP_20261123_00000002.DAT:2:record type: "
                                           "unknown record type 'XX'; a APP file holds DA"));
  ASSERT_EQ(result.records.size(), 2U);
  EXPECT_TRUE(result.records[0].valid);
  EXPECT_FALSE(result.records[1].valid);
  EXPECT_EQ(result.records[1].spec, nullptr);
  EXPECT_EQ(result.records[1].record_type, "XX");
}

TEST_F(FileParserTest, AsgLineInAnRmfIsKeptWithoutASpec) {
  auto result = parse(std::string(kRmf), crlf({kPor, kAsg}));
  EXPECT_THAT(result.problems, IsEmpty());
  ASSERT_EQ(result.records.size(), 2U);
  const auto& asg = result.records[1];
  EXPECT_EQ(asg.spec, nullptr);
  EXPECT_EQ(asg.record_type, "ASG");
  EXPECT_TRUE(asg.valid);
  EXPECT_EQ(asg.raw, kAsg);
  EXPECT_EQ(asg.values.size(), 9U);
  EXPECT_EQ(result.summary.invalid_records, 0U);
  EXPECT_EQ(result.summary.by_record_type.at("ASG"), 1U);
}

TEST_F(FileParserTest, KeptRecordsAreCountedInUnknownRecords) {
  auto result = parse(std::string(kRmf), crlf({kPor, kAsg, kPos, kAsg}));
  EXPECT_EQ(result.summary.unknown_records, 2U);
}

TEST_F(FileParserTest, EmptyRecordTypeIsRejectedEvenWhereUnknownRecordsAreKept) {
  auto result = parse(std::string(kRmf), crlf({",8100101,1"}));
  EXPECT_THAT(result.problems, ElementsAre("DE_EMD_RMF_20261123_00000001.DAT:1:record type: "
                                           "unknown record type ''; a RMT file holds POR, POS"));
}

TEST_F(FileParserTest, BlankLinesKeepPhysicalLineNumbers) {
  auto bytes = "\r\n" + kPor + "\r\n\r\n\n" + with_field(kPos, 9, "") + "\r\n\r\n";
  auto result = parse(std::string(kRmf), bytes);
  EXPECT_THAT(result.problems,
              ElementsAre("DE_EMD_RMF_20261123_00000001.DAT:5:T_POS10 Deanery Number: is mandatory "
                          "and empty"));
  ASSERT_EQ(result.records.size(), 2U);
  EXPECT_EQ(result.records[0].line, 2U);
  EXPECT_EQ(result.records[0].ordinal, 1U);
  EXPECT_EQ(result.records[1].line, 5U);
  EXPECT_EQ(result.records[1].ordinal, 2U);
}

TEST_F(FileParserTest, EveryProblemIsReportedInFileOrder) {
  auto bad_por = with_field(with_field(kPor, 1, "x"), 6, "");
  auto bad_pos = with_field(with_field(kPos, 3, R"("Z")"), 12, R"("ABCD")");
  auto result = parse(std::string(kRmf), crlf({bad_por, kPor, bad_pos}));
  EXPECT_THAT(
      result.problems,
      ElementsAre(
          "DE_EMD_RMF_20261123_00000001.DAT:1:T_POR02 Position ID: is not a number: N(15)+ "
          "allows digits only (no sign, space or other character)",
          "DE_EMD_RMF_20261123_00000001.DAT:1:T_POR07 Deanery Number: is mandatory and empty",
          "DE_EMD_RMF_20261123_00000001.DAT:3:T_POS04 Change/Delete Indicator: is 'Z'; allowed "
          "values are C, D",
          "DE_EMD_RMF_20261123_00000001.DAT:3:T_POS13 Grade Trust: is 4 characters long; X(3) "
          "allows at most 3"));
  EXPECT_EQ(result.summary.invalid_records, 2U);
  EXPECT_EQ(result.summary.problems, 4U);
}

TEST_F(FileParserTest, Windows1252LineIsReadAndCounted) {
  auto latin = with_field(kPor, 11, "\"Sant\xE9 \xA3 Division\"");
  auto result = parse(std::string(kRmf), crlf({kPos, latin, kPor, latin}));
  EXPECT_THAT(result.problems, IsEmpty());
  EXPECT_EQ(result.summary.transcoded_lines, 2U);
  EXPECT_EQ(result.summary.first_transcoded_line, 2U);
  ASSERT_EQ(result.records.size(), 4U);
  EXPECT_EQ(result.records[1].values.at(11), "Sant\xC3\xA9 \xC2\xA3 Division");
  EXPECT_THAT(result.records[1].raw, HasSubstr("Sant\xC3\xA9"));
}

TEST_F(FileParserTest, NulByteIsALineProblem) {
  auto result = parse(std::string(kRmf), crlf({std::string_view("\"POR\",\0", 7), kPor}));
  EXPECT_THAT(result.problems,
              ElementsAre("DE_EMD_RMF_20261123_00000001.DAT:1:line: line contains a NUL byte"));
  ASSERT_EQ(result.records.size(), 2U);
  EXPECT_FALSE(result.records[0].valid);
  EXPECT_TRUE(result.records[1].valid);
}

TEST_F(FileParserTest, OverLongLineIsALineProblemAndTheNextLineIsRead) {
  auto result = parse(std::string(kRmf), crlf({std::string(3'000'000, 'x'), kPor}));
  EXPECT_THAT(result.problems, ElementsAre("DE_EMD_RMF_20261123_00000001.DAT:1:line: line is "
                                           "longer than 1048576 bytes"));
  ASSERT_EQ(result.records.size(), 2U);
  EXPECT_FALSE(result.records[0].valid);
  EXPECT_TRUE(result.records[1].valid);
  EXPECT_EQ(result.records[1].line, 2U);
}

TEST_F(FileParserTest, EmptyFileHasNoRecordsAndNoProblems) {
  auto result = parse(std::string(kRmf), "");
  EXPECT_THAT(result.problems, IsEmpty());
  EXPECT_EQ(result.summary.records, 0U);
}

TEST_F(FileParserTest, DisplayNameIsTheFileOfEachProblem) {
  auto path = dir_.write(std::string(kRmf), crlf({with_field(kPor, 1, "")}));
  std::vector<std::string> problems;
  ParseCallbacks callbacks;
  callbacks.on_problem = [&](const spec::Problem& p) { problems.push_back(spec::to_string(p)); };
  (void)parse_file(path, "inbox/shown.DAT", *registry().by_name("RMT"), registry(), callbacks);
  EXPECT_THAT(problems,
              ElementsAre("inbox/shown.DAT:1:T_POR02 Position ID: is mandatory and empty"));
}

TEST_F(FileParserTest, CallbacksAreOptional) {
  auto path = dir_.write(std::string(kRmf), crlf({with_field(kPor, 1, ""), kPos}));
  auto summary = parse_file(path, std::string(kRmf), *registry().by_name("RMT"), registry(), {});
  EXPECT_EQ(summary.records, 2U);
  EXPECT_EQ(summary.problems, 1U);
  EXPECT_EQ(summary.invalid_records, 1U);
}

TEST_F(FileParserTest, MissingFileThrowsSystemError) {
  EXPECT_THROW((void)parse_file(dir_.path() / "missing.DAT", "missing.DAT",
                                *registry().by_name("RMT"), registry(), {}),
               std::system_error);
}

TEST_F(FileParserTest, PersonalValueNeverAppearsInAProblem) {
  auto bad_dob = with_field(kDa, 10, R"("19910230")");
  auto result = parse(std::string(kApp), crlf({bad_dob}));
  EXPECT_THAT(result.problems,
              ElementsAre("DE_EMD_APP_20261123_00000002.DAT:1:11 DOB: is (personal value "
                          "withheld); not a real date in the form YYYYMMDD"));
  auto long_name = with_field(kDa, 6, "\"Hollinsworth" + std::string(150, 'Q') + "\"");
  result = parse(std::string(kApp), crlf({long_name}));
  ASSERT_EQ(result.problems.size(), 1U);
  EXPECT_THAT(result.problems[0], HasSubstr(":1:7 Last_Name: is 162 characters long"));
  EXPECT_THAT(result.problems[0], Not(HasSubstr("Hollinsworth")));
}

TEST_F(FileParserTest, AddressFieldsAreRequiredWithEachOther) {
  // Address2 alone: Address1 and Country become mandatory.
  auto line = kDa;
  for (std::size_t i : {12, 14, 15, 16, 17, 18}) line = with_field(line, i, "");
  auto result = parse(std::string(kApp), crlf({line}));
  EXPECT_THAT(result.problems,
              ElementsAre("DE_EMD_APP_20261123_00000002.DAT:1:13 Address1: is mandatory and empty",
                          "DE_EMD_APP_20261123_00000002.DAT:1:19 Country: is mandatory and empty"));
  line = with_field(line, 13, "");  // no address at all is fine
  EXPECT_THAT(parse(std::string(kApp), crlf({line})).problems, IsEmpty());
}

TEST_F(FileParserTest, NotificationVpdIsRequiredForType1ButNotType5) {
  auto no_vpd = with_field(kNot, 1, "");
  auto result = parse(std::string(kDnc), crlf({no_vpd}));
  EXPECT_THAT(result.problems,
              ElementsAre("DE_EMD_DNC_20261124_00000005.DAT:1:S_NOT02 Notification VPD: is "
                          "mandatory and empty"));
  auto type5 = with_field(with_field(with_field(no_vpd, 2, R"("5")"), 4, ""), 7, "");
  EXPECT_THAT(parse(std::string(kDnc), crlf({type5})).problems, IsEmpty());
}

TEST_F(FileParserTest, ApcStatusMustBeSuccessOrFail) {
  auto result = parse(
      std::string(kApc),
      crlf(
          {R"("DA",1,,"EMD/RWEAA/300/STR/001","DONE","Applicant created","INFO","APP0012341",30120001,8100101,41000101)"}));
  EXPECT_THAT(result.problems,
              ElementsAre("DE_EMD_APC_20261124_00004111.DAT:1:5 load_status_code: is 'DONE'; "
                          "allowed values are SUCCESS, FAIL"));
}

// ---- confirmation layout ----------------------------------------------------------------------

TEST_F(FileParserTest, ValidDccReportsEachConfirmation) {
  auto bytes = crlf({"1~SUCCESS~~" + kNot,
                     "2~FAIL~Error: Field Notification VPD is Mandatory and field value is empty~" +
                         with_field(kNot, 1, "")});
  auto result = parse(std::string(kDcc), bytes);
  EXPECT_THAT(result.problems, IsEmpty());
  ASSERT_EQ(result.records.size(), 2U);
  EXPECT_TRUE(result.records[0].confirmed);
  EXPECT_EQ(result.records[0].outcome, "SUCCESS");
  EXPECT_EQ(result.records[0].record_type, "NOT");
  EXPECT_EQ(result.records[0].values.size(), 45U);
  EXPECT_EQ(result.records[1].outcome, "FAIL");
  EXPECT_EQ(result.records[1].reason,
            "Error: Field Notification VPD is Mandatory and field value is empty");
  EXPECT_EQ(result.records[1].values.at(1), "");  // the echo is not validated
  EXPECT_EQ(result.summary.by_record_type.at("NOT"), 2U);
}

TEST_F(FileParserTest, BadOutcomeIsOneProblem) {
  auto result = parse(std::string(kDcc), crlf({"1~DONE~~" + kNot}));
  EXPECT_THAT(result.problems, ElementsAre("DE_EMD_DCC_20261124_00004112.DAT:1:outcome Outcome: "
                                           "is 'DONE'; allowed values are SUCCESS, FAIL"));
  EXPECT_FALSE(result.records.at(0).valid);
}

TEST_F(FileParserTest, LowerCaseOutcomeIsReadAsTheListedSpelling) {
  auto result = parse(std::string(kDcc), crlf({"1~success~~" + kNot, "2~ Fail ~why~" + kNot}));
  EXPECT_TRUE(result.problems.empty());
  ASSERT_EQ(result.records.size(), 2U);
  EXPECT_EQ(result.records[0].outcome, "SUCCESS");
  EXPECT_EQ(result.records[1].outcome, "FAIL");
}

TEST_F(FileParserTest, CodedValuesReachTheApplierInTheirListedSpelling) {
  // T_POR09 'LEAD EMPLOYER ' and T_POR04 'c' are ESR's 'Lead Employer' and 'C'; the raw line
  // (echoed in the RTC) stays as received.
  std::string por =
      R"("POR",8100101,,"c",41000101,"Title","EMD/X/1","EMD","LEAD EMPLOYER ","RWE","256","Org","Loc")";
  auto result = parse("DE_EMD_RMC_20261124_00000001.DAT", crlf({por}));
  EXPECT_TRUE(result.problems.empty()) << result.problems.front();
  ASSERT_EQ(result.records.size(), 1U);
  EXPECT_EQ(result.records[0].values.at(3), "C");
  EXPECT_EQ(result.records[0].values.at(8), "Lead Employer");
  EXPECT_EQ(result.records[0].raw, por);
}

// dcc.json leaves ESR's reason optional: a FAIL without one is still a usable confirmation
// (RTC, which esrd writes, requires it: see RtcFailWithoutReasonIsReportedOnce).
TEST_F(FileParserTest, DccFailWithoutReasonIsAccepted) {
  auto result = parse(std::string(kDcc), crlf({"1~FAIL~~" + kNot}));
  EXPECT_THAT(result.problems, IsEmpty());
  EXPECT_TRUE(result.records.at(0).valid);
}

TEST_F(FileParserTest, PositionMustBeANumber) {
  auto result = parse(std::string(kDcc), crlf({"x~SUCCESS~~" + kNot, "~SUCCESS~~" + kNot}));
  EXPECT_THAT(result.problems,
              ElementsAre("DE_EMD_DCC_20261124_00004112.DAT:1:position Relative Position: is not a "
                          "number: N(15)+ allows digits only (no sign, space or other character)",
                          "DE_EMD_DCC_20261124_00004112.DAT:2:position Relative Position: is "
                          "mandatory and empty"));
}

TEST_F(FileParserTest, LineWithoutTheWrapperIsALineProblem) {
  auto result = parse(std::string(kDcc), crlf({kNot, "1~SUCCESS"}));
  EXPECT_THAT(result.problems,
              ElementsAre("DE_EMD_DCC_20261124_00004112.DAT:1:line: not a confirmation line: no "
                          "'~' separators",
                          "DE_EMD_DCC_20261124_00004112.DAT:2:line: not a confirmation line: "
                          "expected <position>~<outcome>~<reason>~<record>"));
  ASSERT_EQ(result.records.size(), 2U);
  EXPECT_FALSE(result.records[0].confirmed);
  EXPECT_FALSE(result.records[0].valid);
}

TEST_F(FileParserTest, MalformedEchoIsAConfirmedRecordProblem) {
  auto result = parse(std::string(kDcc), crlf({R"(1~SUCCESS~~"NOT,256)"}));
  EXPECT_THAT(result.problems,
              ElementsAre("DE_EMD_DCC_20261124_00004112.DAT:1:confirmed record: a double quote "
                          "opened at column 1 is never closed"));
}

TEST_F(FileParserTest, QuotedReasonWithATildeIsRead) {
  auto result = parse(std::string(kRtc), crlf({R"(1~FAIL~"Error: a~b"~)" + kPor}));
  EXPECT_THAT(result.problems, IsEmpty());
  ASSERT_EQ(result.records.size(), 1U);
  EXPECT_EQ(result.records[0].reason, "Error: a~b");
  EXPECT_EQ(result.records[0].record_type, "POR");
}

TEST_F(FileParserTest, DccEchoIsResolvedAgainstTheNotificationSchema) {
  auto result = parse(std::string(kDcc), crlf({"1~SUCCESS~~" + kNot, "2~SUCCESS~~" + kPor}));
  ASSERT_EQ(result.records.size(), 2U);
  ASSERT_NE(result.records[0].spec, nullptr);
  EXPECT_EQ(result.records[0].spec->record_type, "NOT");
  EXPECT_THAT(result.problems, ElementsAre("DE_EMD_DCC_20261124_00004112.DAT:2:confirmed record: "
                                           "record type 'POR' is not one of NOT"));
}

TEST_F(FileParserTest, RtcEchoOfAnAsgLineIsKept) {
  auto result = parse(std::string(kRtc),
                      crlf({"1~SUCCESS~~" + kPor, "2~SUCCESS~~" + kPos, "3~SUCCESS~~" + kAsg}));
  EXPECT_THAT(result.problems, IsEmpty());
  ASSERT_EQ(result.records.size(), 3U);
  ASSERT_NE(result.records[0].spec, nullptr);
  EXPECT_EQ(result.records[0].spec->record_type, "POR");
  EXPECT_EQ(result.records[2].spec, nullptr);
  EXPECT_EQ(result.records[2].record_type, "ASG");
  EXPECT_TRUE(result.records[2].valid);
  EXPECT_EQ(result.records[2].raw, "3~SUCCESS~~" + kAsg);
}

TEST_F(FileParserTest, RtcFailWithoutReasonIsReportedOnce) {
  auto result = parse(std::string(kRtc), crlf({"1~FAIL~~" + kPor}));
  ASSERT_EQ(result.problems.size(), 1U) << ::testing::PrintToString(result.problems);
  EXPECT_THAT(result.problems[0],
              HasSubstr("DE_EMD_RTC_20261123_00000001.DAT:1:reason Reason for Failure: "));
}

TEST_F(FileParserTest, RtcLineEchoingNothingIsAProblem) {
  auto result = parse(std::string(kRtc), crlf({"1~SUCCESS~~"}));
  EXPECT_THAT(result.problems, ElementsAre(HasSubstr("DE_EMD_RTC_20261123_00000001.DAT:1:confirmed "
                                                     "record: ")));
}

// ---- csv layout -------------------------------------------------------------------------------

TEST_F(FileParserTest, CsvColumnsAreReadByHeaderNameInAnyOrder) {
  auto result = parse(std::string(kPosts),
                      "status,extra,npn,local_office\n"
                      "CURRENT,ignored,EMD/RWEAA/300/STR/001,EMD\n"
                      "INACTIVE,,EMD/RX1RA/002/FY1/014,\n");
  EXPECT_THAT(result.problems, IsEmpty());
  ASSERT_EQ(result.records.size(), 2U);
  EXPECT_EQ(result.records[0].line, 2U);
  EXPECT_EQ(result.records[0].ordinal, 1U);
  EXPECT_THAT(result.records[0].values, ElementsAre("EMD/RWEAA/300/STR/001", "CURRENT", "EMD"));
  EXPECT_THAT(result.records[1].values, ElementsAre("EMD/RX1RA/002/FY1/014", "INACTIVE", ""));
  EXPECT_EQ(result.records[0].record_type, "post");
  EXPECT_EQ(result.summary.by_record_type.at("post"), 2U);
}

TEST_F(FileParserTest, CsvOptionalColumnMayBeAbsent) {
  auto result = parse(std::string(kPosts), "npn\nEMD/RWEAA/300/STR/001\n");
  EXPECT_THAT(result.problems, IsEmpty());
  ASSERT_EQ(result.records.size(), 1U);
  EXPECT_THAT(result.records[0].values, ElementsAre("EMD/RWEAA/300/STR/001", "", ""));
}

TEST_F(FileParserTest, CsvQuotedValueMayHoldALineBreak) {
  auto result = parse(std::string(kPosts),
                      "npn,status,local_office\n"
                      "\"EMD/A\nB\",CURRENT,\"E,M\"\n"
                      "EMD/C,CURRENT,EMD\n");
  EXPECT_THAT(result.problems, IsEmpty());
  ASSERT_EQ(result.records.size(), 2U);
  EXPECT_EQ(result.records[0].line, 2U);
  EXPECT_THAT(result.records[0].values, ElementsAre("EMD/A\nB", "CURRENT", "E,M"));
  EXPECT_EQ(result.records[1].line, 4U);
  EXPECT_EQ(result.records[1].ordinal, 2U);
}

TEST_F(FileParserTest, CsvQuotedValueKeepsABlankLine) {
  auto result = parse(std::string(kPosts),
                      "npn,status,local_office\n"
                      "\"A\n\nB\",CURRENT,EMD\n");
  EXPECT_THAT(result.problems, IsEmpty());
  ASSERT_EQ(result.records.size(), 1U);
  EXPECT_THAT(result.records[0].values, ElementsAre("A\n\nB", "CURRENT", "EMD"));
}

TEST_F(FileParserTest, CsvQuoteNeverClosedIsOneProblemAtItsFirstLine) {
  auto result = parse(std::string(kPosts),
                      "npn,status,local_office\n"
                      "EMD/A,CURRENT,EMD\n"
                      "\"EMD/B,CURRENT,EMD\n"
                      "EMD/C,CURRENT,EMD\n");
  EXPECT_THAT(result.problems, ElementsAre("posts_20261123.csv:3:line: a double quote opened at "
                                           "column 1 is never closed"));
}

TEST_F(FileParserTest, CsvUnreadableRowsAreStillReportedAsInvalidRecords) {
  const std::string nul_row("EMD/\0B,CURRENT,EMD\n", 19);
  auto result =
      parse(std::string(kPosts), "npn,status,local_office\nEMD/A,CURRENT,EMD\n" + nul_row +
                                     "\"EMD/C\"x,CURRENT,EMD\nEMD/D,CURRENT,EMD\n");
  EXPECT_EQ(result.problems.size(), 2U);
  ASSERT_EQ(result.records.size(), 4U);
  EXPECT_FALSE(result.records[1].valid);
  EXPECT_FALSE(result.records[2].valid);
  EXPECT_EQ(result.records[3].ordinal, 4U);
}

TEST_F(FileParserTest, CsvMissingRequiredColumnIsOneProblemOnTheHeader) {
  auto result = parse(std::string(kPosts), "status,local_office\n");
  EXPECT_THAT(result.problems, ElementsAre("posts_20261123.csv:1:npn: required column is missing "
                                           "from the header"));
}

TEST_F(FileParserTest, CsvMissingRequiredColumnIsNotReportedAgainOnEveryRow) {
  auto result = parse(std::string(kPosts), "status,local_office\nCURRENT,EMD\nCURRENT,EMD\n");
  EXPECT_THAT(result.problems, ElementsAre("posts_20261123.csv:1:npn: required column is missing "
                                           "from the header"));
}

TEST_F(FileParserTest, CsvRowWithTheWrongColumnCountIsOneProblem) {
  auto result = parse(std::string(kPosts),
                      "npn,status,local_office\n"
                      "EMD/A,CURRENT,EMD\n"
                      "EMD/B,CURRENT\n"
                      "EMD/C,CURRENT,EMD,extra\n");
  EXPECT_THAT(result.problems,
              ElementsAre("posts_20261123.csv:3:line: has 2 columns; the header has 3",
                          "posts_20261123.csv:4:line: has 4 columns; the header has 3"));
  ASSERT_EQ(result.records.size(), 3U);
  EXPECT_FALSE(result.records[1].valid);
}

TEST_F(FileParserTest, CsvWithoutAHeaderIsOneProblem) {
  auto result = parse(std::string(kPosts), "");
  EXPECT_THAT(
      result.problems,
      ElementsAre("posts_20261123.csv:0:header: the file is empty: a header row is required"));
}

TEST_F(FileParserTest, CsvFieldProblemsNameTheColumn) {
  auto result = parse(std::string(kPosts), "npn,status,local_office\nEMD/A,ACTIVE,EMD\n");
  EXPECT_THAT(result.problems, ElementsAre("posts_20261123.csv:2:status: is 'ACTIVE'; allowed "
                                           "values are CURRENT, INACTIVE"));
}

TEST_F(FileParserTest, CsvFieldProblemsAreReportedWithoutPersonalValues) {
  std::string header =
      "placement_id,npn,placement_type,lifecycle,start_date,end_date,person_id,surname,forenames,"
      "date_of_birth,wte\n";
  auto result = parse(std::string(kPlacements),
                      header +
                          "5001,EMD/A,In Post,APPROVED,2026-08-05,2026-12-01,900101,Farrow-Blake,"
                          "Imogen,1992-02-30,1\n"
                          "5002,EMD/A,In Post,LIVE,2026-12-02,2027-13-03,900102,Hollinsworth,,"
                          "1991-07-02,1.005\n");
  ASSERT_EQ(result.problems.size(), 5U) << ::testing::PrintToString(result.problems);
  EXPECT_THAT(result.problems[0], HasSubstr(":2:date_of_birth"));
  EXPECT_THAT(result.problems[0],
              HasSubstr(": is (personal value withheld); not a real date in the form YYYY-MM-DD"));
  EXPECT_THAT(result.problems[1], HasSubstr(":3:lifecycle"));
  EXPECT_THAT(result.problems[1], HasSubstr(": is 'LIVE'; allowed values are APPROVED, DRAFT"));
  EXPECT_THAT(result.problems[2], HasSubstr(":3:end_date"));
  EXPECT_THAT(result.problems[2], HasSubstr(": is '2027-13-03'; not a real date"));
  EXPECT_THAT(result.problems[3], HasSubstr(":3:wte"));
  EXPECT_THAT(result.problems[3],
              HasSubstr(": has 3 digits after the point; N(3,2) allows at most 2"));
  EXPECT_THAT(result.problems[4], HasSubstr(":3:forenames"));
  EXPECT_THAT(result.problems[4], HasSubstr(": is mandatory and empty"));
  for (const auto& problem : result.problems) {
    EXPECT_THAT(problem, Not(HasSubstr("1992")));
    EXPECT_THAT(problem, Not(HasSubstr("Hollinsworth")));
  }
}

}  // namespace
}  // namespace esr::dialect
