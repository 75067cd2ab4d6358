// Migrations 5 to 8: JSON state becomes typed columns, value for value; notifications keep
// their exact line (migration 7).
#include "esr/state/state_schema.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "esr/db/migrations.hpp"
#include "esr/dialect/record_writer.hpp"
#include "esr/spec/schema_registry.hpp"
#include "esr/state/applicant_state.hpp"
#include "esr/state/notification_state.hpp"
#include "support/temp_dir.hpp"

namespace esr::state {

using db::apply_migrations;
using db::Database;
using db::Migration;
using db::MigrationContext;
using db::schema_version;
using db::StoreError;
namespace {

using ::testing::HasSubstr;

std::vector<std::string> column_names(Database& db, const char* table = "positions") {
  auto select = db.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid");
  select.bind(1, table);
  std::vector<std::string> names;
  while (select.step()) names.push_back(select.column_text(0));
  return names;
}

const spec::SchemaRegistry& schemas() {
  static const auto registry = spec::SchemaRegistry::load(ESRD_SOURCE_DIR "/schemas");
  return registry;
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

  apply_migrations(db, state_migrations().first(5), false, MigrationContext{&schemas()});
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

// The arrays are read with the RMT schema's POR and POS records: without schemas, a database
// that holds arrays stays at version 4 and says why; one without arrays needs none.
TEST(TypedPositions, MigrationFiveNeedsTheSchemasOnlyWhenThereAreArraysToRead) {
  esr::test_support::TempDir dir;
  auto db = Database::open(dir.path() / "state.sqlite");
  apply_migrations(db, state_migrations().first(4));
  db.exec(
      "INSERT INTO files(id, name, direction, type, business_date, outcome, started_at)"
      " VALUES (1, 'f', 'in', 'RMF', '2026-11-23', 'applied', 'now');"
      "INSERT INTO positions(position_id, local_office, deanery_number, por_fields, deleted,"
      " matched, created_file_id, changed_file_id, changed_at)"
      " VALUES (8100101, 'EMD', 'EMD/X/1', '[\"POR\",\"8100101\"]', 0, 0, 1, 1, 'now')");
  try {
    apply_migrations(db, state_migrations().first(5));
    FAIL() << "migrated without the schemas";
  } catch (const StoreError& error) {
    EXPECT_THAT(error.what(), HasSubstr("1 positions keep their values as JSON arrays"));
    EXPECT_THAT(error.what(), HasSubstr("open_state got no schemas"));
  }
  EXPECT_EQ(schema_version(db), 4);

  esr::test_support::TempDir empty_dir;
  auto empty = Database::open(empty_dir.path() / "state.sqlite");
  apply_migrations(empty, state_migrations().first(5));
  EXPECT_EQ(schema_version(empty), 5);
}

TEST(TypedPositions, MigrationFiveNamesTheRowWhoseArrayIsNotJson) {
  esr::test_support::TempDir dir;
  auto db = Database::open(dir.path() / "state.sqlite");
  apply_migrations(db, state_migrations().first(4));
  db.exec(
      "INSERT INTO files(id, name, direction, type, business_date, outcome, started_at)"
      " VALUES (1, 'f', 'in', 'RMF', '2026-11-23', 'applied', 'now');"
      "INSERT INTO positions(position_id, local_office, deanery_number, pos_fields, deleted,"
      " matched, created_file_id, changed_file_id, changed_at)"
      " VALUES (8100101, 'EMD', 'EMD/X/1', '[\"POS\", 8100101', 0, 0, 1, 1, 'now')");
  try {
    apply_migrations(db, state_migrations().first(5), false, MigrationContext{&schemas()});
    FAIL() << "migrated a row that is not JSON";
  } catch (const StoreError& error) {
    EXPECT_THAT(error.what(), HasSubstr("positions row 8100101: pos_fields is not JSON"));
  }
  EXPECT_EQ(schema_version(db), 4);
}

// Migration 6: each placement's JSON object becomes typed columns, its personal values a people
// row (the most recently loaded present row of the person wins), and each event's previous row
// typed previous_* columns without personal values.
TEST(TypedTisSnapshot, MigrationSixSplitsPlacementsFromPeopleAndTypesTheEventsRowBefore) {
  esr::test_support::TempDir dir;
  auto db = Database::open(dir.path() / "state.sqlite");
  apply_migrations(db, state_migrations().first(5));
  db.exec(
      "INSERT INTO files(id, name, direction, type, business_date, outcome, started_at) VALUES"
      " (1, 'placements_20261123.csv', 'in', 'TIS_PLACEMENTS', '2026-11-23', 'applied', 'now'),"
      " (2, 'placements_20261124.csv', 'in', 'TIS_PLACEMENTS', '2026-11-24', 'applied', 'now');"
      "INSERT INTO tis_placements(placement_id, npn, local_office, fields, present, first_file_id,"
      " last_file_id) VALUES"
      " ('P1', 'EMD/X/1', 'EMD', '{\"end_date\":\"2027-08-03\",\"forenames\":\"Ann\","
      "\"lifecycle\":\"APPROVED\",\"ni_number\":\"AB123456C\",\"npn\":\"EMD/X/1\","
      "\"person_id\":\"77\",\"placement_id\":\"P1\",\"placement_type\":\"In Post\","
      "\"site_name\":\"Site \\\"One\\\"\",\"start_date\":\"2026-12-02\",\"surname\":\"Smith\","
      "\"wte\":\"1\"}', 1, 1, 2),"
      // An older row of the same person, deleted since, with a name since changed.
      " ('P0', 'EMD/X/1', 'EMD', '{\"end_date\":\"2026-08-03\",\"forenames\":\"Ann\","
      "\"npn\":\"EMD/X/1\",\"person_id\":\"77\",\"placement_id\":\"P0\",\"start_date\":"
      "\"2025-08-02\",\"surname\":\"Jones\"}', 0, 1, 2);"
      "INSERT INTO tis_events(id, file_id, business_date, local_office, kind, subject, changes,"
      " previous, processed) VALUES"
      " (1, 2, '2026-11-24', 'EMD', 'placement_changed', 'P1', 'end_date,surname',"
      " '{\"end_date\":\"2027-02-01\",\"lifecycle\":\"APPROVED\",\"npn\":\"EMD/X/1\","
      "\"person_id\":\"77\",\"placement_type\":\"In Post\",\"start_date\":\"2026-12-02\","
      "\"surname\":\"Jones\",\"wte\":\"0.5\"}', 0),"
      " (2, 2, '2026-11-24', 'EMD', 'post_inactive', 'EMD/X/2', 'status',"
      " '{\"local_office\":\"EMD\",\"npn\":\"EMD/X/2\",\"status\":\"CURRENT\"}', 1),"
      " (3, 2, '2026-11-24', 'EMD', 'placement_created', 'P1', NULL, NULL, 1)");

  apply_migrations(db, state_migrations().first(6));
  ASSERT_EQ(schema_version(db), 6);

  auto placements = db.prepare(
      "SELECT placement_id, npn, local_office, placement_type, lifecycle, start_date, end_date,"
      " wte, grade, site_name, person_id, present, first_file_id, last_file_id"
      " FROM tis_placements ORDER BY placement_id");
  std::vector<std::string> rows;
  while (placements.step()) {
    std::string row;
    for (int i = 0; i < placements.column_count(); ++i)
      row += (i ? "|" : "") + placements.column_text(i);
    rows.push_back(row);
  }
  EXPECT_EQ(rows,
            (std::vector<std::string>{
                "P0|EMD/X/1|EMD|||2025-08-02|2026-08-03||||77|0|1|2",
                "P1|EMD/X/1|EMD|In Post|APPROVED|2026-12-02|2027-08-03|1||Site \"One\"|77|1|1|2"}));

  auto people =
      db.prepare("SELECT person_id, surname, forenames, ni_number, gmc_number FROM people");
  ASSERT_TRUE(people.step());
  EXPECT_EQ(people.column_text(0), "77");
  EXPECT_EQ(people.column_text(1), "Smith") << "the present row wins over the deleted one";
  EXPECT_EQ(people.column_text(2), "Ann");
  EXPECT_EQ(people.column_text(3), "AB123456C");
  EXPECT_EQ(people.column_text(4), "");
  EXPECT_FALSE(people.step());

  auto events = db.prepare(
      "SELECT id, kind, coalesce(changes, '-'), coalesce(previous_npn, '-'),"
      " coalesce(previous_status, '-'), coalesce(previous_end_date, '-'),"
      " coalesce(previous_wte, '-'), coalesce(previous_person_id, '-'), processed"
      " FROM tis_events ORDER BY id");
  rows.clear();
  while (events.step()) {
    std::string row;
    for (int i = 0; i < events.column_count(); ++i) row += (i ? "|" : "") + events.column_text(i);
    rows.push_back(row);
  }
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "1|placement_changed|end_date,surname|EMD/X/1|-|2027-02-01|0.5|77|0",
                      "2|post_inactive|status|EMD/X/2|CURRENT|-|-|-|1",
                      "3|placement_created|-|-|-|-|-|-|1"}));
  auto columns = db.prepare("SELECT group_concat(name) FROM pragma_table_info('tis_events')");
  ASSERT_TRUE(columns.step());
  EXPECT_EQ(columns.column_text(0).find("surname"), std::string::npos)
      << "events keep no personal column";
  EXPECT_THROW(db.exec("INSERT INTO tis_events(file_id, business_date, local_office, kind,"
                       " subject) VALUES (1, 'd', 'EMD', 'made_up', 'x')"),
               StoreError);
}

