// esr_parse_bench: how fast esrd validates and parses a large RMT (RMF) file, and how much memory
// it takes, measured against baselines in the same run (DESIGN.md section 10).
//
// What is measured, on one generated file of N position records (POR + POS pairs, default
// 1,000,000 records, about 167 MB, written by bench/gen_day.py in the shape of ESR's files:
// every field filled as ESR fills it, quoted text with commas and doubled quotes, non-ASCII
// UTF-8, CRLF, the staff group in T_POS06; valid against schemas/rmt.json):
//   - esrd: wall-clock time of identify_file + esr::dialect::parse_file with the repository's real
//     schemas (every field of every record validated; each record handed to a callback that reads
//     its values), single-threaded; the best of --repeat runs. Printed as MB/s (10^6 bytes) and
//     records/s.
//   - wc: wall-clock time of `wc -l FILE` (via popen), best of --repeat runs.
//   - python: wall-clock time of Python's csv module reading the same file
//     (`python3 -c 'import csv,sys; n=sum(1 for _ in csv.reader(open(sys.argv[1], newline="")))'`),
//     best of --repeat runs, interpreter start-up included.
//   - ratios: esrd MB/s / wc MB/s, and esrd MB/s / python MB/s.
//   - peak memory: the harness runs itself as a child (`--peak-memory FILE`), which parses the
//     file once and reports its own peak resident set size (getrusage RUSAGE_SELF, ru_maxrss).
//     Done for the 1x file and, with --with-10x, for a 10x file (10 times the records, ~1.7 GB,
//     generated only then). Streaming means the two peaks should be about the same.
// The file is read from the page cache (it was just written, and wc reads it first), so this
// measures parsing, not the disk.
//
// Usage: esr_parse_bench [--records N] [--repeat R] [--dir DIR] [--with-10x] [--schemas DIR]
//                        [--generator GEN_DAY_PY]   (default: the source tree's bench/gen_day.py)
//        esr_parse_bench --peak-memory FILE [--schemas DIR]
// Without --dir the files go to a temporary folder that is removed at the end; with --dir they
// are written there and kept.

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "esr/dialect/file_identity.hpp"
#include "esr/dialect/file_parser.hpp"
#include "esr/spec/schema_registry.hpp"

namespace fs = std::filesystem;

namespace {

constexpr std::string_view file_name_1x = "DE_EMD_RMF_20261123_00000001.DAT";
constexpr std::string_view file_name_10x = "DE_EMD_RMF_20261123_00000002.DAT";

struct Options {
  std::uint64_t records = 1'000'000;
  int repeat = 3;
  std::optional<fs::path> dir;
  bool with_10x = false;
  fs::path schemas = fs::path(ESRD_SOURCE_DIR) / "schemas";
  fs::path generator = fs::path(ESRD_SOURCE_DIR) / "bench" / "gen_day.py";
  std::optional<fs::path> peak_memory_file;
};

[[noreturn]] void usage(const std::string& error) {
  std::fprintf(stderr,
               "esr_parse_bench: %s\n"
               "usage: esr_parse_bench [--records N] [--repeat R] [--dir DIR] [--with-10x] "
               "[--schemas DIR] [--generator GEN_DAY_PY]\n"
               "       esr_parse_bench --peak-memory FILE [--schemas DIR]\n",
               error.c_str());
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(fmt::format("{} needs a value", arg));
      return argv[++i];
    };
    try {
      if (arg == "--records") {
        options.records = std::stoull(value());
        if (options.records < 2) usage("--records must be at least 2");
      } else if (arg == "--repeat") {
        options.repeat = std::max(1, std::stoi(value()));
      } else if (arg == "--dir") {
        options.dir = value();
      } else if (arg == "--with-10x") {
        options.with_10x = true;
      } else if (arg == "--schemas") {
        options.schemas = value();
      } else if (arg == "--generator") {
        options.generator = value();
      } else if (arg == "--peak-memory") {
        options.peak_memory_file = value();
      } else if (arg == "--help" || arg == "-h") {
        usage("help");
      } else {
        usage(fmt::format("unknown argument '{}'", arg));
      }
    } catch (const std::logic_error&) {
      usage(fmt::format("bad number for {}", arg));
    }
  }
  return options;
}

// ---- the input file -------------------------------------------------------------------------

// The file comes from bench/gen_day.py, the one generator of realistic benchmark inputs (every
// field filled as ESR fills it, quoted text with commas and doubled quotes, UTF-8, CRLF, the
// staff group in T_POS06, about 165 bytes a record): `gen_day.py rmf DIR RECORDS --seq N` writes
// DE_EMD_RMF_20261123_<N>.DAT, and prints its bytes per record to stderr.
std::string shell_quote(std::string_view text);

