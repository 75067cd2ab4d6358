// The golden corpus in tests/data: each case folder holds one file named as the interface names
// it, and expected.txt with the exact problem lines (FILE:LINE:FIELD: message) parse_file must
// report for it, in order; an empty expected.txt means the file is valid.
//
//   tests/data/<type>/<case>/DE_EMD_RMF_20261123_00000001.DAT
//   tests/data/<type>/<case>/expected.txt
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "esr/dialect/file_identity.hpp"
#include "esr/dialect/file_parser.hpp"

namespace esr::dialect {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(ESRD_SOURCE_DIR) / "tests" / "data";

// Cases whose expected.txt holds the intended output of a known bug; each is skipped with the
// reason until the bug is fixed. Remove the entry with the fix.
const std::map<std::string, std::string> kKnownBugs = {};

struct Case {
  std::string name;  // "rmf/missing_deanery_number"
  fs::path folder;
};

// How gtest and ctest show a case: its folder under tests/data.
void PrintTo(const Case& golden, std::ostream* os) { *os << golden.name; }

std::vector<Case> discover() {
  std::vector<Case> cases;
  if (!fs::is_directory(kCorpus)) return cases;
  for (const auto& entry : fs::recursive_directory_iterator(kCorpus)) {
    if (entry.is_regular_file() && entry.path().filename() == "expected.txt") {
      auto folder = entry.path().parent_path();
      cases.push_back({fs::relative(folder, kCorpus).generic_string(), folder});
    }
  }
  std::sort(cases.begin(), cases.end(),
            [](const Case& a, const Case& b) { return a.name < b.name; });
  return cases;
}

std::vector<std::string> read_lines(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

const spec::SchemaRegistry& registry() {
  static const spec::SchemaRegistry shipped =
      spec::SchemaRegistry::load(ESRD_SOURCE_DIR "/schemas");
  return shipped;
}

class GoldenCorpus : public ::testing::TestWithParam<Case> {};

TEST_P(GoldenCorpus, ReportsExactlyTheExpectedProblems) {
  const auto& golden = GetParam();
  if (auto bug = kKnownBugs.find(golden.name); bug != kKnownBugs.end()) {
    GTEST_SKIP() << bug->second;
  }
  std::vector<fs::path> data;
  for (const auto& entry : fs::directory_iterator(golden.folder)) {
    if (entry.path().filename() != "expected.txt") data.push_back(entry.path());
  }
  ASSERT_EQ(data.size(), 1U) << golden.folder << " must hold one data file and expected.txt";
  const auto& file = data.front();
  auto name = file.filename().string();
  auto identity = identify_file(name, registry());
  ASSERT_NE(identity.spec, nullptr) << identity.error;

  std::vector<std::string> problems;
  ParseCallbacks callbacks;
  callbacks.on_problem = [&](const spec::Problem& p) { problems.push_back(spec::to_string(p)); };
  auto summary = parse_file(file, name, *identity.spec, registry(), callbacks);
  EXPECT_EQ(problems, read_lines(golden.folder / "expected.txt"));
  EXPECT_EQ(summary.problems, problems.size());
  EXPECT_EQ(summary.bytes, fs::file_size(file));
}

std::string test_name(const ::testing::TestParamInfo<Case>& info) {
  std::string out = info.param.name;
  std::replace_if(
      out.begin(), out.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
      '_');
  return out;
}

INSTANTIATE_TEST_SUITE_P(Data, GoldenCorpus, ::testing::ValuesIn(discover()), test_name);

TEST(GoldenCorpusLayout, HasEnoughCasesOfEveryKind) {
  auto cases = discover();
  EXPECT_GE(cases.size(), 20U);
  std::map<std::string, int> per_type;
  int valid = 0;
  for (const auto& golden : cases) {
    per_type[golden.name.substr(0, golden.name.find('/'))]++;
    if (read_lines(golden.folder / "expected.txt").empty()) ++valid;
  }
  for (const char* type : {"rmf", "rmc", "apc", "app", "dnc", "dcc", "rtc", "tis"}) {
    EXPECT_GE(per_type[type], 1) << type;
  }
  EXPECT_GE(valid, 1);
  for (const auto& [name, reason] : kKnownBugs) {
    EXPECT_TRUE(std::any_of(cases.begin(), cases.end(),
                            [&](const Case& golden) { return golden.name == name; }))
        << "known-bug entry for a missing case: " << name;
  }
}

}  // namespace
}  // namespace esr::dialect
