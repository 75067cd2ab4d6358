// Migration 5: the positions' POR and POS JSON arrays become typed columns, value for value.
#include "esr/store/state_schema.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "esr/store/migrations.hpp"
#include "support/temp_dir.hpp"

namespace esr::store {
namespace {

std::vector<std::string> column_names(Database& db) {
  auto select = db.prepare("SELECT name FROM pragma_table_info('positions') ORDER BY cid");
  std::vector<std::string> names;
  while (select.step()) names.push_back(select.column_text(0));
  return names;
}

TEST(TypedPositions, MigrationFiveMovesEveryKeptFieldOutOfTheArraysAndDropsThem) {
  esr::test_support::TempDir dir;
  auto db = Database::open(dir.path() / "state.sqlite");
  apply_migrations(db, state_migrations().first(4));
  ASSERT_EQ(schema_version(db), 4);
  db.exec(
      "INSERT INTO files(id, name, direction, type, business_date, outcome, started_at)"
      " VALUES (1, 'f', 'in', 'RMF', '2026-11-23', 'applied', 'now');"
      // Both records; a value with a quote, a backslash, a tab and a non-ASCII character.
      "INSERT INTO positions(position_id, local_office, deanery_number, position_number,"
      " por_fields, pos_fields, deleted, matched, went_live, created_file_id, changed_file_id,"
      " changed_at) VALUES (8100101, 'EMD', 'EMD/X/1', '41000101',"
      " '[\"POR\",\"8100101\",\"\",\"C\",\"41000101\",\"Title \\\"A\\\"\",\"EMD/X/1\",\"EMD\","
      "\"Lead Employer\",\"RWE\",\"060 Trust\",\"Org\\\\1\",\"Loc\\tOne\"]',"
      " '[\"POS\",\"8100101\",\"\",\"C\",\"41000101\",\"Medical and Dental\\\\\",\"Registrar\","
      "\"300\",\"General Practice\",\"EMD/X/1\",\"EMD\",\"RWE01\",\"RWE\",\"MS03\","
      "\"Specialty R\xc3\xa9gistrar\",\"Workplace\"]', 0, 1, 0, 1, 1, 'now');"
      // A POR without its POS, and a position known only from its deletion.
      "INSERT INTO positions(position_id, local_office, deanery_number, position_number,"
      " por_fields, pos_fields, deleted, matched, created_file_id, changed_file_id, changed_at)"
      " VALUES (8100102, 'EMD', 'EMD/X/2', NULL,"
      " '[\"POR\",\"8100102\",\"\",\"C\",\"\",\"\",\"EMD/X/2\",\"EMD\",\"Host\",\"\",\"\",\"\","
      "\"\"]', NULL, 0, 0, 1, 1, 'now'),"
      " (8100103, 'EMD', 'EMD/X/3', NULL, NULL, NULL, 1, 0, 1, 1, 'now')");

  apply_migrations(db, state_migrations());
  EXPECT_EQ(schema_version(db), 5);
  auto names = column_names(db);
  EXPECT_EQ(std::count(names.begin(), names.end(), "por_fields"), 0);
  EXPECT_EQ(std::count(names.begin(), names.end(), "pos_fields"), 0);

  auto select = db.prepare(
      "SELECT position_id, local_office, deanery_number, coalesce(position_number, '-'), deleted,"
      " matched, has_por, title, managing_office, host_lead, ods_code, vpd, organisation,"
      " location, has_pos, staff_group, occupation_code, area_of_work, second_specialty,"
      " pos_managing_office, pos_ods_code, grade_trust, grade_payscale, grade_description,"
      " workplace_org FROM positions ORDER BY position_id");
  std::vector<std::vector<std::string>> rows;
  while (select.step()) {
    std::vector<std::string> row;
    for (int i = 0; i < select.column_count(); ++i) row.push_back(select.column_text(i));
    rows.push_back(std::move(row));
  }
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"8100101",
                                               "EMD",
                                               "EMD/X/1",
                                               "41000101",
                                               "0",
                                               "1",
                                               "1",
                                               "Title \"A\"",
                                               "EMD",
                                               "Lead Employer",
                                               "RWE",
                                               "060 Trust",
                                               "Org\\1",
                                               "Loc\tOne",
                                               "1",
                                               "Medical and Dental\\",
                                               "Registrar",
                                               "300",
                                               "General Practice",
                                               "EMD",
                                               "RWE01",
                                               "RWE",
                                               "MS03",
                                               "Specialty R\xc3\xa9gistrar",
                                               "Workplace"}));
  EXPECT_EQ(rows[1],
            (std::vector<std::string>{"8100102", "EMD", "EMD/X/2", "-", "0", "0", "1", "", "EMD",
                                      "Host",    "",    "",        "",  "",  "0", "",  "", "",
                                      "",        "",    "",        "",  "",  "",  ""}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{
                         "8100103", "EMD", "EMD/X/3", "-", "1", "0", "0", "", "", "", "", "", "",
                         "",        "0",   "",        "",  "",  "",  "",  "", "", "", "", ""}));
}

}  // namespace
}  // namespace esr::store