void generate_rmt(const fs::path& path, std::uint64_t records, const Options& options) {
  const int seq = path.filename() == file_name_10x ? 2 : 1;
  const std::string command = fmt::format("python3 {} rmf {} {} --seq {} >/dev/null",
                                          shell_quote(options.generator.string()),
                                          shell_quote(path.parent_path().string()), records, seq);
  const int status = std::system(command.c_str());
  if (status != 0 || !fs::exists(path)) {
    throw std::runtime_error(fmt::format("{} failed (status {})", command, status));
  }
}

// ---- measuring ------------------------------------------------------------------------------

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

struct CommandResult {
  int status = -1;
  std::string output;
  double seconds = 0;
};

CommandResult run_command(const std::string& command) {
  CommandResult result;
  const auto start = Clock::now();
  std::FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> chunk{};
  std::size_t n = 0;
  while ((n = std::fread(chunk.data(), 1, chunk.size(), pipe)) > 0)
    result.output.append(chunk.data(), n);
  result.status = pclose(pipe);
  result.seconds = seconds_since(start);
  return result;
}

struct ParseRun {
  esr::dialect::ParseSummary summary;
  std::uint64_t values = 0;
  std::vector<std::string> first_problems;
};

// What esrd does to an inbound file before applying it: find its spec from its name, then
// stream it through the spec, every field of every record validated.
ParseRun parse_once(const fs::path& file, const esr::spec::SchemaRegistry& registry) {
  ParseRun run;
  const auto identity = esr::dialect::identify_file(file.filename().string(), registry);
  if (identity.spec == nullptr) {
    throw std::runtime_error(fmt::format("{}: {}", file.string(), identity.error));
  }
  esr::dialect::ParseCallbacks callbacks;
  callbacks.on_record = [&run](const esr::dialect::ParsedRecord& record) {
    run.values += record.values.size();  // a consumer reads the values
  };
  callbacks.on_problem = [&run](const esr::spec::Problem& problem) {
    if (run.first_problems.size() < 5) run.first_problems.push_back(esr::spec::to_string(problem));
  };
  run.summary =
      esr::dialect::parse_file(file, file.filename().string(), *identity.spec, registry, callbacks);
  return run;
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // KiB on Linux
}

int peak_memory_mode(const Options& options) {
  const auto registry = esr::spec::SchemaRegistry::load(options.schemas);
  const auto run = parse_once(*options.peak_memory_file, registry);
  std::printf("records=%zu bytes=%zu problems=%zu peak_rss_kib=%ld\n", run.summary.records,
              run.summary.bytes, run.summary.problems, peak_rss_kib());
  return run.summary.problems == 0 ? 0 : 1;
}

struct Peak {
  std::size_t bytes = 0;
  long kib = -1;
};

Peak child_peak(const fs::path& file, const Options& options) {
  const auto self = fs::read_symlink("/proc/self/exe");
  const auto result =
      run_command(fmt::format("{} --peak-memory {} --schemas {}", shell_quote(self.string()),
                              shell_quote(file.string()), shell_quote(options.schemas.string())));
  Peak peak;
  unsigned long long bytes = 0;
  if (std::sscanf(result.output.c_str(), "records=%*u bytes=%llu problems=%*u peak_rss_kib=%ld",
                  &bytes, &peak.kib) != 2 ||
      result.status != 0) {
    throw std::runtime_error(
        fmt::format("peak-memory child failed (status {}): {}", result.status, result.output));
  }
  peak.bytes = static_cast<std::size_t>(bytes);
  return peak;
}

double mb(double bytes) { return bytes / 1e6; }

