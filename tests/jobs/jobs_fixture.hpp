#pragma once
// A data directory in a temporary folder, run by the jobs library itself (no esrd binary): the
// samples' two days (samples/README.md) go through JobRunner as an operator runs them, with every
// business date given explicitly.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "esr/jobs/job_runner.hpp"
#include "esr/ops/data_dir.hpp"
#include "esr/spec/reference_lists.hpp"
#include "esr/spec/schema_registry.hpp"
#include "esr/state/state_schema.hpp"
#include "support/temp_dir.hpp"

namespace esr::jobs::test {

namespace fs = std::filesystem;

inline fs::path source_dir() { return ESRD_SOURCE_DIR; }
inline fs::path samples_dir() { return source_dir() / "samples"; }

inline std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The names in `folder`, sorted; empty when it does not exist.
inline std::vector<std::string> names_in(const fs::path& folder) {
  std::vector<std::string> names;
  if (!fs::exists(folder)) return names;
  for (const auto& entry : fs::directory_iterator(folder))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

inline spec::BusinessDate day(const char* iso) { return *spec::BusinessDate::from_iso(iso); }

/// The samples' offices and reference lists, esrd.conf's window and limits, CRLF everywhere.
class SampleJobs : public ::testing::Test {
 protected:
  SampleJobs()
      : dir_{folder_.path() / "data"},
        db_((dir_.create_layout(), state::open_state(dir_.database()))),
        schemas_(spec::SchemaRegistry::load(source_dir() / "schemas")),
        references_(spec::ReferenceLists::load(source_dir() / "reference")),
        runner_(db_, schemas_, dir_, settings()) {}

  [[nodiscard]] JobSettings settings() const {
    JobSettings settings;
    settings.inbound.local_offices = {"EMD", "EOE", "KSS"};
    settings.window_min_days = 2;
    settings.window_max_days = 91;
    settings.max_applicants_per_position = 40;
    if (const auto* offices = references_.find("local_offices")) {
      for (const auto& office : offices->values)
        settings.office_names[office.code] = office.meaning;
    }
    return settings;
  }

  /// samples/<day>/inbox/* into inbox/ and samples/<day>/tis/* into tis/, as `take` chooses.
  void copy_sample_day(const std::string& sample_day,
                       const std::function<bool(const std::string&)>& take = {}) const {
    for (const auto& [from, to] : {std::pair{samples_dir() / sample_day / "inbox", dir_.inbox()},
                                   std::pair{samples_dir() / sample_day / "tis", dir_.tis()}}) {
      for (const auto& name : names_in(from)) {
        if (take && !take(name)) continue;
        fs::copy_file(from / name, to / name, fs::copy_options::overwrite_existing);
      }
    }
  }

  /// Day 1: collect, the daily export, then the DNF of EMD (samples/README.md, "How the days run").
  void run_day1() {
    copy_sample_day("day1");
    last_collect_ = runner_.collect();
    last_export_ = runner_.export_files(day("2026-11-23"), std::nullopt, {});
    dnf_ = runner_.export_files(day("2026-11-23"), "EMD", {"DNF"});
  }

  /// Day 2: collect (RMC, APC, DCC), then the daily export; files `take` declines stay out.
  void run_day2(const std::function<bool(const std::string&)>& take = {}) {
    copy_sample_day("day2", take);
    last_collect_ = runner_.collect();
    last_export_ = runner_.export_files(day("2026-11-24"), std::nullopt, {});
  }

  [[nodiscard]] std::vector<std::string> outbox() const { return names_in(dir_.outbox()); }

  test_support::TempDir folder_;
  ops::DataDir dir_;
  db::Database db_;
  spec::SchemaRegistry schemas_;
  spec::ReferenceLists references_;
  JobRunner runner_;
  JobReport last_collect_, last_export_, dnf_;
};

}  // namespace esr::jobs::test
