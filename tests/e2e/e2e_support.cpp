#include "e2e_support.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>

namespace esr::e2e {

namespace {

std::string clip(const std::string& text, std::size_t most = 6000) {
  if (text.size() <= most) return text;
  return text.substr(0, most) + "\n... (" + std::to_string(text.size() - most) + " more bytes)";
}

[[noreturn]] void throw_errno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

void keep_or_remove(const fs::path& root) {
  if (root.empty()) return;
  if (std::getenv("ESRD_E2E_KEEP") != nullptr) {
    std::printf("[ e2e ] kept %s\n", root.c_str());
    return;
  }
  std::error_code ec;
  fs::remove_all(root, ec);
}

}  // namespace

fs::path esrd_binary() {
  // ESRD_E2E_BINARY runs the suites against another build (e.g. an older esrd, to show that a
  // new test fails there).
  const char* other = std::getenv("ESRD_E2E_BINARY");
  return fs::path(other != nullptr && *other != '\0' ? other : ESRD_BINARY);
}
fs::path source_dir() { return fs::path(ESRD_SOURCE_DIR); }
fs::path samples_dir() { return source_dir() / "samples"; }
fs::path sample(const std::string& relative) { return samples_dir() / relative; }

fs::path find_sample(const std::string& folder, const std::string& prefix) {
  std::vector<fs::path> found;
  for (const auto& name : list_names(samples_dir() / folder)) {
    if (name.starts_with(prefix)) found.push_back(samples_dir() / folder / name);
  }
  if (found.size() != 1) {
    throw std::runtime_error("expected one sample " + folder + "/" + prefix + "*, found " +
                             std::to_string(found.size()));
  }
  return found.front();
}

std::string RunResult::describe() const {
  std::ostringstream text;
  text << "command: " << command << "\n";
  if (timed_out) text << "TIMED OUT\n";
  if (term_signal != 0) {
    text << "ended by signal " << term_signal << (killed ? " (the test's SIGKILL)" : "") << "\n";
  } else {
    text << "exit status " << exit_code << "\n";
  }
  text << "--- stdout ---\n" << clip(out) << "\n--- stderr ---\n" << clip(err) << "\n";
  return text.str();
}

pid_t spawn_process(std::vector<std::string> words, const fs::path& workdir, const fs::path& out,
                    const fs::path& err) {
  // Everything the child needs is built before fork: after it, only async-signal-safe calls.
  const std::string dir = workdir.string(), out_path = out.string(), err_path = err.string();
  std::vector<char*> argv;
  argv.reserve(words.size() + 1);
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  // The files exist before the child runs: a child killed before it opens them (a kill drawn at
  // 0 us) still leaves empty output for the caller to read.
  for (const auto* path : {&out_path, &err_path}) {
    int fd = ::open(path->c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) throw_errno("open " + *path);
    ::close(fd);
  }
  pid_t pid = ::fork();
  if (pid < 0) throw_errno("fork");
  if (pid == 0) {
    if (::chdir(dir.c_str()) != 0) ::_exit(126);
    int in_fd = ::open("/dev/null", O_RDONLY);
    int out_fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err_fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in_fd < 0 || out_fd < 0 || err_fd < 0) ::_exit(126);
    if (::dup2(in_fd, 0) < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0) ::_exit(126);
    ::execvp(argv[0], argv.data());
    if (::write(2, exec_failed_marker, sizeof exec_failed_marker - 1) < 0) ::_exit(127);
    ::_exit(127);
  }
  return pid;
}

