// Migration 9: a CHECK on every state column esrd sets (file and job outcomes, the flags of
// positions, TIS posts and RTC lines), the tables rebuilt with every row, id and index kept; and
// each state enum's texts are exactly its CHECK's list.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "esr/db/migrations.hpp"
#include "esr/state/applicant_state.hpp"
#include "esr/state/file_outcome.hpp"
#include "esr/state/job_outcome.hpp"
#include "esr/state/notification_state.hpp"
#include "esr/state/state_schema.hpp"
#include "support/temp_dir.hpp"

namespace esr::state {

using db::apply_migrations;
using db::Database;
using db::Migration;
using db::schema_version;
using db::StoreError;
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The migrations below a version, by version.
std::span<const Migration> migrations_below(int version) {
  auto all = state_migrations();
  auto end = std::find_if(all.begin(), all.end(),
                          [&](const Migration& m) { return m.version >= version; });
  return all.first(static_cast<std::size_t>(end - all.begin()));
}

const std::set<std::string> kRebuilt = {"files", "positions", "tis_posts", "rtc_lines", "job_runs"};

std::vector<std::string> texts(Database& db, const std::string& sql) {
  auto select = db.prepare(sql);
  std::vector<std::string> out;
  while (select.step()) out.push_back(select.column_text(0));
  return out;
}

int foreign_keys(Database& db) {
  auto pragma = db.prepare("PRAGMA foreign_keys");
  return pragma.step() ? pragma.column_int(0) : -1;
}

std::string table_sql(Database& db, const std::string& table) {
  auto select = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1");
  select.bind(1, table);
  return select.step() ? select.column_text(0) : "";
}

// What must survive a rebuild, table by table: every row (with its rowid where the table has
// one), every column (name, type, NOT NULL, default, key), every foreign key, WITHOUT ROWID;
// and every index of the database with its table and SQL.
std::map<std::string, std::vector<std::string>> shape(Database& db) {
  std::map<std::string, std::vector<std::string>> out;
  auto tables = db.prepare(
      "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table'"
      " AND name NOT LIKE 'sqlite_%' ORDER BY name");
  while (tables.step()) {
    auto table = tables.column_text(0);
    bool without_rowid = tables.column_int(1) != 0;
    out["without_rowid"].push_back(table + "|" + (without_rowid ? "1" : "0"));
    auto columns = texts(db, "SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid");
    std::string row = without_rowid ? "''" : "rowid";
    for (const auto& column : columns) row += " || '|' || quote(" + column + ")";
    out["rows " + table] = texts(db, "SELECT " + row + " FROM " + table + " ORDER BY 1");
    out["columns " + table] =
        texts(db,
              "SELECT cid || '|' || name || '|' || type || '|' || \"notnull\" || '|' ||"
              " coalesce(dflt_value, '-') || '|' || pk || '|' || hidden"
              " FROM pragma_table_xinfo('" +
                  table + "') ORDER BY cid");
    out["foreign keys " + table] =
        texts(db,
              "SELECT id || '|' || seq || '|' || \"table\" || '|' || \"from\" || '|' ||"
              " coalesce(\"to\", '-') || '|' || on_update || '|' || on_delete || '|' || \"match\""
              " FROM pragma_foreign_key_list('" +
                  table + "') ORDER BY id, seq");
  }
  out["indexes"] = texts(db,
                         "SELECT name || '|' || tbl_name || '|' || coalesce(sql, '-') FROM"
                         " sqlite_schema WHERE type = 'index' ORDER BY name");
  return out;
}

// A version-8 state with rows in every rebuilt table, in every table that refers to files, and
// every value the new CHECKs allow. Ids have gaps, and tis_posts' rowids are out of npn order.
struct VersionEight {
  test_support::TempDir dir;
  Database db = Database::open(dir.path() / "state.sqlite");