int benchmark(const Options& options) {
  fs::path dir;
  bool remove_dir = false;
  if (options.dir) {
    dir = *options.dir;
    fs::create_directories(dir);
  } else {
    std::string pattern = (fs::temp_directory_path() / "esr_parse_bench.XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir = pattern;
    remove_dir = true;
  }
  struct Cleanup {
    fs::path dir;
    bool active;
    ~Cleanup() {
      std::error_code ignored;
      if (active) fs::remove_all(dir, ignored);
    }
  } cleanup{dir, remove_dir};

  const auto registry = esr::spec::SchemaRegistry::load(options.schemas);
  const fs::path file = dir / file_name_1x;

  auto start = Clock::now();
  generate_rmt(file, options.records, options);
  const double bytes = static_cast<double>(fs::file_size(file));
  std::printf("esr_parse_bench: validate + parse of an RMT file (DESIGN.md section 10)\n");
  std::printf(
      "file      %s\n          %llu records, %.1f MB, %.1f bytes/line (generated in %.1f s)\n",
      file.string().c_str(), static_cast<unsigned long long>(options.records), mb(bytes),
      bytes / static_cast<double>(options.records), seconds_since(start));
  std::printf("timing    wall clock, best of %d run(s); MB = 10^6 bytes; file in page cache\n\n",
              options.repeat);
  std::fflush(stdout);

  // wc -l first: it also pulls the file into the page cache for everyone after it.
  double wc_best = 1e300;
  const std::string wc_command = "wc -l " + shell_quote(file.string());
  for (int i = 0; i < options.repeat + 1; ++i) {
    const auto result = run_command(wc_command);
    if (result.status != 0) throw std::runtime_error("wc -l failed");
    if (std::strtoull(result.output.c_str(), nullptr, 10) != options.records) {
      throw std::runtime_error("wc -l counted " + result.output);
    }
    if (i > 0) wc_best = std::min(wc_best, result.seconds);  // the first run only warms the cache
  }

  double esrd_best = 1e300;
  for (int i = 0; i < options.repeat; ++i) {
    start = Clock::now();
    const auto run = parse_once(file, registry);
    const double elapsed = seconds_since(start);
    if (run.summary.problems != 0 || run.summary.records != options.records) {
      std::fprintf(
          stderr, "esr_parse_bench: the generated file is not valid: %zu problem(s), %zu records\n",
          run.summary.problems, run.summary.records);
      for (const auto& problem : run.first_problems)
        std::fprintf(stderr, "  %s\n", problem.c_str());
      return 1;
    }
    esrd_best = std::min(esrd_best, elapsed);
  }

  std::optional<double> python_best;
  const std::string python_command =
      "python3 -c 'import csv,sys; n=sum(1 for _ in csv.reader(open(sys.argv[1], newline=\"\"))); "
      "print(n)' " +
      shell_quote(file.string()) + " 2>&1";
  for (int i = 0; i < options.repeat; ++i) {
    const auto result = run_command(python_command);
    if (result.status != 0 ||
        std::strtoull(result.output.c_str(), nullptr, 10) != options.records) {
      std::printf("python    not measured: %s\n", result.output.c_str());
      python_best.reset();
      break;
    }
    python_best = std::min(python_best.value_or(1e300), result.seconds);
  }

  const double esrd_mbs = mb(bytes) / esrd_best;
  const double wc_mbs = mb(bytes) / wc_best;
  const double records = static_cast<double>(options.records);
  std::printf("%-28s %8.3f s %9.1f MB/s %12.0f records/s\n", "esrd validate+parse", esrd_best,
              esrd_mbs, records / esrd_best);
  std::printf("%-28s %8.3f s %9.1f MB/s %12.0f records/s\n", "wc -l", wc_best, wc_mbs,
              records / wc_best);
  if (python_best) {
    std::printf("%-28s %8.3f s %9.1f MB/s %12.0f records/s\n", "python3 csv.reader", *python_best,
                mb(bytes) / *python_best, records / *python_best);
  }
  std::printf("\nratio esrd / wc -l        %6.3f   (target: at least 0.15)\n", esrd_mbs / wc_mbs);
  if (python_best) {
    std::printf("ratio esrd / python csv   %6.2f   (target: at least 9)\n",
                esrd_mbs / (mb(bytes) / *python_best));
  }
  std::printf("esrd throughput           %6.3f GB/s (target: at least 1 GB/s)\n\n",
              esrd_mbs / 1000);
  std::fflush(stdout);

  // Peak memory, each parse in a fresh child process.
  const Peak peak_1x = child_peak(file, options);
  std::printf("peak RSS  1x file (%7.1f MB): %8.1f MiB\n", mb(static_cast<double>(peak_1x.bytes)),
              static_cast<double>(peak_1x.kib) / 1024);
  std::fflush(stdout);
  if (options.with_10x) {
    const fs::path file_10x = dir / file_name_10x;
    if (remove_dir) fs::remove(file);  // a temporary folder holds one big file at a time
    generate_rmt(file_10x, options.records * 10, options);
    const Peak peak_10x = child_peak(file_10x, options);
    std::printf("peak RSS 10x file (%7.1f MB): %8.1f MiB\n",
                mb(static_cast<double>(peak_10x.bytes)), static_cast<double>(peak_10x.kib) / 1024);
    std::printf("ratio peak 10x / 1x       %6.2f   (target: about 1, streaming)\n",
                static_cast<double>(peak_10x.kib) / static_cast<double>(peak_1x.kib));
  } else {
    std::printf(
        "peak RSS 10x file: not measured (add --with-10x; the file is about 10 times larger)\n");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options options = parse_options(argc, argv);
    if (options.peak_memory_file) return peak_memory_mode(options);
    return benchmark(options);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "esr_parse_bench: %s\n", error.what());
    return 2;
  }
}