namespace {

RunResult run_once(const fs::path& workdir, const std::vector<std::string>& args,
                   const RunOptions& options, const fs::path& default_data_dir) {
  static std::atomic<int> run_counter{0};
  std::vector<std::string> words{esrd_binary().string()};
  if (options.pass_data_dir) {
    words.emplace_back("--data-dir");
    words.push_back(options.data_dir.value_or(default_data_dir).string());
  }
  words.insert(words.end(), args.begin(), args.end());

  RunResult result;
  for (const auto& word : words) {
    if (!result.command.empty()) result.command += ' ';
    result.command += word;
  }

  auto runs = workdir / ".runs";
  fs::create_directories(runs);
  int number = ++run_counter;
  const std::string out_path = (runs / (std::to_string(number) + ".out")).string();
  const std::string err_path = (runs / (std::to_string(number) + ".err")).string();
  auto started = std::chrono::steady_clock::now();
  pid_t pid = spawn_process(words, workdir, out_path, err_path);

  const auto never = std::chrono::steady_clock::time_point::max();
  const auto kill_at = options.kill_after ? started + *options.kill_after : never;
  const auto deadline = started + options.timeout;
  int status = 0;
  bool sent_kill = false;
  for (;;) {
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) throw_errno("waitpid");
    auto now = std::chrono::steady_clock::now();
    if (now >= kill_at || now >= deadline) {
      result.timed_out = now >= deadline && now < kill_at;
      ::kill(pid, SIGKILL);
      sent_kill = true;
      while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) throw_errno("waitpid");
      }
      break;
    }
    auto nap = std::chrono::microseconds(1000);
    if (kill_at != never) {
      nap = std::min(nap, std::chrono::duration_cast<std::chrono::microseconds>(kill_at - now));
    }
    std::this_thread::sleep_for(std::max(nap, std::chrono::microseconds(50)));
  }
  result.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.term_signal = WTERMSIG(status);
    result.killed = sent_kill && !result.timed_out && result.term_signal == SIGKILL;
  }
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  std::error_code ec;
  fs::remove(out_path, ec);
  fs::remove(err_path, ec);
  return result;
}

}  // namespace

RunResult run_esrd(const fs::path& workdir, const std::vector<std::string>& args,
                   const RunOptions& options, const fs::path& default_data_dir) {
  // Other builds may relink esrd while the tests run: a failed execv is retried for a while.
  for (int attempt = 1;; ++attempt) {
    auto result = run_once(workdir, args, options, default_data_dir);
    if (result.exit_code != 127 || result.err != exec_failed_marker || attempt == 60) return result;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
}

RunResult run_esrd_killed_at_random(const fs::path& workdir, const std::vector<std::string>& args,
                                    const fs::path& data_dir, std::chrono::microseconds max_delay,
                                    std::mt19937_64& rng, std::chrono::microseconds* delay_used) {
  std::uniform_int_distribution<std::int64_t> pick(0, max_delay.count());
  std::chrono::microseconds delay(pick(rng));
  if (delay_used != nullptr) *delay_used = delay;
  RunOptions options;
  options.data_dir = data_dir;
  options.kill_after = delay;
  return run_esrd(workdir, args, options, data_dir);
}

// ---- files -------------------------------------------------------------------------------------

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void write_file(const fs::path& file, std::string_view bytes) {
  if (file.has_parent_path()) fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

std::vector<std::string> list_names(const fs::path& folder) {
  std::vector<std::string> names;
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> list_tree(const fs::path& folder) {
  std::vector<std::string> names;
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return names;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file()) names.push_back(entry.path().lexically_relative(folder).string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

unsigned file_mode(const fs::path& file) {
  struct stat status {};
  if (::stat(file.c_str(), &status) != 0) throw_errno("stat " + file.string());
  return static_cast<unsigned>(status.st_mode) & 07777U;
}

// ---- records -----------------------------------------------------------------------------------

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    start = end + 1;
  }
  return lines;
}

std::string join_crlf(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) {
    text += line;
    text += "\r\n";
  }
  return text;
}

std::vector<std::string> split_fields(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;  // a doubled quote toggles twice: still inside
    if (c == ',' && !quoted) {
      fields.emplace_back();
      continue;
    }
    fields.back() += c;
  }
  return fields;
}

std::string join_fields(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += fields[i];
  }
  return line;
}

std::string edit_line(std::string_view text, std::size_t line_number,
                      const std::function<void(std::vector<std::string>& fields)>& edit) {
  auto lines = split_lines(text);
  if (line_number == 0 || line_number > lines.size()) {
    throw std::out_of_range("no line " + std::to_string(line_number));
  }
  auto fields = split_fields(lines[line_number - 1]);
  edit(fields);
  lines[line_number - 1] = join_fields(fields);
  return join_crlf(lines);
}

std::string all_success_rtc(std::string_view rmt_text) {
  std::string text;
  std::size_t ordinal = 0;
  for (const auto& line : split_lines(rmt_text)) {
    if (line.empty()) continue;
    text += std::to_string(++ordinal) + "~SUCCESS~~" + line + "\r\n";
  }
  return text;
}

