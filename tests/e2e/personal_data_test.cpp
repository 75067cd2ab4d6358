// Personal data stays in its files (DESIGN §9): the two sample days run end to end, plus a
// rejected RMF replay and a validate of a broken APP, once with text logs and once with JSON
// logs; every line of stderr and of logs/esrd.log is scanned for every personal value of the TIS
// samples. Failure messages name the column and the line, never the value. Also checks that the
// outbound files and the state database are owner-only (0600).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "e2e_support.hpp"

namespace esr::e2e {
namespace {

// The columns of the TIS placements extract that hold personal values.
const std::vector<std::string> personal_columns = {
    "surname",      "forenames",        "legal_surname", "legal_forenames",
    "middle_names", "previous_surname", "date_of_birth", "ni_number",
    "gmc_number",   "gdc_number",       "email",         "address1",
    "postcode",     "home_tel",         "mobile_tel"};

// Parses RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks.
std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  bool any = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !field.empty()) {
        row.push_back(field);
        rows.push_back(row);
      }
      row.clear();
      field.clear();
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || !field.empty()) {
    row.push_back(field);
    rows.push_back(row);
  }
  return rows;
}

std::size_t code_points(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  return count;
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// One personal value and the column it came from.
struct PersonalValue {
  std::string column;
  std::string value;
};

// Every personal value of the two placements extracts (4 characters or more), each once.
std::vector<PersonalValue> personal_values() {
  std::vector<PersonalValue> out;
  std::set<std::string> seen;
  auto add = [&](const std::string& column, const std::string& value) {
    if (code_points(value) < 4 || !seen.insert(value).second) return;
    out.push_back({column, value});
  };
  for (const char* file :
       {"day1/tis/placements_20261123.csv", "day2/tis/placements_20261124.csv"}) {
    auto rows = parse_csv(read_file(sample(file)));
    EXPECT_GE(rows.size(), 2U) << file;
    if (rows.empty()) continue;
    std::map<std::string, std::size_t> at;
    for (std::size_t i = 0; i < rows[0].size(); ++i) at[rows[0][i]] = i;
    for (const auto& column : personal_columns) {
      EXPECT_TRUE(at.count(column)) << file << " has no column " << column;
    }
    for (std::size_t r = 1; r < rows.size(); ++r) {
      const auto& row = rows[r];
      EXPECT_EQ(row.size(), rows[0].size()) << file << " row " << r;
      for (const auto& column : personal_columns) {
        auto it = at.find(column);
        if (it == at.end() || it->second >= row.size()) continue;
        const std::string& value = row[it->second];
        if (value.empty()) continue;
        if (column == "gmc_number") {
          if (value.size() == 7 && all_digits(value)) add(column, value);
        } else if (column == "date_of_birth") {
          add(column, value);
          std::string compact;
          for (char c : value) {
            if (c != '-') compact += c;
          }
          add("date_of_birth (YYYYMMDD)", compact);
        } else {
          add(column, value);
        }
      }
    }
  }
  return out;
}

// The sample file in samples/<folder> whose name starts with `prefix` (sequence numbers in the
// names of the outbound samples may change).
fs::path sample_named(const std::string& folder, const std::string& prefix) {
  for (const auto& name : list_names(sample(folder))) {
    if (name.rfind(prefix, 0) == 0) return sample(folder + "/" + name);
  }
  ADD_FAILURE() << "no samples/" << folder << "/" << prefix << "*";
  return sample(folder + "/" + prefix);
}

// Appends `suffix` to a field of a comma record, inside its quotes when it has them.
void append_to_field(std::string& field, const std::string& suffix) {
  if (field.size() >= 2 && field.front() == '"' && field.back() == '"') {
    field.insert(field.size() - 1, suffix);
  } else {
    field += suffix;
  }
}

class PersonalData : public TempDataDir {
 protected:
  struct Source {
    std::string name;  // "stderr of <command>" or "logs/esrd.log"
    std::string text;
  };

  void copy_samples(const std::string& day) {
    fs::create_directories(inbox());
    fs::create_directories(data() / "tis");
    for (const auto& name : list_names(sample(day + "/inbox"))) {
      fs::copy_file(sample(day + "/inbox/" + name), inbox() / name);
    }
    for (const auto& name : list_names(sample(day + "/tis"))) {
      fs::copy_file(sample(day + "/tis/" + name), data() / "tis" / name);
    }
  }

  // Runs one command with the log format (and level) under test, keeping its stderr.
  RunResult run(std::vector<std::string> args, int expected_exit) {
    args.insert(args.end(), extra_.begin(), extra_.end());
    auto result = run_esrd(args);
    EXPECT_EQ(result.exit_code, expected_exit) << result.describe();
    sources_.push_back({"stderr of `" + result.command + "`", result.err});
    return result;
  }

  // The whole scenario of samples/README.md, then the rejection paths.
  void run_samples(const std::string& format) {
    extra_ = {"--log.format", format};
    copy_samples("day1");
    run({"run-job", "collect", "--date", "2026-11-23"}, 0);
    run({"run-job", "export", "--date", "2026-11-23"}, 0);
    run({"export", "--type", "DNF", "--lo", "EMD", "--date", "2026-11-23"}, 0);
    EXPECT_THAT(inbox_files(), ::testing::IsEmpty());

    copy_samples("day2");
    run({"run-job", "collect", "--date", "2026-11-24"}, 0);
    run({"run-job", "export", "--date", "2026-11-24"}, 0);
    EXPECT_THAT(inbox_files(), ::testing::IsEmpty());

    // A broken copy of the EMD RMF, replayed: rejected whole and quarantined.
    auto rmf = read_file(sample(std::string("day1/inbox/") + emd_rmf));
    rmf = edit_line(rmf, 3, [](std::vector<std::string>& fields) { fields.at(6) = ""; });
    rmf = edit_line(rmf, 8, [](std::vector<std::string>& fields) { fields.at(1) = "81001x4"; });
    auto broken_rmf = put_in_work("DE_EMD_RMF_20261124_00004199.DAT", rmf);
    run({"replay", broken_rmf.string()}, 1);

    // A broken APP whose bad fields still hold personal values: an e-mail and a surname too long,
    // a date of birth in the wrong form.
    auto app = read_file(sample_named("outbound", "DE_EMD_APP_20261123_"));
    app = edit_line(app, 1, [](std::vector<std::string>& fields) {
      append_to_field(fields.at(5), std::string(40, 'x'));  // applicant_email_address X(60)
      fields.at(10) = "\"1991-07-02\"";                     // DOB YYYYMMDD
    });
    app = edit_line(app, 2, [](std::vector<std::string>& fields) {
      append_to_field(fields.at(6), std::string(160, 'x'));  // Last_Name X(150)
    });
    auto broken_app = put_in_work("DE_EMD_APP_20261123_00000099.DAT", app);
    auto validated = run({"validate", broken_app.string()}, 1);
    EXPECT_THAT(validated.out, ::testing::HasSubstr(":1:")) << validated.describe();
    EXPECT_THAT(validated.out, ::testing::HasSubstr(":2:")) << validated.describe();

    auto log_file = data() / "logs" / "esrd.log";
    ASSERT_TRUE(fs::exists(log_file));
    sources_.push_back({"logs/esrd.log", read_file(log_file)});
  }

  // Every line of every source, against every personal value.
  void expect_no_personal_values() {
    auto values = personal_values();
    ASSERT_GE(values.size(), 60U) << "the samples should give many personal values";
    std::size_t lines_scanned = 0;
    for (const auto& source : sources_) {
      auto lines = split_lines(source.text);
      lines_scanned += lines.size();
      for (std::size_t i = 0; i < lines.size(); ++i) {
        for (const auto& personal : values) {
          // The value itself is never printed: the column and the line say where to look.
          EXPECT_EQ(lines[i].find(personal.value), std::string::npos)
              << "a personal value of column " << personal.column << " appears in " << source.name
              << " line " << (i + 1);
        }
      }
    }
    EXPECT_GE(lines_scanned, 10U) << "the runs should have logged something";
  }

  void expect_owner_only_files() {
    auto outbox_names = outbox_files();
    std::size_t dat = 0;
    for (const auto& name : outbox_names) {
      if (!name.ends_with(".DAT")) continue;
      ++dat;
      EXPECT_EQ(file_mode(outbox() / name), 0600U) << "outbox/" << name;
    }
    EXPECT_GE(dat, 5U) << ::testing::PrintToString(outbox_names);
    EXPECT_EQ(file_mode(database()), 0600U) << "state/esrd.sqlite";
  }

  std::vector<std::string> extra_;
  std::vector<Source> sources_;
};

TEST_F(PersonalData, TextLogsHoldNoPersonalValue) {
  run_samples("text");
  expect_no_personal_values();
  expect_owner_only_files();
}

TEST_F(PersonalData, JsonLogsHoldNoPersonalValueAndEveryLineIsAJsonObject) {
  run_samples("json");
  expect_no_personal_values();
  expect_owner_only_files();
  std::size_t objects = 0;
  for (const auto& source : sources_) {
    auto lines = split_lines(source.text);
    bool is_log_file = source.name == "logs/esrd.log";
    for (std::size_t i = 0; i < lines.size(); ++i) {
      // stderr also carries the commands' own messages (validate's summary, usage errors);
      // the log's lines there are the ones that start with '{'. Every line of the file is a log
      // line.
      if (!is_log_file && (lines[i].empty() || lines[i].front() != '{')) continue;
      auto parsed = nlohmann::json::parse(lines[i], nullptr, false);
      EXPECT_FALSE(parsed.is_discarded()) << source.name << " line " << (i + 1) << " is not JSON";
      if (parsed.is_discarded()) continue;
      EXPECT_TRUE(parsed.is_object()) << source.name << " line " << (i + 1);
      EXPECT_TRUE(parsed.contains("time") && parsed.contains("level") && parsed.contains("msg"))
          << source.name << " line " << (i + 1);
      ++objects;
    }
  }
  EXPECT_GE(objects, 10U);
}

TEST(PersonalDataSamples, TheCsvReaderFindsTheTrickyValues) {
  auto values = personal_values();
  std::map<std::string, std::set<std::string>> by_column;
  for (const auto& value : values) by_column[value.column].insert(value.value);
  EXPECT_TRUE(by_column["address1"].count("Flat 3, 14 Regent Road")) << "a quoted comma";
  EXPECT_TRUE(by_column["date_of_birth (YYYYMMDD)"].count("19910702"));
  EXPECT_TRUE(by_column["date_of_birth"].count("1991-07-02"));
  EXPECT_FALSE(by_column["gmc_number"].count("UNKNOWN")) << "only 7-digit GMC numbers";
  EXPECT_TRUE(by_column["gmc_number"].count("9900102"));
  EXPECT_TRUE(by_column["surname"].count("Kerr") || by_column["legal_surname"].count("Kerr"));
  for (const auto& value : values) {
    EXPECT_GE(code_points(value.value), 4U) << value.column;
  }
}

}  // namespace
}  // namespace esr::e2e