// Migration 8: an applicant's JSON array gives way to typed columns; what was sent and is compared
// later (deanery number, effective date, hire and end dates) is kept, "held back: " becomes a flag.
TEST(TypedApplicants, MigrationEightKeepsWhatWasSentAsColumnsAndFlagsHeldBackRecords) {
  esr::test_support::TempDir dir;
  auto db = Database::open(dir.path() / "state.sqlite");
  std::vector<Migration> up_to_seven;
  for (const auto& m : state_migrations())
    if (m.version < 8) up_to_seven.push_back(m);
  apply_migrations(db, up_to_seven);
  auto values = [](const std::string& deanery, const std::string& effective,
                   const std::string& start, const std::string& end) {
    std::string out = "[\"DA\",\"\",\"\",\"" + deanery + "\",\"" + effective + "\"";
    for (int i = 5; i < 47; ++i) {
      out += ",\"";
      if (i == 37) out += start;
      if (i == 38) out += end;
      out += "\"";
    }
    return out + "]";
  };
  auto insert = db.prepare(
      "INSERT INTO applicants(id, placement_id, position_id, local_office, state, reason, fields,"
      " start_date, export_file_id, export_ordinal, created_at, updated_at)"
      " VALUES (?1, ?2, 8100101, 'EMD', ?3, ?4, ?5, ?6, NULL, NULL, 'c', 'u')");
  insert.bind(1, 1)
      .bind(2, "P1")
      .bind(3, "EXPORTED")
      .bind(4, std::nullopt)
      .bind(5, values("EMD/X/1", "20261123", "20261202", "20270803"))
      .bind(6, "2026-12-02");
  insert.run();
  insert.bind(1, 2)
      .bind(2, "P2")
      .bind(3, "TO_EXPORT")
      .bind(4, "held back: more than 40 applicants against position 8100101")
      .bind(5, values("EMD/X/1", "20261124", "20261203", "20270804"))
      .bind(6, "2026-12-03");
  insert.run();

  apply_migrations(db, state_migrations(), false, MigrationContext{&schemas()});
  auto select = db.prepare(
      "SELECT id, placement_id, deanery_number, state, coalesce(reason, '-'), held_back,"
      " effective_date, start_date, end_date FROM applicants ORDER BY id");
  std::vector<std::string> rows;
  while (select.step()) {
    std::string row;
    for (int i = 0; i < select.column_count(); ++i) row += (i ? "|" : "") + select.column_text(i);
    rows.push_back(row);
  }
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "1|P1|EMD/X/1|EXPORTED|-|0|2026-11-23|2026-12-02|2027-08-03",
                      "2|P2|EMD/X/1|TO_EXPORT|more than 40 applicants against position "
                      "8100101|1|2026-11-24|2026-12-03|2027-08-04"}));
  auto columns = db.prepare(
      "SELECT count(*) FROM pragma_table_info('applicants')"
      " WHERE name = 'fields'");
  ASSERT_TRUE(columns.step());
  EXPECT_EQ(columns.column_int(0), 0);
}