fs::path write_large_rmf(const fs::path& file, std::size_t positions) {
  if (file.has_parent_path()) fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  std::string chunk;
  chunk.reserve(1 << 20);
  char deanery[32];
  for (std::size_t i = 1; i <= positions; ++i) {
    std::string id = std::to_string(9000000 + i);
    std::snprintf(deanery, sizeof deanery, "EMD/X/%06zu", i);
    chunk += "\"POR\"," + id + ",,\"C\"," + id + ",\"Specialty Registrar General Medicine\",\"" +
             deanery +
             "\",\"EMD\",\"Host Employer\",\"RWE\",\"256\",\"Specialist Medicine Division\","
             "\"Leicester Royal Infirmary\"\r\n";
    chunk += "\"POS\"," + id + ",,\"C\"," + id +
             ",\"Medical and Dental\",\"Specialty Registrar (General Medicine)\",\"300\","
             "\"General Internal Medicine\",\"" +
             deanery +
             "\",\"EMD\",\"RWE\",\"NHS\",\"MS03\",\"Specialty Registrar ST4/ SpR4\",\"RWE01\"\r\n";
    if (chunk.size() > (1 << 20) - 1024) {
      out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      chunk.clear();
    }
  }
  out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  out.close();
  if (!out) throw std::runtime_error("cannot write " + file.string());
  return file;
}

// ---- the fixture -------------------------------------------------------------------------------

void TempDataDir::SetUp() {
  std::string pattern = (fs::temp_directory_path() / "esrd-e2e-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw_errno("mkdtemp");
  root_ = pattern;
  fs::create_directories(work());
}

void TempDataDir::TearDown() { keep_or_remove(root_); }

fs::path TempDataDir::archive_day(int year, int month, int day) const {
  char text[16];
  std::snprintf(text, sizeof text, "%04d/%02d/%02d", year, month, day);
  return archive() / text;
}

RunResult TempDataDir::run_esrd(const std::vector<std::string>& args,
                                const RunOptions& options) const {
  return e2e::run_esrd(root_, args, options, data());
}

std::string TempDataDir::outbox_file(const std::string& prefix) const {
  for (const auto& name : outbox_files()) {
    if (name.starts_with(prefix)) return name;
  }
  ADD_FAILURE() << "no " << prefix << "* in outbox/";
  return {};
}

void TempDataDir::copy_sample_day(const std::string& day,
                                  const std::function<bool(const std::string& name)>& take) const {
  for (const char* folder : {"inbox", "tis"}) {
    auto target = data() / folder;
    fs::create_directories(target);
    for (const auto& name : list_names(samples_dir() / day / folder)) {
      if ((take && !take(name)) || fs::exists(target / name)) continue;
      fs::copy_file(samples_dir() / day / folder / name, target / name);
    }
  }
}

RunResult TempDataDir::expect_ok(const std::vector<std::string>& args) const {
  auto result = run_esrd(args);
  if (result.exit_code != 0) ADD_FAILURE() << result.describe();
  return result;
}

void TempDataDir::run_sample_days(const std::function<bool(const std::string& name)>& take) const {
  copy_sample_day("day1", take);
  expect_ok({"run-job", "collect", "--date", "2026-11-23"});
  expect_ok({"run-job", "export", "--date", "2026-11-23"});
  expect_ok({"export", "--type", "DNF", "--lo", "EMD", "--date", "2026-11-23"});
  copy_sample_day("day2", take);
  expect_ok({"run-job", "collect", "--date", "2026-11-24"});
  expect_ok({"run-job", "export", "--date", "2026-11-24"});
}

fs::path TempDataDir::copy_sample_to_inbox(const std::string& relative) const {
  fs::create_directories(inbox());
  auto from = sample(relative);
  auto to = inbox() / from.filename();
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
  return to;
}

fs::path TempDataDir::put_in_inbox(const std::string& name, std::string_view bytes) const {
  auto to = inbox() / name;
  write_file(to, bytes);
  return to;
}

fs::path TempDataDir::put_in_work(const std::string& name, std::string_view bytes) const {
  auto to = work() / name;
  write_file(to, bytes);
  return to;
}

nlohmann::json TempDataDir::status_json(std::optional<fs::path> data_dir) const {
  RunOptions options;
  options.data_dir = std::move(data_dir);
  auto run = run_esrd({"status", "--json"}, options);
  if (run.exit_code != 0) {
    ADD_FAILURE() << "esrd status --json failed\n" << run.describe();
    return nullptr;
  }
  auto parsed = nlohmann::json::parse(run.out, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    ADD_FAILURE() << "esrd status --json did not print one JSON object\n" << run.describe();
    return nullptr;
  }
  return parsed;
}

std::int64_t count(const nlohmann::json& status, const char* group, const char* key) {
  if (!status.is_object() || !status.contains(group) || !status[group].is_object() ||
      !status[group].contains(key) || !status[group][key].is_number_integer()) {
    return -1;
  }
  return status[group][key].get<std::int64_t>();
}

}  // namespace esr::e2e
