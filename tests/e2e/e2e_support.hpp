#pragma once
// End-to-end harness: runs the real built esrd binary (fork/execv, no shell) in a fresh temporary
// folder, with --data-dir pointing inside it, and inspects what it leaves behind.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace esr::e2e {

namespace fs = std::filesystem;

/// The esrd binary under test (ESRD_BINARY) and the repository root (ESRD_SOURCE_DIR).
[[nodiscard]] fs::path esrd_binary();
[[nodiscard]] fs::path source_dir();
/// `samples/` of the repository, and one file in it (`relative` like "day1/inbox/X.DAT").
[[nodiscard]] fs::path samples_dir();
[[nodiscard]] fs::path sample(const std::string& relative);
/// The one file in samples/<folder> whose name starts with `prefix` (samples get renumbered, so
/// find "DE_EMD_RTC_20261124_" rather than naming its sequence); throws unless exactly one.
[[nodiscard]] fs::path find_sample(const std::string& folder, const std::string& prefix);

// Names of the sample files the tests use most.
inline constexpr const char* emd_rmf = "DE_EMD_RMF_20261123_00004101.DAT";
inline constexpr const char* kss_rmf = "DE_KSS_RMF_20261123_00004102.DAT";
inline constexpr const char* emd_rmc = "DE_EMD_RMC_20261124_00004110.DAT";

/// How to run esrd once.
struct RunOptions {
  /// The folder given as --data-dir; default: <temp>/esrd-data. Ignored without pass_data_dir.
  std::optional<fs::path> data_dir;
  bool pass_data_dir = true;
  /// SIGKILL the child after this delay if it is still running (a deliberate crash).
  std::optional<std::chrono::microseconds> kill_after;
  /// SIGKILL the child after this long and report a time-out (a hung esrd fails the test).
  std::chrono::seconds timeout{300};
};

/// What one run of esrd did.
struct RunResult {
  int exit_code = -1;   // the exit status, or -1 when a signal ended the process
  int term_signal = 0;  // the signal that ended it, else 0
  bool killed = false;  // ended by the SIGKILL that kill_after asked for
  bool timed_out = false;
  std::string out;  // everything written to stdout
  std::string err;  // everything written to stderr (the log goes there too)
  std::chrono::microseconds elapsed{0};
  std::string command;  // the argument list, for messages

  /// A multi-line account for failure messages: command, status, stdout, stderr (truncated).
  [[nodiscard]] std::string describe() const;
};

/// Starts `words` (words[0] the program: a path, or a name looked up in PATH) in `workdir`, with
/// stdin from /dev/null and stdout/stderr written to `out` and `err`. Returns the child's pid
/// without waiting. The child exits 126 when it cannot set this up, and 127, after writing
/// `exec_failed_marker` to stderr, when the program cannot be executed. Throws when fork fails.
pid_t spawn_process(std::vector<std::string> words, const fs::path& workdir, const fs::path& out,
                    const fs::path& err);
inline constexpr char exec_failed_marker[] = "esrd-e2e: execv of esrd failed\n";

/// Runs `esrd [--data-dir DIR] ARGS...` with `workdir` as its current directory (so no
/// config/esrd.conf is picked up), stdin from /dev/null and stdout/stderr captured to files in
/// `workdir/.runs/`. Waits for it to end. Throws only when the process cannot be started.
RunResult run_esrd(const fs::path& workdir, const std::vector<std::string>& args,
                   const RunOptions& options, const fs::path& default_data_dir);

/// Runs esrd and SIGKILLs it after a delay drawn uniformly from [0, max_delay] (if it is still
/// running by then). The delay used is stored in `*delay_used` when given.
RunResult run_esrd_killed_at_random(const fs::path& workdir, const std::vector<std::string>& args,
                                    const fs::path& data_dir, std::chrono::microseconds max_delay,
                                    std::mt19937_64& rng,
                                    std::chrono::microseconds* delay_used = nullptr);

// ---- files -------------------------------------------------------------------------------------

[[nodiscard]] std::string read_file(const fs::path& file);
void write_file(const fs::path& file, std::string_view bytes);
/// The names in `folder` (dot-files included), sorted; empty when the folder does not exist.
[[nodiscard]] std::vector<std::string> list_names(const fs::path& folder);
/// Every regular file below `folder`, as paths relative to it, sorted.
[[nodiscard]] std::vector<std::string> list_tree(const fs::path& folder);
/// The permission bits (st_mode & 07777) of a file; throws when it cannot be stat'ed.
[[nodiscard]] unsigned file_mode(const fs::path& file);