TEST(TypedApplicants, TheStateCheckListsExactlyTheStatesOfApplicantState) {
  esr::test_support::TempDir dir;
  auto db = open_state(dir.path() / "state.sqlite");
  auto insert = db.prepare(
      "INSERT INTO applicants(placement_id, position_id, local_office, deanery_number, state,"
      " effective_date, start_date, end_date, created_at, updated_at)"
      " VALUES (?1, 1, 'EMD', 'D', ?2, '2026-11-23', '2026-12-02', '2027-08-03', 'c', 'u')");
  for (const auto& [state, text] : kApplicantStates) {
    insert.bind(1, std::string(text)).bind(2, text);
    EXPECT_NO_THROW(insert.run()) << text;
    EXPECT_EQ(applicant_state_from_text(text), state);
    EXPECT_EQ(to_text(state), text);
  }
  insert.bind(1, "bogus").bind(2, "SENT");
  EXPECT_THROW(insert.run(), StoreError);
}

// ---- Migration 7 ------------------------------------------------------------------------------

// The migrations below a version, by version: other branches add 6 and 8 around 7.
std::span<const Migration> migrations_below(int version) {
  auto all = state_migrations();
  auto end = std::find_if(all.begin(), all.end(),
                          [&](const Migration& m) { return m.version >= version; });
  return all.first(static_cast<std::size_t>(end - all.begin()));
}
std::span<const Migration> before_seven() { return migrations_below(7); }
std::span<const Migration> through_seven() { return migrations_below(8); }
int version_before_seven() { return before_seven().back().version; }

