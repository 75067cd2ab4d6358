// Packaging: `cmake --install <build> --prefix <tmp>` gives a working installation: the binary,
// the schemas it finds beside itself, the reference lists, the configuration, the systemd unit
// (accepted by systemd-analyze when the machine has it) and the sysusers.d file.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "e2e_support.hpp"

namespace esr::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Ran {
  int exit_code = -1;
  std::string out, err, command;
  [[nodiscard]] std::string describe() const {
    return "command: " + command + "\nexit " + std::to_string(exit_code) + "\n--- stdout ---\n" +
           out + "\n--- stderr ---\n" + err + "\n";
  }
};

// `program` (a path, or a name looked up in PATH) with `args`, in `workdir`; waits for it.
Ran run_program(const std::string& program, const std::vector<std::string>& args,
                const fs::path& workdir, const fs::path& scratch) {
  static int counter = 0;
  Ran ran;
  std::vector<std::string> words{program};
  words.insert(words.end(), args.begin(), args.end());
  for (const auto& word : words) ran.command += (ran.command.empty() ? "" : " ") + word;
  fs::create_directories(scratch);
  ++counter;
  const auto out = scratch / (std::to_string(counter) + ".out");
  const auto err = scratch / (std::to_string(counter) + ".err");
  pid_t pid = spawn_process(words, workdir, out, err);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
  }
  ran.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  ran.out = read_file(out);
  ran.err = read_file(err);
  return ran;
}

// `name` found in PATH, or nullopt.
std::optional<fs::path> find_in_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string folders = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= folders.size()) {
    auto end = folders.find(':', start);
    if (end == std::string::npos) end = folders.size();
    fs::path candidate = fs::path(folders.substr(start, end - start)) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return std::nullopt;
}

// The CMake build folder that made the binary under test: the nearest ancestor with CMakeCache.txt.
fs::path build_dir() {
  for (auto folder = esrd_binary().parent_path(); !folder.empty(); folder = folder.parent_path()) {
    if (fs::exists(folder / "CMakeCache.txt")) return folder;
    if (folder == folder.root_path()) break;
  }
  return {};
}

std::set<std::string> json_names(const fs::path& folder) {
  std::set<std::string> names;
  if (!fs::is_directory(folder)) return names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() == ".json") names.insert(entry.path().filename().string());
  }
  return names;
}

// A lower-case suite name, so `ctest -R "http|install"` selects these tests.
class install : public TempDataDir {
 protected:
  void SetUp() override {
    TempDataDir::SetUp();
    auto cmake = find_in_path("cmake");
    if (!cmake) GTEST_SKIP() << "cmake is not in PATH";
    auto build = build_dir();
    ASSERT_FALSE(build.empty()) << "no CMakeCache.txt above " << esrd_binary();
    prefix_ = root() / "prefix";
    auto ran =
        run_program(cmake->string(), {"--install", build.string(), "--prefix", prefix_.string()},
                    root(), scratch());
    ASSERT_EQ(ran.exit_code, 0) << ran.describe();
  }

  [[nodiscard]] const fs::path& prefix() const { return prefix_; }
  [[nodiscard]] fs::path installed_esrd() const { return prefix_ / "bin" / "esrd"; }
  [[nodiscard]] fs::path unit() const {
    return prefix_ / "lib" / "systemd" / "system" / "esrd.service";
  }
  [[nodiscard]] fs::path scratch() const { return root() / ".programs"; }
  // A folder unrelated to the source tree, the build and the prefix.
  [[nodiscard]] fs::path elsewhere() const {
    auto folder = root() / "elsewhere";
    fs::create_directories(folder);
    return folder;
  }

  Ran esrd(const std::vector<std::string>& args) const {
    return run_program(installed_esrd().string(), args, elsewhere(), scratch());
  }

 private:
  fs::path prefix_;
};

TEST_F(install, PutsEveryPieceInItsPlace) {
  EXPECT_TRUE(fs::is_regular_file(installed_esrd()));
  EXPECT_EQ(file_mode(installed_esrd()) & 0111U, 0111U) << "bin/esrd is executable";
  auto schemas = json_names(prefix() / "share" / "esrd" / "schemas");
  EXPECT_FALSE(schemas.empty());
  EXPECT_EQ(schemas, json_names(source_dir() / "schemas")) << "every schema, and only schemas";
  EXPECT_EQ(json_names(prefix() / "share" / "esrd" / "reference"),
            json_names(source_dir() / "reference"))
      << "the reference lists, when the source has them";
  EXPECT_TRUE(fs::is_regular_file(prefix() / "etc" / "esrd" / "esrd.conf"));
  EXPECT_TRUE(fs::is_regular_file(unit()));
  EXPECT_TRUE(fs::is_regular_file(prefix() / "lib" / "sysusers.d" / "esrd.conf"));
  if (fs::exists(source_dir() / "docs" / "operations.md")) {
    EXPECT_TRUE(fs::is_regular_file(prefix() / "share" / "doc" / "esrd" / "operations.md"));
  }
}

