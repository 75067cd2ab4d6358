// The TIS placements snapshot as the importer applies it: placements and people in their typed
// tables, the differences as tis_events with the row before (never a personal value), one
// transaction per file however the file is streamed.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "esr/inbound/tis_import.hpp"
#include "esr/spec/schema_registry.hpp"
#include "esr/state/state_schema.hpp"
#include "support/temp_dir.hpp"

namespace esr::inbound {
namespace {

using ::testing::ElementsAre;
using Row = std::map<std::string, std::string>;

constexpr const char* npn1 = "EMD/RWEAA/300/STR/001";

// A placement row of the extract: every column, with these values over the defaults.
Row placement(const std::string& id, const std::string& person, Row values = {}) {
  Row row = {{"placement_id", id},
             {"npn", npn1},
             {"placement_type", "In Post"},
             {"lifecycle", "APPROVED"},
             {"start_date", "2026-12-02"},
             {"end_date", "2027-08-03"},
             {"wte", "1"},
             {"person_id", person},
             {"surname", "Smith"},
             {"forenames", "Ann"},
             {"ni_number", "AB123456C"}};
  for (auto& [column, value] : values) row[column] = value;
  return row;
}

class TisSnapshot : public ::testing::Test {
 protected:
  TisSnapshot()
      : dir_{folder_.path() / "data"},
        db_((dir_.create_layout(), state::open_state(dir_.database()))),
        schemas_(spec::SchemaRegistry::load(std::filesystem::path(ESRD_SOURCE_DIR) / "schemas")),
        importer_(db_, schemas_, dir_) {}

  ProcessResult load(const std::string& date, const std::vector<Row>& rows) {
    const auto& record = schemas_.by_name("TIS_PLACEMENTS")->records.front();
    std::string csv;
    for (const auto& field : record.fields) csv += (csv.empty() ? "" : ",") + field.name;
    csv += "\n";
    for (const auto& row : rows) {
      std::string line;
      for (const auto& field : record.fields) {
        auto found = row.find(field.name);
        line += (&field == &record.fields.front() ? "" : ",") +
                fmt::format("\"{}\"", found == row.end() ? "" : found->second);
      }
      csv += line + "\n";
    }
    auto results = importer_.import(folder_.write("placements_" + date + ".csv", csv), {});
    EXPECT_EQ(results.size(), 1U);
    return results.front();
  }

  std::vector<std::string> query(const std::string& sql) {
    auto select = db_.prepare(sql);
    std::vector<std::string> rows;
    while (select.step()) {
      std::string row;
      for (int i = 0; i < select.column_count(); ++i) row += (i ? "|" : "") + select.column_text(i);
      rows.push_back(row);
    }
    return rows;
  }

  test_support::TempDir folder_;
  ops::DataDir dir_;
  db::Database db_;
  spec::SchemaRegistry schemas_;
  TisImporter importer_;
};

TEST_F(TisSnapshot, PlacementsAndTheirPeopleGoToTheirOwnTables) {
  ASSERT_EQ(load("20261123", {placement("P1", "77"), placement("P2", "78", {{"surname", "Lee"}})})
                .outcome,
            Outcome::applied);
  EXPECT_THAT(query("SELECT placement_id, npn, local_office, start_date, person_id, present"
                    " FROM tis_placements ORDER BY placement_id"),
              ElementsAre(fmt::format("P1|{}|EMD|2026-12-02|77|1", npn1),
                          fmt::format("P2|{}|EMD|2026-12-02|78|1", npn1)));
  EXPECT_THAT(query("SELECT person_id, surname, ni_number FROM people ORDER BY person_id"),
              ElementsAre("77|Smith|AB123456C", "78|Lee|AB123456C"));
  EXPECT_THAT(query("SELECT count(*) FROM tis_events"), ElementsAre("0")) << "the baseline";
}

TEST_F(TisSnapshot, APersonsChangeIsReportedOnEachOfTheirPlacementsWithoutItsValue) {
  load("20261123", {placement("P1", "77"), placement("P2", "77", {{"start_date", "2027-08-04"}})});
  auto result = load("20261124",
                     {placement("P1", "77", {{"surname", "Jones"}, {"wte", "0.5"}}),
                      placement("P2", "77", {{"start_date", "2027-08-04"}, {"surname", "Jones"}})});
  ASSERT_EQ(result.outcome, Outcome::applied);
  EXPECT_THAT(result.effects, ::testing::HasSubstr("placement_changed=2"));
  EXPECT_THAT(query("SELECT subject, changes, previous_npn, previous_wte, previous_person_id"
                    " FROM tis_events ORDER BY id"),
              ElementsAre(fmt::format("P1|surname,wte|{}|1|77", npn1),
                          fmt::format("P2|surname|{}|1|77", npn1)));
  EXPECT_THAT(query("SELECT surname FROM people"), ElementsAre("Jones"));
}

TEST_F(TisSnapshot, ARemovedPlacementIsDeletedWithItsRowBefore) {
  load("20261123", {placement("P1", "77"), placement("P2", "78")});
  ASSERT_EQ(load("20261124", {placement("P1", "77")}).outcome, Outcome::applied);
  EXPECT_THAT(
      query("SELECT kind, subject, previous_start_date, previous_person_id FROM tis_events"),
      ElementsAre("placement_deleted|P2|2026-12-02|78"));
  EXPECT_THAT(query("SELECT placement_id, present FROM tis_placements ORDER BY placement_id"),
              ElementsAre("P1|1", "P2|0"));
}

TEST_F(TisSnapshot, AProblemOnTheLastLineLeavesTheStateAsItWasAndQuarantinesTheFile) {
  load("20261123", {placement("P1", "77")});
  auto result = load("20261124", {placement("P1", "77", {{"surname", "Jones"}}),
                                  placement("P3", "79"), placement("P4", "80", {{"wte", "x"}})});
  EXPECT_EQ(result.outcome, Outcome::rejected);
  EXPECT_THAT(query("SELECT placement_id FROM tis_placements"), ElementsAre("P1"));
  EXPECT_THAT(query("SELECT surname FROM people"), ElementsAre("Smith"));
  EXPECT_THAT(query("SELECT count(*) FROM tis_events"), ElementsAre("0"));
  EXPECT_THAT(
      query("SELECT name, outcome FROM files ORDER BY id"),
      ElementsAre("placements_20261123.csv|applied", "placements_20261124.csv|quarantined"));
}

TEST_F(TisSnapshot, AnExtractSchemaColumnTheStateDoesNotKeepIsASchemaErrorNotADroppedValue) {
  // The schemas with one more placements column, which esrd has nowhere to keep.
  auto folder = folder_.path() / "schemas";
  std::filesystem::copy(std::filesystem::path(ESRD_SOURCE_DIR) / "schemas", folder);
  std::ifstream in(folder / "tis_placements.json");
  auto schema = nlohmann::json::parse(in);
  in.close();
  schema["records"][0]["fields"].push_back(
      {{"ref", "shoe_size"}, {"name", "shoe_size"}, {"format", "X(3)"}});
  std::ofstream(folder / "tis_placements.json") << schema.dump();
  auto schemas = spec::SchemaRegistry::load(folder);
  TisImporter importer(db_, schemas, dir_);
  auto file = folder_.write("placements_20261123.csv", "placement_id\n");
  try {
    (void)importer.import(file, {});
    FAIL() << "no SchemaError";
  } catch (const spec::SchemaError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("'shoe_size'"));
  }
  EXPECT_THAT(query("SELECT count(*) FROM files"), ElementsAre("0"));
}

}  // namespace
}  // namespace esr::inbound