const spec::RecordSpec& not_record() { return *schemas().for_file_type("DNC")->find_record("NOT"); }

// A NOT record's 45 values: S_NOTnn = values[nn - 1].
std::vector<std::string> not_values(const std::string& title, const std::string& surname) {
  std::vector<std::string> v(45);
  v[0] = "NOT";
  v[1] = "060";
  v[2] = title;
  v[4] = "41000101";
  v[5] = "EMD/X/1";
  v[6] = "EMD";
  v[15] = surname;
  v[41] = "1.0";
  v[42] = "N";
  return v;
}

// The values as JSON, as esrd kept them before migration 7 (a JSON array of strings).
std::string json_array_of(Database& db, const std::vector<std::string>& values) {
  std::string sql = "SELECT json_array(";
  for (std::size_t i = 0; i < values.size(); ++i) sql += i == 0 ? "?" : ", ?";
  auto select = db.prepare(sql + ")");
  for (std::size_t i = 0; i < values.size(); ++i) select.bind(static_cast<int>(i + 1), values[i]);
  EXPECT_TRUE(select.step());
  return select.column_text(0);
}

std::string line_of(const std::vector<std::string>& values) {
  std::string line;
  dialect::append_record(line, not_record(), values);
  return line;
}

// A state as the esrd before migration 7 left it: one file, and notifications in every state.
struct LegacyState {
  esr::test_support::TempDir dir;
  Database db = Database::open(dir.path() / "state.sqlite");
  std::vector<std::string> pending_type1 = not_values("1", "O'Brien, \"Jr\" R\xc3\xa9my");
  std::vector<std::string> pending_type5 = not_values("5", "");

