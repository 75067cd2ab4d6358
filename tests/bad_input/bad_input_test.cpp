// The bad-input corpus (DESIGN §9: "a bad line never silently changes data"): every folder
// tests/bad_input/<case>/ holds the input file(s) and an `expected` file, and is one test case.
// The built esrd runs (fork/exec, no shell unless the case asks for one) in a fresh temporary
// folder on a copy of the case folder, and the test checks its exit status and messages.
//
// `expected`:
//   line 1   the command: esrd's arguments (split on blanks; '...' and "..." group), or
//            `sh: SHELL COMMAND` run by /bin/sh -c. Placeholders: {DATA} the data directory,
//            {CASE} the copy of the case folder, {ESRD} the binary, {TMP} the temporary folder,
//            {SRC} the repository (for samples/).
//   line 2   the expected exit status.
//   then     one substring per line that stdout+stderr must contain (placeholders allowed), or a
//            directive (below). Blank lines and lines starting with '#' are ignored.
// Directives, run in order before the command:
//   setup: [VAR=VALUE...] ARGS   run esrd with ARGS first; it must exit 0
//   setup-any: [VAR=VALUE...] ARGS   the same, any outcome (e.g. a deliberate crash)
//   shell: COMMAND               run /bin/sh -c COMMAND; it must exit 0
//   generate: long-line BYTES FILE   replace {LONG-LINE} in {CASE}/FILE by BYTES letters 'A'
//   generate: repeat-line N FILE     repeat N times the line of {CASE}/FILE holding {REPEAT-LINE}
//   skip-if-root: WHY            skip the case when running as root (permissions do not bind)
//   lock-database                hold BEGIN EXCLUSIVE on {DATA}/state/esrd.sqlite meanwhile
//   timeout: SECONDS             kill the command after this long (default 120)
// and checked after it:
//   absent: TEXT                 stdout+stderr must not contain TEXT
//   file: PATH / no-file: PATH   PATH (placeholders allowed) must / must not exist
//   outbox: N                    outbox/ holds N finished files (names not starting with '.')
//   outbox-temp: N               outbox/ holds N temporaries (names starting with '.')
//   quarantined: NAME            quarantine/ holds NAME and NAME.reason.txt
//   reason: TEXT                 some quarantine/*.reason.txt contains TEXT
//   status: GROUP.KEY=N          `esrd status --json` gives N for that count
//   then: [VAR=VALUE...] ARGS    run esrd again (it must exit 0); later checks see its effects
//   xfail: WHY                   a known bug in src/: the case must fail (it is then reported
//                                as skipped with WHY); once it passes, remove the line
// After a replay that esrd reports as rejected, quarantine/ must hold the file and its
// .reason.txt whatever the case says.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path cases_dir = ESRD_BAD_INPUT_DIR;
const fs::path esrd_binary = ESRD_BINARY;

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_text(const fs::path& file, std::string_view text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t')) {
    text.pop_back();
  }
  return text;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// Blank-separated words; '...' and "..." group words (the quotes are removed).
std::vector<std::string> split_words(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (char c : line) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        word += c;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(std::exchange(word, std::string()));
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

struct Directive {
  std::string name;   // empty for an expected substring
  std::string value;  // the rest of the line
};

struct Expected {
  std::string command;
  int status = 0;
  std::vector<Directive> lines;
};

constexpr const char* directive_names[] = {
    "setup",       "setup-any", "shell",  "generate", "skip-if-root", "lock-database",
    "timeout",     "absent",    "file",   "no-file",  "outbox",       "outbox-temp",
    "quarantined", "reason",    "status", "then",     "xfail"};

Expected read_expected(const fs::path& file) {
  Expected expected;
  std::istringstream in(read_text(file));
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    line = trim(line);
    ++number;
    if (number == 1) {
      expected.command = line;
      continue;
    }
    if (number == 2) {
      expected.status = std::stoi(line);
      continue;
    }
    if (line.empty() || line.front() == '#') continue;
    Directive directive{"", line};
    for (const char* name : directive_names) {
      std::string_view view(line);
      std::string_view key(name);
      if (view.substr(0, key.size()) == key &&
          (view.size() == key.size() || view[key.size()] == ':')) {
        directive.name = name;
        directive.value = view.size() > key.size() + 1 ? trim(line.substr(key.size() + 1)) : "";
        while (!directive.value.empty() && directive.value.front() == ' ')
          directive.value.erase(0, 1);
        break;
      }
    }
    expected.lines.push_back(directive);
  }
  if (number < 2) throw std::runtime_error(file.string() + ": needs a command and a status");
  return expected;
}