TEST_F(install, TheInstalledBinaryRunsAndFindsItsSchemasFromAnotherDirectory) {
  auto help = esrd({"--help"});
  EXPECT_EQ(help.exit_code, 0) << help.describe();
  EXPECT_THAT(help.out, HasSubstr("usage: esrd")) << help.describe();

  auto schema = esrd({"schema", "APP"});
  ASSERT_EQ(schema.exit_code, 0) << schema.describe();
  EXPECT_THAT(schema.out, HasSubstr("## APP: ")) << schema.describe();

  // Proof that the copy beside the binary is the one read, not the source tree: change its title.
  auto app = prefix() / "share" / "esrd" / "schemas" / "app.json";
  auto text = read_file(app);
  auto at = text.find("\"Applicant Export File\"");
  ASSERT_NE(at, std::string::npos) << "the APP schema's title changed; update this test";
  text.replace(at, 23, "\"Installed Applicant Export File\"");
  write_file(app, text);
  auto changed = esrd({"schema", "APP"});
  ASSERT_EQ(changed.exit_code, 0) << changed.describe();
  EXPECT_THAT(changed.out, HasSubstr("## APP: Installed Applicant Export File"))
      << changed.describe();
}

TEST_F(install, TheInstalledBinaryChecksAgainstTheReferenceListsBesideIt) {
  if (!fs::is_directory(source_dir() / "reference")) GTEST_SKIP() << "no reference lists";
  // A TIS placements extract whose one placement has grade ST9: not on trainee_grades.
  auto sample_text = read_file(sample("day1/tis/placements_20261123.csv"));
  auto lines = split_lines(sample_text);
  ASSERT_GE(lines.size(), 2U);
  auto row = lines[1];
  auto at = row.find(",ST4,");
  ASSERT_NE(at, std::string::npos)
      << "the first sample placement is no longer ST4: update this test";
  row.replace(at, 5, ",ST9,");
  auto csv = elsewhere() / "placements_20261123.csv";
  write_file(csv, lines[0] + "\n" + row + "\n");
  auto before = esrd({"validate", csv.string()});
  ASSERT_EQ(before.exit_code, 0) << before.describe();
  EXPECT_THAT(before.out, HasSubstr("grade: warning: 'ST9' is not in the open list trainee_grades"))
      << before.describe();

  // Proof that the installed copy is the one read: add ST9 to it and the warning goes.
  auto grades = prefix() / "share" / "esrd" / "reference" / "trainee_grades.json";
  auto text = read_file(grades);
  auto st8 = text.find("{\"code\": \"ST8\"");
  ASSERT_NE(st8, std::string::npos) << "trainee_grades.json changed its layout: update this test";
  text.insert(st8, "{\"code\": \"ST9\", \"meaning\": \"installed test grade\"}, ");
  write_file(grades, text);
  auto after = esrd({"validate", csv.string()});
  ASSERT_EQ(after.exit_code, 0) << after.describe();
  EXPECT_THAT(after.out, Not(HasSubstr("trainee_grades"))) << after.describe();
}

TEST_F(install, TheInstalledConfigurationIsValidAndPointsAtTheServiceDataDirectory) {
  auto conf = prefix() / "etc" / "esrd" / "esrd.conf";
  auto text = read_file(conf);
  EXPECT_THAT(split_lines(text), ::testing::Contains("data = /var/lib/esrd")) << text;
  EXPECT_THAT(text, HasSubstr("[http]")) << text;
  EXPECT_THAT(split_lines(text), ::testing::Contains("enabled = false"))
      << "the endpoint is off by default";
  // Every command reads the configuration first, so a key it does not know fails here.
  auto schema = esrd({"--config", conf.string(), "schema", "RMT"});
  EXPECT_EQ(schema.exit_code, 0) << schema.describe();
  // And it drives a data directory (given here, since /var/lib/esrd is the service's).
  auto status = esrd(
      {"--config", conf.string(), "--data-dir", (root() / "data").string(), "status", "--json"});
  EXPECT_EQ(status.exit_code, 0) << status.describe();
  EXPECT_THAT(status.out, HasSubstr("\"positions\"")) << status.describe();
}

TEST_F(install, TheUnitRunsTheInstalledBinaryHardened) {
  auto text = read_file(unit());
  auto lines = split_lines(text);
  auto has = [&](const std::string& line) {
    EXPECT_THAT(lines, ::testing::Contains(line)) << text;
  };
  has("ExecStart=" + installed_esrd().string() + " --config " +
      (prefix() / "etc/esrd/esrd.conf").string() + " --data-dir /var/lib/esrd run");
  has("Type=simple");
  has("Restart=on-failure");
  has("StartLimitBurst=5");
  has("User=esrd");
  has("UMask=0077");
  has("StateDirectory=esrd");
  has("ProtectSystem=strict");
  has("ProtectHome=yes");
  has("NoNewPrivileges=yes");
  has("PrivateTmp=yes");
  has("CapabilityBoundingSet=");
  has("IPAddressAllow=localhost");
  has("ExecReload=/bin/kill -HUP $MAINPID");
  has("WantedBy=multi-user.target");
  EXPECT_THAT(text, Not(HasSubstr("ReadWritePaths=/"))) << "only the state directory is writable";
  auto sysusers = read_file(prefix() / "lib" / "sysusers.d" / "esrd.conf");
  EXPECT_THAT(sysusers, HasSubstr("u esrd - ")) << sysusers;
}

TEST_F(install, SystemdAnalyzeAcceptsTheUnit) {
  auto analyze = find_in_path("systemd-analyze");
  if (!analyze) GTEST_SKIP() << "systemd-analyze is not installed";
  auto ran = run_program(analyze->string(), {"verify", unit().string()}, elsewhere(), scratch());
  EXPECT_EQ(ran.exit_code, 0) << ran.describe();
  // Unknown keys and bad values are only warnings (exit 0), naming the file and line.
  EXPECT_THAT(ran.err + ran.out, Not(HasSubstr("esrd.service:"))) << ran.describe();
}

}  // namespace
}  // namespace esr::e2e