  LegacyState() {
    apply_migrations(db, before_seven());
    db.exec(
        "INSERT INTO files(id, name, direction, type, local_office, business_date, sequence,"
        " outcome, started_at) VALUES (1, 'DE_EMD_DNC_20261123_00000001.DAT', 'out', 'DNC', 'EMD',"
        " '2026-11-23', 1, 'sent', 'now'),"
        " (2, 'DE_EMD_DCC_20261124_00004111.DAT', 'in', 'DCC', 'EMD', '2026-11-24', 4111,"
        " 'applied', 'now')");
    auto insert = db.prepare(
        "INSERT INTO notifications(id, local_office, business_date, file_type, title_code, npn,"
        " position_id, placement_id, cause, fields, state, export_file_id, export_ordinal, line,"
        " esr_reason, created_at, confirmed_file_id)"
        " VALUES (?1, 'EMD', ?2, 'DNC', ?3, 'EMD/X/1', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
        " ?13, ?14)");
    auto add = [&](std::int64_t id, const std::string& date, const std::vector<std::string>& values,
                   std::optional<std::int64_t> position, std::optional<std::string> placement,
                   const std::string& state, std::optional<std::int64_t> file,
                   std::optional<std::string> line, std::optional<std::string> reason,
                   std::optional<std::int64_t> confirmed) {
      insert.bind(1, id)
          .bind(2, date)
          .bind(3, values[2])
          .bind(4, position)
          .bind(5, placement)
          .bind(6, "cause " + std::to_string(id))
          .bind(7, json_array_of(db, values))
          .bind(8, state)
          .bind(9, file)
          .bind(10, file ? std::optional<std::int64_t>(id) : std::nullopt)
          .bind(11, line)
          .bind(12, reason)
          .bind(13, "created " + std::to_string(id))
          .bind(14, confirmed);
      insert.run();
      insert.reset();
    };
    auto sent = not_values("1", "Sent");
    auto refused = not_values("4", "Refused");
    // Sent rows keep the line as written, even were it to differ from their values.
    add(3, "2026-11-22", sent, 8100101, "P3", "exported", 1, line_of(sent), std::nullopt,
        std::nullopt);
    add(4, "2026-11-22", refused, 8100101, "P4", "failed", 1, "\"written as it was\"",
        "Position not found", 2);
    add(7, "2026-11-23", pending_type1, 8100101, "P7", "pending", std::nullopt, std::nullopt,
        std::nullopt, std::nullopt);
    add(9, "2026-11-23", pending_type5, std::nullopt, std::nullopt, "pending", std::nullopt,
        std::nullopt, std::nullopt, std::nullopt);
  }

  // Every column but `fields` and `line`, row by row.
  std::vector<std::string> rows() {
    auto select = db.prepare(
        "SELECT id, local_office, business_date, file_type, title_code, npn,"
        " coalesce(position_id, '-'), coalesce(placement_id, '-'), cause, state,"
        " coalesce(export_file_id, '-'), coalesce(export_ordinal, '-'), coalesce(esr_reason, '-'),"
        " created_at, coalesce(confirmed_file_id, '-') FROM notifications ORDER BY id");
    std::vector<std::string> out;
    while (select.step()) {
      std::string row;
      for (int i = 0; i < select.column_count(); ++i) row += (i ? "|" : "") + select.column_text(i);
      out.push_back(row);
    }
    return out;
  }

  std::string line(std::int64_t id) {
    auto select = db.prepare("SELECT line FROM notifications WHERE id = ?1");
    select.bind(1, id);
    EXPECT_TRUE(select.step());
    return select.column_text(0);
  }
};

TEST(NotificationLines, MigrationSevenCarriesEveryRowOverAndGivesPendingOnesTheirLine) {
  LegacyState state;
  auto before = state.rows();
  ASSERT_EQ(before.size(), 4U);

  apply_migrations(state.db, through_seven(), false, MigrationContext{&schemas()});
  EXPECT_EQ(schema_version(state.db), 7);
  auto names = column_names(state.db, "notifications");
  EXPECT_EQ(std::count(names.begin(), names.end(), "fields"), 0);
  EXPECT_EQ(state.rows(), before) << "every row, with its id and every column but fields";

  // Pending: the line the export formats (quotes doubled, numbers bare, empty fields empty).
  EXPECT_EQ(state.line(7), line_of(state.pending_type1));
  EXPECT_EQ(state.line(7).substr(0, 40), "\"NOT\",060,\"1\",,41000101,\"EMD/X/1\",\"EMD\",");
  EXPECT_NE(state.line(7).find("\"O'Brien, \"\"Jr\"\" R\xc3\xa9my\""), std::string::npos);
  EXPECT_EQ(state.line(9), line_of(state.pending_type5));
  // Sent: the line as written, untouched.
  EXPECT_EQ(state.line(3), line_of(not_values("1", "Sent")));
  EXPECT_EQ(state.line(4), "\"written as it was\"");

  auto indexes = state.db.prepare(
      "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND"
      " tbl_name = 'notifications' AND name NOT LIKE 'sqlite_%' ORDER BY name)");
  ASSERT_TRUE(indexes.step());
  EXPECT_EQ(indexes.column_text(0),
            "notifications_by_file,notifications_by_placement,notifications_by_state");
}