// ---- records -----------------------------------------------------------------------------------

/// The lines of a file's text without their CRLF/LF terminators (no empty last element).
[[nodiscard]] std::vector<std::string> split_lines(std::string_view text);
/// Lines joined, each ended by CRLF (the canonical form of the samples).
[[nodiscard]] std::string join_crlf(const std::vector<std::string>& lines);
/// The raw fields of one comma record, quotes kept, commas inside quotes respected.
[[nodiscard]] std::vector<std::string> split_fields(std::string_view line);
[[nodiscard]] std::string join_fields(const std::vector<std::string>& fields);
/// `text` with its 1-based line `line_number` passed through `edit` (fields in, fields out).
[[nodiscard]] std::string edit_line(
    std::string_view text, std::size_t line_number,
    const std::function<void(std::vector<std::string>& fields)>& edit);
/// The text of an RTC confirming every line of `rmt_text` with SUCCESS.
[[nodiscard]] std::string all_success_rtc(std::string_view rmt_text);

/// Writes a valid EMD RMF of `positions` positions (a POR and a POS line each: 2 x positions
/// records), position ids from 9000001, deanery numbers EMD/X/NNN. Returns the path.
fs::path write_large_rmf(const fs::path& file, std::size_t positions);

// ---- the fixture -------------------------------------------------------------------------------

/// One fresh folder per test (mkdtemp under temp_directory_path), removed afterwards unless the
/// environment sets ESRD_E2E_KEEP. The data directory is <root>/esrd-data.
class TempDataDir : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  [[nodiscard]] const fs::path& root() const { return root_; }
  [[nodiscard]] fs::path data() const { return root_ / "esrd-data"; }
  [[nodiscard]] fs::path inbox() const { return data() / "inbox"; }
  [[nodiscard]] fs::path outbox() const { return data() / "outbox"; }
  [[nodiscard]] fs::path quarantine() const { return data() / "quarantine"; }
  [[nodiscard]] fs::path archive() const { return data() / "archive"; }
  [[nodiscard]] fs::path archive_day(int year, int month, int day) const;
  [[nodiscard]] fs::path database() const { return data() / "state" / "esrd.sqlite"; }
  /// A scratch folder outside the data directory for files the test makes.
  [[nodiscard]] fs::path work() const { return root_ / "work"; }

  RunResult run_esrd(const std::vector<std::string>& args, const RunOptions& options = {}) const;

  /// Copies samples/<day>/inbox/* into inbox/ and samples/<day>/tis/* into tis/, each file only
  /// when `take(name)` says so (every file without it); a file already there is kept.
  void copy_sample_day(const std::string& day,
                       const std::function<bool(const std::string& name)>& take = {}) const;
  /// Runs esrd and fails the test (ADD_FAILURE, with the whole run) unless it exits 0.
  RunResult expect_ok(const std::vector<std::string>& args) const;
  /// The two sample days as an operator runs them: day 1 collect, export and a DNF for EMD;
  /// day 2 collect and export (each day's files copied in first, as `take` chooses).
  void run_sample_days(const std::function<bool(const std::string& name)>& take = {}) const;

  /// Copies samples/<relative> into inbox/ (creating it) and returns the copy.
  fs::path copy_sample_to_inbox(const std::string& relative) const;
  /// Writes `bytes` as inbox/<name> (creating the folder) and returns the path.
  fs::path put_in_inbox(const std::string& name, std::string_view bytes) const;
  /// Writes `bytes` as work/<name> and returns the path.
  fs::path put_in_work(const std::string& name, std::string_view bytes) const;

  /// `esrd status --json`, parsed; a failed run or bad JSON fails the test and gives null.
  [[nodiscard]] nlohmann::json status_json(std::optional<fs::path> data_dir = std::nullopt) const;

  [[nodiscard]] std::vector<std::string> outbox_files() const { return list_names(outbox()); }
  /// The one file in outbox/ whose name starts with `prefix` (sequence numbers vary); fails the
  /// test and gives "" when there is none.
  [[nodiscard]] std::string outbox_file(const std::string& prefix) const;
  [[nodiscard]] std::vector<std::string> quarantine_files() const {
    return list_names(quarantine());
  }
  [[nodiscard]] std::vector<std::string> inbox_files() const { return list_names(inbox()); }
  [[nodiscard]] std::vector<std::string> archive_files() const { return list_tree(archive()); }

 private:
  fs::path root_;
};

/// A count out of a status object: count(status, "positions", "total"); -1 when absent.
[[nodiscard]] std::int64_t count(const nlohmann::json& status, const char* group, const char* key);

}  // namespace esr::e2e
