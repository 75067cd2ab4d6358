// The command line end to end: validate on the samples and on broken files, exit statuses,
// --help of every command, and parse --json.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "e2e_support.hpp"

namespace esr::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

using Cli = TempDataDir;

TEST_F(Cli, ValidateAcceptsEverySampleFile) {
  int checked = 0;
  for (const auto& relative : list_tree(samples_dir())) {
    if (relative.ends_with(".md")) continue;
    SCOPED_TRACE(relative);
    auto run = run_esrd({"validate", sample(relative).string()});
    EXPECT_EQ(run.exit_code, 0) << run.describe();
    // A valid file prints no problem; the samples do carry a few warnings on purpose (an
    // UNKNOWN GMC number, a staff group with a trailing backslash as a real RMF had).
    for (const auto& line : split_lines(run.out)) EXPECT_THAT(line, HasSubstr(": warning: "));
    ++checked;
  }
  EXPECT_GE(checked, 15);
}

TEST_F(Cli, ValidateListsEveryProblemAsFileLineFieldAndExitsOne) {
  auto text = read_file(sample(std::string("day1/inbox/") + emd_rmf));
  text = edit_line(text, 3, [](std::vector<std::string>& fields) { fields.at(6) = ""; });
  text = edit_line(text, 8, [](std::vector<std::string>& fields) { fields.at(1) = "81001x4"; });
  auto file = put_in_work("DE_EMD_RMF_20261123_00000021.DAT", text);
  auto run = run_esrd({"validate", file.string()});
  EXPECT_EQ(run.exit_code, 1) << run.describe();
  std::vector<std::string> lines;
  for (auto& line : split_lines(run.out)) {
    if (line.find(": warning: ") == std::string::npos) lines.push_back(line);
  }
  ASSERT_EQ(lines.size(), 2U) << run.describe();
  EXPECT_THAT(lines[0], StartsWith(file.string() + ":3:T_POR07 Deanery Number: "));
  EXPECT_THAT(lines[1], StartsWith(file.string() + ":8:T_POS02 Position ID: "));
  EXPECT_FALSE(std::filesystem::exists(quarantine())) << "validate touches no data directory";
}

TEST_F(Cli, ValidateWarnsOfReferenceListsAndIdentifiersAndStillAccepts) {
  auto text = read_file(sample("outbound/DE_EMD_DNC_20261124_00000006.DAT"));
  text = edit_line(text, 2, [](std::vector<std::string>& fields) {
    fields.at(6) = "\"XYZ\"";     // S_NOT07 local office: not on the open list local_offices
    fields.at(17) = "\"99001\"";  // S_NOT18 GMC number: not 7 digits
    fields.at(31) = "\"ST9\"";    // S_NOT32 grade: not on the open list trainee_grades
  });
  auto file = put_in_work("DE_EMD_DNC_20261124_00000006.DAT", text);
  auto run = run_esrd({"validate", file.string()});
  EXPECT_EQ(run.exit_code, 0) << run.describe();
  auto lines = split_lines(run.out);
  ASSERT_EQ(lines.size(), 4U) << run.describe();
  const auto at = file.string() + ":2:";
  // The sample's own: position 8100107's staff group, as ESR sent it in T_POS06 (S_NOT09).
  EXPECT_THAT(lines[3], StartsWith(file.string() + ":5:S_NOT09 ESR Job (Staff Group): warning: "
                                                   "'Medical and Dental\\' is not in the open "
                                                   "list esr_staff_groups"));
  EXPECT_THAT(lines[0],
              StartsWith(at + "S_NOT07 Managing Deanery/HEE Local Office(former Deanery "
                              "Body): warning: 'XYZ' is not in the open list local_offices"));
  EXPECT_THAT(lines[1], StartsWith(at + "S_NOT18 (Current) Trainee GMC Number: warning: is not a "
                                        "valid GMC number"));
  EXPECT_THAT(lines[2], StartsWith(at + "S_NOT32 (Next Appointment) Trainee Grade: warning: 'ST9' "
                                        "is not in the open list trainee_grades"));
  EXPECT_THAT(run.out, Not(HasSubstr("99001"))) << "a GMC number is personal";
  EXPECT_THAT(run.err, HasSubstr("valid, 6 record(s) of NOTIFICATION, 4 warning(s)"));
}

TEST_F(Cli, ValidateRejectsABadFileNameWithLineZero) {
  auto file = put_in_work("DE_EMD_RMF_2026113_00000001.DAT",
                          read_file(sample(std::string("day1/inbox/") + emd_rmf)));
  auto run = run_esrd({"validate", file.string()});
  EXPECT_EQ(run.exit_code, 1) << run.describe();
  EXPECT_THAT(run.out, StartsWith(file.string() + ":0:file name: ")) << run.describe();
}