TEST(NotificationLines, TheStateCheckListsExactlyTheStatesOfNotificationState) {
  LegacyState state;
  apply_migrations(state.db, through_seven(), false, MigrationContext{&schemas()});
  auto set = state.db.prepare("UPDATE notifications SET state = ?1 WHERE id = 7");
  for (const auto& [value, text] : kNotificationStates) {
    EXPECT_EQ(notification_state_from_text(text), value);
    set.bind(1, text);
    EXPECT_NO_THROW(set.run()) << text;
    set.reset();
  }
  for (const char* text : {"sent", "PENDING", ""}) {
    set.bind(1, text);
    try {
      set.run();
      ADD_FAILURE() << "state '" << text << "' was accepted";
    } catch (const StoreError& error) {
      EXPECT_TRUE(error.is_constraint()) << error.what();
    }
    set.reset();
  }
  EXPECT_FALSE(notification_state_from_text("sent").has_value());
  EXPECT_THROW(state.db.exec("UPDATE notifications SET file_type = 'APP' WHERE id = 7"),
               StoreError);
  EXPECT_THROW(state.db.exec("UPDATE notifications SET line = NULL WHERE id = 7"), StoreError);
  // Duplicates are told by the line now: the same line twice for an office and date is refused.
  EXPECT_THROW(state.db.exec("INSERT INTO notifications(local_office, business_date, file_type,"
                             " title_code, npn, cause, line, state, created_at) SELECT"
                             " local_office, business_date, file_type, title_code, npn, cause,"
                             " line, state, created_at FROM notifications WHERE id = 7"),
               StoreError);
}

TEST(NotificationLines, WithoutTheSchemasMigrationSevenRefusesPendingRowsAndChangesNothing) {
  LegacyState state;
  auto before = state.rows();
  try {
    apply_migrations(state.db, through_seven());
    ADD_FAILURE() << "migrated without the NOT record";
  } catch (const StoreError& error) {
    EXPECT_NE(std::string(error.what()).find("2 notification(s) not yet exported"),
              std::string::npos)
        << error.what();
  }
  EXPECT_EQ(schema_version(state.db), version_before_seven()) << "still at the version before";
  EXPECT_EQ(state.rows(), before);
  auto names = column_names(state.db, "notifications");
  EXPECT_EQ(std::count(names.begin(), names.end(), "fields"), 1);
}

TEST(NotificationLines, NothingPendingNeedsNoSchemas) {
  LegacyState state;
  state.db.exec("DELETE FROM notifications WHERE state = 'pending'");
  apply_migrations(state.db, through_seven());
  EXPECT_EQ(schema_version(state.db), 7);
  EXPECT_EQ(state.line(4), "\"written as it was\"");
}

TEST(NotificationLines, PendingValuesTheExportCouldNotReadStopTheMigrationNamingTheRow) {
  for (const char* fields : {"not json", "{\"a\":\"b\"}", "[\"NOT\",1]", "[\"NOT\"]"}) {
    LegacyState state;
    auto set = state.db.prepare("UPDATE notifications SET fields = ?1 WHERE id = 9");
    set.bind(1, fields);
    set.run();
    try {
      apply_migrations(state.db, through_seven(), false, MigrationContext{&schemas()});
      ADD_FAILURE() << fields << " was migrated";
    } catch (const StoreError& error) {
      EXPECT_NE(std::string(error.what()).find("notification 9 "), std::string::npos)
          << error.what();
    }
    EXPECT_EQ(schema_version(state.db), version_before_seven()) << fields;
  }
}

}  // namespace
}  // namespace esr::state