  VersionEight() {
    apply_migrations(db, migrations_below(9));
    EXPECT_EQ(schema_version(db), 8);
    db.exec(R"sql(
INSERT INTO files(id, name, direction, type, local_office, business_date, sequence, sha256,
    size, records, outcome, reason, started_at, finished_at, confirmed_by, content) VALUES
  (1, 'DE_EMD_RMF_20261123_00004101.DAT', 'in', 'RMF', 'EMD', '2026-11-23', 4101, 'aa', 100, 3,
   'applied', NULL, '2026-11-23T06:00:00Z', '2026-11-23T06:00:01Z', 8, NULL),
  (2, 'DE_EMD_RMC_20261123_00004102.DAT', 'in', 'RMC', 'EMD', '2026-11-23', 4102, 'bb', 50, 1,
   'quarantined', 'line 1: bad', '2026-11-23T06:00:02Z', '2026-11-23T06:00:02Z', NULL, NULL),
  (5, 'placements_20261123.csv', 'in', 'TIS_PLACEMENTS', NULL, '2026-11-23', NULL, 'cc', 10, 2,
   'applied', NULL, '2026-11-23T06:00:03Z', NULL, NULL, NULL),
  (8, 'DE_EMD_RTC_20261123_00000001.DAT', 'out', 'RTC', 'EMD', '2026-11-23', 1, 'dd', 30, 3,
   'sent', NULL, '2026-11-23T18:00:00Z', '2026-11-23T18:00:01Z', NULL, NULL),
  (13, 'DE_EMD_APP_20261123_00000002.DAT', 'out', 'APP', 'EMD', '2026-11-23', 2, 'ee', 4, 1,
   'pending', NULL, '2026-11-23T18:00:02Z', NULL, NULL, X'00FF0D0A'),
  (21, 'DE_EMD_DNC_20261123_00000003.DAT', 'out', 'DNC', 'EMD', '2026-11-23', 3, 'ff', 2, 1,
   'publishing', NULL, '2026-11-23T18:00:03Z', '2026-11-23T18:00:04Z', NULL, X'0D0A');
INSERT INTO positions(position_id, local_office, deanery_number, position_number, deleted,
    matched, created_file_id, changed_file_id, changed_at, went_live, has_por, title, has_pos,
    staff_group, workplace_org) VALUES
  (8100101, 'EMD', 'EMD/A/1', '41000101', 0, 1, 1, 1, '2026-11-23T06:00:01Z', 1, 1, 'Title',
   1, 'Medical and Dental', 'W1'),
  (8100102, 'EMD', 'EMD/Z/9', NULL, 1, 0, 1, 2, '2026-11-23T06:00:02Z', 0, 0, '', 1, 'S', '');
INSERT INTO tis_posts(rowid, npn, local_office, status, present, first_file_id, last_file_id)
  VALUES (4, 'EMD/Z/9', 'EMD', 'CURRENT', 1, 5, 5), (9, 'EMD/A/1', 'EMD', 'INACTIVE', 0, 5, NULL),
         (2, 'EMD/M/5', 'EMD', 'CURRENT', 1, NULL, 5);
INSERT INTO tis_placements(placement_id, npn, local_office, start_date, person_id, present,
    first_file_id, last_file_id) VALUES ('P1', 'EMD/A/1', 'EMD', '2026-12-02', '77', 1, 5, 5);
INSERT INTO people(person_id, surname) VALUES ('77', 'Smith');
INSERT INTO tis_events(id, file_id, business_date, local_office, kind, subject, processed)
  VALUES (3, 5, '2026-11-23', 'EMD', 'post_inactive', 'EMD/A/1', 1);
INSERT INTO tis_baselines(local_office, file_id, business_date) VALUES ('EMD', 5, '2026-11-23');
INSERT INTO applicants(id, placement_id, position_id, local_office, deanery_number, state,
    effective_date, start_date, end_date, export_file_id, export_ordinal, confirmed_file_id,
    created_at, updated_at) VALUES (6, 'P1', 8100101, 'EMD', 'EMD/A/1', 'EXPORTED', '2026-11-23',
    '2026-12-02', '2027-08-03', 13, 1, NULL, 'c', 'u');
INSERT INTO notifications(id, local_office, business_date, file_type, title_code, npn,
    position_id, placement_id, cause, line, state, export_file_id, export_ordinal, created_at)
  VALUES (11, 'EMD', '2026-11-23', 'DNC', '1', 'EMD/A/1', 8100101, 'P1', 'cause',
    '"NOT",060,"1"', 'exported', 21, 1, 'c');
INSERT INTO person_records(id, file_id, ordinal, record_type, raw)
  VALUES (2, 1, 3, 'ASG', '"ASG",1');
INSERT INTO rtc_lines(file_id, ordinal, success, reason, record) VALUES
  (1, 1, 1, '', '"POR",8100101'), (1, 2, 1, '', '"POS",8100101'), (2, 1, 0, 'bad', '"POR",x');
INSERT INTO unmatched_confirmations(id, file_id, line, field, message)
  VALUES (4, 2, 7, 'Deanery_number', 'no applicant');
INSERT INTO exclusions(placement_id, local_office, source, added_at)
  VALUES ('P0', 'EMD', 'old.txt', 'now');
INSERT INTO job_runs(id, job, slot_key, slot_at, business_date, started_at, finished_at,
    outcome, detail) VALUES
  (1, 'collect', '2026-11-23T06:00', '2026-11-23T06:00:00Z', '2026-11-23', 's', 'f', 'succeeded',
   'files=2'),
  (2, 'export', '2026-11-23T18:00', '2026-11-23T18:00:00Z', '2026-11-23', 's', 'f', 'failed',
   'disk full'),
  (3, 'collect', '2026-11-24T06:00', '2026-11-24T06:00:00Z', '2026-11-24', NULL, NULL, 'missed',
   'esrd was not running'),
  (7, 'export', 'manual:2026-11-24T09:00:00Z#12', NULL, '2026-11-24', 's', NULL, 'crashed',
   'the process ended while the job ran'),
  (8, 'collect', 'manual:2026-11-24T10:00:00Z#13', NULL, '2026-11-24', 's', NULL, 'running',
   NULL);
)sql");
  }
};

TEST(StateChecks, MigrationNineKeepsEveryRowIdColumnKeyAndIndexAndAddsTheChecks) {
  VersionEight state;
  auto& db = state.db;
  auto before = shape(db);
  ASSERT_EQ(before["rows files"].size(), 6U);
  ASSERT_EQ(before["rows job_runs"].size(), 5U);
  std::map<std::string, std::string> untouched;
  for (const auto& table : texts(db, "SELECT name FROM sqlite_schema WHERE type = 'table'"))
    if (!kRebuilt.contains(table)) untouched[table] = table_sql(db, table);

  apply_migrations(db, state_migrations().first(9));  // up to the one under test
  EXPECT_EQ(schema_version(db), 9);
  auto after = shape(db);
  for (const auto& [what, lines] : before) EXPECT_EQ(after[what], lines) << what;
  EXPECT_EQ(after.size(), before.size());
  EXPECT_EQ(after["rows tis_posts"],
            (std::vector<std::string>{"2|'EMD/M/5'|'EMD'|'CURRENT'|1|NULL|5",
                                      "4|'EMD/Z/9'|'EMD'|'CURRENT'|1|5|5",
                                      "9|'EMD/A/1'|'EMD'|'INACTIVE'|0|5|NULL"}))
      << "rowids kept: the importer orders posts by rowid";
  for (const auto& [table, sql] : untouched) EXPECT_EQ(table_sql(db, table), sql) << table;
  for (const auto& table : kRebuilt) EXPECT_THAT(table_sql(db, table), HasSubstr("CHECK")) << table;
  EXPECT_THAT(table_sql(db, "files"), Not(HasSubstr("_checked")));
  EXPECT_EQ(texts(db, "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  EXPECT_TRUE(texts(db, "SELECT \"table\" FROM pragma_foreign_key_check").empty());

  // Foreign keys are on again, and the tables that refer to files refer to the new one.
  EXPECT_EQ(foreign_keys(db), 1);
  for (const char* sql : {
           "INSERT INTO positions(position_id, local_office, deanery_number, created_file_id,"
           " changed_file_id, changed_at) VALUES (1, 'EMD', 'D', 99, 99, 'now')",
           "INSERT INTO rtc_lines(file_id, ordinal, success, record) VALUES (99, 1, 1, 'r')",
           "INSERT INTO tis_events(file_id, business_date, local_office, kind, subject)"
           " VALUES (99, 'd', 'EMD', 'post_created', 'x')",
           "UPDATE files SET confirmed_by = 99 WHERE id = 1",
           "UPDATE applicants SET export_file_id = 99",
           "DELETE FROM files WHERE id = 5",
       }) {
    try {
      db.exec(sql);
      ADD_FAILURE() << "a missing file was accepted: " << sql;
    } catch (const StoreError& error) {
      EXPECT_THAT(error.what(), HasSubstr("FOREIGN KEY constraint failed")) << sql;
    }
  }

  // The new CHECKs.
  for (const char* sql : {
           "UPDATE files SET outcome = 'bogus' WHERE id = 1",
           "INSERT INTO files(name, direction, type, business_date, outcome, started_at)"
           " VALUES ('f', 'in', 'RMF', '2026-11-24', 'bogus', 'now')",
           "UPDATE files SET outcome = 'rejected' WHERE id = 2",
           "UPDATE job_runs SET outcome = 'bogus' WHERE id = 1",
           "INSERT INTO job_runs(job, slot_key, business_date, outcome)"
           " VALUES ('collect', 'k', '2026-11-24', 'bogus')",
           "UPDATE positions SET deleted = 2",
           "UPDATE positions SET matched = -1",
           "UPDATE positions SET went_live = 'yes'",
           "UPDATE positions SET has_por = 2",
           "UPDATE positions SET has_pos = 2",
           "UPDATE tis_posts SET present = 2",
           "UPDATE rtc_lines SET success = 2",
       }) {
    try {
      db.exec(sql);
      ADD_FAILURE() << "accepted: " << sql;
    } catch (const StoreError& error) {
      EXPECT_THAT(error.what(), HasSubstr("CHECK constraint failed")) << sql;
    }
  }
  EXPECT_EQ(shape(db), after) << "nothing refused was written";
}

// A value the new CHECK refuses stops the migration before anything is copied, naming the table,
// the row, the column and the value; the state stays at version 8, foreign keys on.
TEST(StateChecks, AValueOutsideANewCheckStopsMigrationNineNamingItsTableRowColumnAndValue) {
  struct Case {
    const char* corrupt;
    const char* message;
  };
  for (const auto& c : std::vector<Case>{
           {"UPDATE files SET outcome = 'weird' WHERE id = 13",
            "files row id 13 has outcome 'weird', which the CHECK this migration adds refuses (it "
            "allows 'applied', 'quarantined', 'pending', 'publishing', 'sent'); 1 row(s) of files "
            "have such a value: correct or delete them, then start esrd again"},
           {"UPDATE job_runs SET outcome = 'cancelled' WHERE id IN (3, 7)",
            "job_runs row id 3 has outcome 'cancelled'"},
           {"UPDATE positions SET deleted = 2 WHERE position_id = 8100102",
            "positions row position_id 8100102 has deleted 2"},
           {"UPDATE positions SET matched = 'yes'", "has matched 'yes'"},
           {"UPDATE positions SET went_live = -1 WHERE position_id = 8100101",
            "positions row position_id 8100101 has went_live -1"},
           {"UPDATE positions SET has_por = 2.5", "has has_por 2.5"},
           {"UPDATE positions SET has_pos = 3 WHERE position_id = 8100101",
            "has has_pos 3, which the CHECK this migration adds refuses (it allows 0, 1)"},
           {"UPDATE tis_posts SET present = 2 WHERE npn = 'EMD/A/1'",
            "tis_posts row npn EMD/A/1 has present 2"},
           {"UPDATE rtc_lines SET success = 2 WHERE file_id = 2",
            "rtc_lines row file_id 2 ordinal 1 has success 2"},
       }) {
    VersionEight state;
    state.db.exec(c.corrupt);
    auto before = shape(state.db);
    try {
      apply_migrations(state.db, state_migrations());
      ADD_FAILURE() << "migrated after: " << c.corrupt;
    } catch (const StoreError& error) {
      EXPECT_THAT(error.what(), HasSubstr("schema migration 9 (")) << c.corrupt;
      EXPECT_THAT(error.what(), HasSubstr(c.message)) << c.corrupt;
    }
    EXPECT_EQ(schema_version(state.db), 8) << c.corrupt;
    EXPECT_EQ(foreign_keys(state.db), 1) << c.corrupt;
    EXPECT_EQ(shape(state.db), before) << c.corrupt;
    EXPECT_THAT(table_sql(state.db, "job_runs"), Not(HasSubstr("CHECK"))) << c.corrupt;
    EXPECT_THROW(state.db.exec("DELETE FROM files WHERE id = 1"), StoreError)
        << "foreign keys enforced after: " << c.corrupt;
  }
}

// Foreign keys are always on for esrd's connections, so a row referring to a missing file can
// only come from outside; a rebuild would carry it over silently, so the migration refuses.
TEST(StateChecks, MigrationNineRefusesAStateWhoseForeignKeysAreBroken) {
  VersionEight state;
  state.db.exec(
      "PRAGMA foreign_keys = OFF;"
      "INSERT INTO rtc_lines(file_id, ordinal, success, record) VALUES (404, 1, 1, 'r');"
      "DELETE FROM files WHERE id = 21;"
      "PRAGMA foreign_keys = ON");
  auto before = shape(state.db);
  try {
    apply_migrations(state.db, state_migrations());
    ADD_FAILURE() << "migrated a state with broken foreign keys";
  } catch (const StoreError& error) {
    EXPECT_THAT(error.what(), HasSubstr("schema migration 9 ("));
    EXPECT_THAT(error.what(), HasSubstr("PRAGMA foreign_key_check found 2 row(s)"));
    EXPECT_THAT(error.what(), HasSubstr("notifications row 11 refers to a missing files row"));
    EXPECT_THAT(error.what(), HasSubstr("rtc_lines a row refers to a missing files row"));
  }
  EXPECT_EQ(schema_version(state.db), 8);
  EXPECT_EQ(foreign_keys(state.db), 1);
  EXPECT_EQ(shape(state.db), before);
}

// ---- Every state column has a CHECK, and each enum's texts are its CHECK's list --------------

// The values `CHECK (<column> IN (...))` lists in the table's SQL, unquoted, in order.
std::vector<std::string> check_list(Database& db, const std::string& table,
                                    const std::string& column) {
  auto sql = table_sql(db, table);
  auto start = sql.find("CHECK (" + column + " IN (");
  if (start == std::string::npos) return {};
  start = sql.find("IN (", start) + 4;
  auto end = sql.find(')', start);
  std::vector<std::string> values;
  std::string value;
  for (char ch : sql.substr(start, end - start)) {
    if (ch == ',') {
      values.push_back(value);
      value.clear();
    } else if (ch != '\'' && ch != ' ' && ch != '\n') {
      value += ch;
    }
  }
  values.push_back(value);
  return values;
}

template <typename Table>
std::vector<std::string> texts_of(const Table& table) {
  std::vector<std::string> out;
  for (const auto& [value, text] : table) out.emplace_back(text);
  return out;
}

TEST(StateChecks, EveryStateColumnEsrdSetsHasACheck) {
  test_support::TempDir dir;
  auto db = open_state(dir.path() / "state.sqlite");
  const std::vector<std::pair<std::string, std::vector<std::string>>> state_columns = {
      {"files", {"direction", "outcome"}},
      {"positions", {"deleted", "matched", "went_live", "has_por", "has_pos"}},
      {"tis_posts", {"present"}},
      {"tis_placements", {"present"}},
      {"tis_events", {"kind", "processed"}},
      {"applicants", {"state", "held_back"}},
      {"notifications", {"file_type", "state"}},
      {"rtc_lines", {"success"}},
      {"job_runs", {"outcome"}},
  };
  const std::vector<std::string> flag = {"0", "1"};
  for (const auto& [table, columns] : state_columns) {
    for (const auto& column : columns) {
      auto values = check_list(db, table, column);
      EXPECT_FALSE(values.empty()) << table << "." << column << " has no CHECK";
      auto type = texts(
          db, "SELECT type FROM pragma_table_info('" + table + "') WHERE name = '" + column + "'");
      if (type == std::vector<std::string>{"INTEGER"}) {
        EXPECT_EQ(values, flag) << table << "." << column;
      }
    }
  }
}

TEST(StateChecks, EachStateEnumHasExactlyTheValuesOfItsCheck) {
  test_support::TempDir dir;
  auto db = open_state(dir.path() / "state.sqlite");
  EXPECT_EQ(check_list(db, "files", "outcome"), texts_of(kFileOutcomes));
  EXPECT_EQ(check_list(db, "job_runs", "outcome"), texts_of(kJobOutcomes));
  EXPECT_EQ(check_list(db, "applicants", "state"), texts_of(kApplicantStates));
  EXPECT_EQ(check_list(db, "notifications", "state"), texts_of(kNotificationStates));
}

TEST(StateChecks, TheOutcomeCheckOfFilesListsExactlyTheOutcomesOfFileOutcome) {
  test_support::TempDir dir;
  auto db = open_state(dir.path() / "state.sqlite");
  auto insert = db.prepare(
      "INSERT INTO files(name, direction, type, business_date, outcome, started_at)"
      " VALUES (?1, ?2, 'RMF', '2026-11-23', ?1, 'now')");
  for (const auto& [outcome, text] : kFileOutcomes) {
    insert.bind(1, text).bind(2, is_inbound(outcome) ? "in" : "out");
    EXPECT_NO_THROW(insert.run()) << text;
    EXPECT_EQ(file_outcome_from_text(text), outcome);
    EXPECT_EQ(to_text(outcome), text);
  }
  for (const char* text : {"rejected", "already_applied", "SENT", ""}) {
    insert.bind(1, text).bind(2, "in");
    try {
      insert.run();
      ADD_FAILURE() << "outcome '" << text << "' was accepted";
    } catch (const StoreError& error) {
      EXPECT_TRUE(error.is_constraint()) << error.what();
    }
    insert.reset();
    EXPECT_FALSE(file_outcome_from_text(text).has_value()) << text;
  }
}

TEST(StateChecks, TheOutcomeCheckOfJobRunsListsExactlyTheOutcomesOfJobOutcome) {
  test_support::TempDir dir;
  auto db = open_state(dir.path() / "state.sqlite");
  auto insert = db.prepare(
      "INSERT INTO job_runs(job, slot_key, business_date, outcome)"
      " VALUES ('collect', ?1, '2026-11-23', ?1)");
  for (const auto& [outcome, text] : kJobOutcomes) {
    insert.bind(1, text);
    EXPECT_NO_THROW(insert.run()) << text;
    EXPECT_EQ(job_outcome_from_text(text), outcome);
    EXPECT_EQ(to_text(outcome), text);
  }
  for (const char* text : {"ok", "cancelled", "Running", ""}) {
    insert.bind(1, text);
    try {
      insert.run();
      ADD_FAILURE() << "outcome '" << text << "' was accepted";
    } catch (const StoreError& error) {
      EXPECT_TRUE(error.is_constraint()) << error.what();
    }
    insert.reset();
    EXPECT_FALSE(job_outcome_from_text(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace esr::state