TEST_F(Cli, AnUnknownOptionIsAUsageErrorWithExitTwo) {
  auto file = sample(std::string("day1/inbox/") + emd_rmf).string();
  auto run = run_esrd({"validate", file, "--no-such-option"});
  EXPECT_EQ(run.exit_code, 2) << run.describe();
  EXPECT_THAT(run.err, HasSubstr("usage: esrd validate")) << run.describe();
  auto command = run_esrd({"no-such-command"});
  EXPECT_EQ(command.exit_code, 2) << command.describe();
  auto missing = run_esrd({"replay"});
  EXPECT_EQ(missing.exit_code, 2) << missing.describe();
  auto date = run_esrd({"export", "--date", "2026-02-30"});
  EXPECT_EQ(date.exit_code, 2) << date.describe();
}

TEST_F(Cli, HelpWorksForEveryCommand) {
  for (const char* command :
       {"validate", "parse", "schema", "replay", "run-job", "export", "status"}) {
    SCOPED_TRACE(command);
    auto run = run_esrd({command, "--help"});
    EXPECT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_THAT(run.out, HasSubstr(std::string("usage: esrd ") + command)) << run.describe();
  }
  RunOptions bare;
  bare.pass_data_dir = false;
  auto overview = run_esrd({"--help"}, bare);
  EXPECT_EQ(overview.exit_code, 0) << overview.describe();
  EXPECT_THAT(overview.out, HasSubstr("replay FILE")) << overview.describe();
}

TEST_F(Cli, VersionPrintsTheVersionAlone) {
  RunOptions bare;
  bare.pass_data_dir = false;
  auto run = run_esrd({"--version"}, bare);
  EXPECT_EQ(run.exit_code, 0) << run.describe();
  EXPECT_TRUE(std::regex_match(run.out, std::regex(R"(esrd [0-9]+\.[0-9]+\.[0-9]+\n)")))
      << run.describe();
}

TEST_F(Cli, LoMustNameAConfiguredOfficeInEitherCase) {
  auto unknown = run_esrd({"export", "--lo", "XYZ", "--date", "2026-11-23"});
  EXPECT_EQ(unknown.exit_code, 2) << unknown.describe();
  EXPECT_THAT(unknown.err, HasSubstr("--lo XYZ is not a configured local office"))
      << unknown.describe();
  EXPECT_THAT(outbox_files(), ::testing::IsEmpty());
  auto lower = run_esrd({"export", "--lo", "emd", "--date", "2026-11-23"});
  EXPECT_EQ(lower.exit_code, 0) << lower.describe();
}

TEST_F(Cli, ReplayOfAMissingFileIsAnEnvironmentErrorWithExitTwo) {
  auto run = run_esrd({"replay", (work() / "DE_EMD_RMF_20261123_00000001.DAT").string()});
  EXPECT_EQ(run.exit_code, 2) << run.describe();
  EXPECT_THAT(run.err, HasSubstr(":0:file: not a readable regular file")) << run.describe();
}

TEST_F(Cli, AnInputThatIsNotThereIsAnEnvironmentErrorWithExitTwoForEveryCommand) {
  auto missing = (work() / "not_there").string();
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"import-tis", missing, "--date", "2026-11-23"}, {"exclude", missing}}) {
    auto run = run_esrd(args);
    EXPECT_EQ(run.exit_code, 2) << run.describe();
    EXPECT_THAT(run.err, HasSubstr(missing + ":0:file: ")) << run.describe();
  }
  auto trace = run_esrd({"trace", "--placement", "1"});
  EXPECT_EQ(trace.exit_code, 2) << trace.describe();
  EXPECT_THAT(trace.err, HasSubstr("(nothing has run here yet)")) << trace.describe();
}

TEST_F(Cli, ParseJsonPrintsOneObjectPerRecord) {
  auto run = run_esrd({"parse", sample(std::string("day1/inbox/") + emd_rmf).string(), "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.describe();
  auto lines = split_lines(run.out);
  ASSERT_EQ(lines.size(), 19U) << run.describe();
  int pos_records = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    SCOPED_TRACE("record " + std::to_string(i + 1));
    auto record = nlohmann::json::parse(lines[i], nullptr, false);
    ASSERT_FALSE(record.is_discarded()) << lines[i];
    ASSERT_TRUE(record.is_object()) << lines[i];
    EXPECT_EQ(record.value("line", 0), static_cast<int>(i + 1)) << lines[i];
    if (record.value("record_type", "") == "POS") {
      ++pos_records;
      ASSERT_TRUE(record.contains("fields")) << lines[i];
      EXPECT_TRUE(record["fields"].contains("T_POS10")) << lines[i];
    }
  }
  EXPECT_EQ(pos_records, 9);
  // The second line of the file is the POS of 8100101 with its deanery number in T_POS10.
  auto second = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(second["fields"]["T_POS10"], "EMD/RWEAA/300/STR/001") << lines[1];
  // Position 8100107's POS carries a backslash as data: "Medical and Dental\".
  auto backslash = nlohmann::json::parse(lines[13]);
  EXPECT_EQ(backslash["fields"]["T_POS06"], "Medical and Dental\\") << lines[13];
}

}  // namespace
}  // namespace esr::e2e