struct Ran {
  int status = -1;  // exit status, or 128 + signal
  bool timed_out = false;
  std::string output;  // stdout and stderr, interleaved as written
  std::string command;
};

// Runs argv[0] (a path) with `argv`, in `workdir`, extra environment `env`, stdin /dev/null,
// stdout+stderr to one file.
Ran run_process(const std::vector<std::string>& argv, const fs::path& workdir,
                const std::vector<std::string>& env, std::chrono::seconds timeout) {
  Ran ran;
  for (const auto& arg : argv) ran.command += (ran.command.empty() ? "" : " ") + arg;
  auto output_file = workdir / ".output";
  pid_t pid = ::fork();
  if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (pid == 0) {
    if (::chdir(workdir.c_str()) != 0) ::_exit(126);
    int in = ::open("/dev/null", O_RDONLY);
    int out = ::open(output_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0) ::_exit(126);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(out, 2);
    for (const auto& assignment : env) ::putenv(const_cast<char*>(assignment.c_str()));
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int wait_status = 0;
  for (;;) {
    pid_t done = ::waitpid(pid, &wait_status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR)
      throw std::system_error(errno, std::generic_category(), "waitpid");
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &wait_status, 0);
      ran.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ran.status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
  ran.output = read_text(output_file);
  return ran;
}

std::string describe(const Ran& ran) {
  std::string output = ran.output;
  if (output.size() > 6000) output = output.substr(0, 6000) + "\n... (cut)";
  return "command: " + ran.command + "\nstatus: " + std::to_string(ran.status) +
         (ran.timed_out ? " (timed out)" : "") + "\noutput:\n" + output;
}

// Holds an exclusive write lock on a database until destroyed.
class DatabaseLock {
 public:
  explicit DatabaseLock(const fs::path& database) {
    if (sqlite3_open_v2(database.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      throw std::runtime_error("cannot open " + database.string() + ": " + sqlite3_errmsg(db_));
    }
    sqlite3_busy_timeout(db_, 10000);
    char* error = nullptr;
    if (sqlite3_exec(db_, "BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS bad_input_lock(x);", nullptr,
                     nullptr, &error) != SQLITE_OK) {
      std::string message = error != nullptr ? error : "?";
      sqlite3_free(error);
      throw std::runtime_error("cannot lock " + database.string() + ": " + message);
    }
  }
  ~DatabaseLock() {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
  }
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;

 private:
  sqlite3* db_ = nullptr;
};

class Case {
 public:
  explicit Case(std::string name) : name_(std::move(name)) {
    std::string pattern = (fs::temp_directory_path() / "esrd-bad-input-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::system_error(errno, std::generic_category(), "mkdtemp");
    }
    root_ = pattern;
    copy_ = root_ / "case";
    data_ = root_ / "esrd-data";
    fs::copy(cases_dir / name_, copy_, fs::copy_options::recursive);
    fs::remove(copy_ / "expected");
  }
  ~Case() {
    if (std::getenv("ESRD_BAD_INPUT_KEEP") != nullptr) return;
    std::error_code ec;
    // Give back every permission a case took away, so that the folder can be removed.
    for (auto it = fs::recursive_directory_iterator(root_, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
      fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    }
    fs::remove_all(root_, ec);
  }
  Case(const Case&) = delete;
  Case& operator=(const Case&) = delete;

  std::string expand(std::string text) const {
    replace_all(text, "{DATA}", data_.string());
    replace_all(text, "{CASE}", copy_.string());
    replace_all(text, "{ESRD}", esrd_binary.string());
    replace_all(text, "{TMP}", root_.string());
    replace_all(text, "{SRC}", ESRD_SOURCE_DIR);
    return text;
  }

  // An esrd command line (`[VAR=VALUE...] ARGS`) or `sh: ...`, as argv and environment.
  std::pair<std::vector<std::string>, std::vector<std::string>> command(
      std::string_view line) const {
    std::vector<std::string> argv, env;
    if (line.substr(0, 3) == "sh:") {
      argv = {"/bin/sh", "-c", expand(std::string(line.substr(3)))};
      return {argv, env};
    }
    argv.push_back(esrd_binary.string());
    bool leading = true;
    for (auto& word : split_words(line)) {
      word = expand(word);
      auto eq = word.find('=');
      if (leading && eq != std::string::npos && eq > 0 && word.front() != '-') {
        env.push_back(word);
        continue;
      }
      leading = false;
      argv.push_back(word);
    }
    return {argv, env};
  }

  Ran run(std::string_view line, std::chrono::seconds timeout = std::chrono::seconds(120)) const {
    auto [argv, env] = command(line);
    return run_process(argv, root_, env, timeout);
  }

  [[nodiscard]] const fs::path& data() const { return data_; }
  [[nodiscard]] const fs::path& copy() const { return copy_; }

 private:
  std::string name_;
  fs::path root_, copy_, data_;
};

std::vector<std::string> discover_cases() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(cases_dir, ec)) {
    if (entry.is_directory() && fs::exists(entry.path() / "expected")) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::size_t count_names(const fs::path& folder, bool temporaries) {
  std::size_t count = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (entry.path().filename().string().starts_with(".") == temporaries) ++count;
  }
  return count;
}

class BadInput : public ::testing::TestWithParam<std::string> {};

TEST_P(BadInput, Case) {
  const auto name = GetParam();
  const auto expected = read_expected(cases_dir / name / "expected");
  for (const auto& line : expected.lines) {
    if (line.name == "skip-if-root" && ::geteuid() == 0) {
      GTEST_SKIP() << name << ": skipped when run as root: " << line.value;
    }
  }
  Case test(name);
  auto timeout = std::chrono::seconds(120);
  bool lock_database = false;

  // Before the command.
  for (const auto& line : expected.lines) {
    if (line.name == "setup" || line.name == "setup-any") {
      auto ran = test.run(line.value);
      if (line.name == "setup") {
        ASSERT_EQ(ran.status, 0) << "setup failed\n" << describe(ran);
      }
    } else if (line.name == "shell") {
      auto ran = test.run("sh:" + line.value);
      ASSERT_EQ(ran.status, 0) << "shell step failed\n" << describe(ran);
    } else if (line.name == "generate") {
      auto words = split_words(line.value);
      ASSERT_EQ(words.size(), 3u) << "generate: long-line|repeat-line N FILE";
      auto file = test.copy() / words[2];
      auto text = read_text(file);
      const auto count = std::stoul(words[1]);
      if (words[0] == "long-line") {
        ASSERT_NE(text.find("{LONG-LINE}"), std::string::npos) << file << " has no {LONG-LINE}";
        replace_all(text, "{LONG-LINE}", std::string(count, 'A'));
      } else if (words[0] == "repeat-line") {
        auto at = text.find("{REPEAT-LINE}");
        ASSERT_NE(at, std::string::npos) << file << " has no {REPEAT-LINE}";
        auto begin = text.rfind('\n', at);
        begin = begin == std::string::npos ? 0 : begin + 1;
        auto end = text.find('\n', at);
        end = end == std::string::npos ? text.size() : end + 1;
        auto template_line = text.substr(begin, end - begin);
        replace_all(template_line, "{REPEAT-LINE}", "");
        std::string repeated;
        repeated.reserve(template_line.size() * count);
        for (std::size_t i = 0; i < count; ++i) repeated += template_line;
        text.replace(begin, end - begin, repeated);
      } else {
        FAIL() << "unknown generator " << words[0];
      }
      write_text(file, text);
    } else if (line.name == "timeout") {
      timeout = std::chrono::seconds(std::stoi(line.value));
    } else if (line.name == "lock-database") {
      lock_database = true;
    }
  }

  Ran ran;
  {
    std::unique_ptr<DatabaseLock> lock;
    if (lock_database) lock = std::make_unique<DatabaseLock>(test.data() / "state" / "esrd.sqlite");
    ran = test.run(expected.command, timeout);
  }

  // After it, in order; a failure is collected rather than reported, for expected failures.
  std::vector<std::string> failures;
  auto fail = [&](const std::string& what) { failures.push_back(what); };
  if (ran.timed_out) fail("the command did not finish in time");
  if (ran.status != expected.status) {
    fail("exit status " + std::to_string(ran.status) + ", expected " +
         std::to_string(expected.status));
  }
  const auto quarantine = test.data() / "quarantine";
  std::string xfail;
  for (const auto& line : expected.lines) {
    auto value = test.expand(line.value);
    if (line.name.empty()) {
      if (ran.output.find(value) == std::string::npos) fail("output lacks: " + value);
    } else if (line.name == "xfail") {
      xfail = line.value;
    } else if (line.name == "absent") {
      if (ran.output.find(value) != std::string::npos) fail("output holds: " + value);
    } else if (line.name == "then") {
      auto after = test.run(line.value);
      if (after.status != 0) fail("then: failed\n" + describe(after));
    } else if (line.name == "file") {
      if (!fs::exists(value)) fail("missing " + value);
    } else if (line.name == "no-file") {
      if (fs::exists(value)) fail("should not exist: " + value);
    } else if (line.name == "outbox" || line.name == "outbox-temp") {
      auto count = count_names(test.data() / "outbox", line.name == "outbox-temp");
      if (count != std::stoul(value)) {
        fail(line.name + ": " + std::to_string(count) + " file(s), expected " + value);
      }
    } else if (line.name == "quarantined") {
      if (!fs::exists(quarantine / value)) fail("not quarantined: " + value);
      if (!fs::exists(quarantine / (value + ".reason.txt"))) fail("no reason for " + value);
    } else if (line.name == "reason") {
      bool found = false;
      std::error_code ec;
      for (const auto& entry : fs::directory_iterator(quarantine, ec)) {
        if (entry.path().filename().string().ends_with(".reason.txt") &&
            read_text(entry.path()).find(value) != std::string::npos) {
          found = true;
        }
      }
      if (!found) fail("no reason file says: " + value);
    } else if (line.name == "status") {
      auto eq = value.find('='), dot = value.find('.');
      ASSERT_TRUE(eq != std::string::npos && dot < eq) << "status: GROUP.KEY=N";
      auto status = test.run("--data-dir {DATA} status --json");
      ASSERT_EQ(status.status, 0) << describe(status);
      auto json = nlohmann::json::parse(status.output.substr(status.output.find('{')));
      auto group = value.substr(0, dot), key = value.substr(dot + 1, eq - dot - 1);
      if (!json.contains(group) || !json[group].contains(key)) {
        fail("status has no " + group + "." + key + ": " + json.dump());
      } else if (json[group][key].get<long>() != std::stol(value.substr(eq + 1))) {
        fail("status " + value + " but " + json.dump());
      }
    }
  }

  // A rejected replay leaves the file and its reason in quarantine/.
  auto [argv, env] = test.command(expected.command);
  auto replay = std::find(argv.begin(), argv.end(), "replay");
  if (replay != argv.end() && replay + 1 != argv.end()) {
    auto file = fs::path(*(replay + 1)).filename().string();
    if (ran.output.find(file + ": rejected") != std::string::npos) {
      if (!fs::exists(quarantine / file)) fail("rejected but not in quarantine/: " + file);
      if (!fs::exists(quarantine / (file + ".reason.txt")))
        fail("rejected without " + file + ".reason.txt");
    }
  }

  std::string report;
  for (const auto& failure : failures) report += "  - " + failure + "\n";
  if (!xfail.empty()) {
    if (failures.empty()) {
      ADD_FAILURE() << name << " is marked as an expected failure (" << xfail
                    << ") but now passes: remove its xfail line\n"
                    << describe(ran);
      return;
    }
    GTEST_SKIP() << name << ": expected failure, known bug: " << xfail << "\n" << report;
  }
  EXPECT_TRUE(failures.empty()) << name << ":\n" << report << describe(ran);
}

std::string case_test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string out;
  for (char c : info.param) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInput, ::testing::ValuesIn(discover_cases()), case_test_name);

}  // namespace
