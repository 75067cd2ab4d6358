// The typed views of stored rows: placements and their people, positions from their typed
// columns (named after the fields of schemas/rmt.json).
#include "esr/state/records.hpp"

#include <gtest/gtest.h>

#include "esr/db/migrations.hpp"
#include "esr/spec/schema_registry.hpp"
#include "esr/state/position_columns.hpp"
#include "esr/state/state_schema.hpp"
#include "support/temp_dir.hpp"
#include "support/tis_rows.hpp"

namespace esr::state {
namespace {

// A placement stored in the typed tables (tis_placements, people) and read back by the query
// every engine uses.
class PlacementFromRow : public ::testing::Test {
 protected:
  std::optional<Placement> read(const std::string& id) {
    auto select = db_.prepare(fmt::format("SELECT {} FROM {} WHERE p.placement_id = ?1",
                                          placement_columns(), placement_source()));
    select.bind(1, id);
    if (!select.step()) return std::nullopt;
    return placement_from_row(select);
  }

  test_support::TempDir dir_;
  db::Database db_ = state::open_state(dir_.path() / "esrd.sqlite");
};

TEST_F(PlacementFromRow, ReadsThePlacementAndItsPerson) {
  test_support::put_placement(db_, {{"placement_id", "5002"},
                                    {"npn", "EMD/RWEAA/300/STR/001"},
                                    {"placement_type", "In Post"},
                                    {"lifecycle", "APPROVED"},
                                    {"start_date", "2026-12-02"},
                                    {"end_date", "2027-08-03"},
                                    {"grade", "ST4"},
                                    {"site_code", "RWE01"},
                                    {"person_id", "77"},
                                    {"surname", "Smith"},
                                    {"legal_surname", ""}});
  auto placement = read("5002");
  ASSERT_TRUE(placement.has_value());
  EXPECT_EQ(placement->id, "5002");
  EXPECT_EQ(placement->npn, "EMD/RWEAA/300/STR/001");
  EXPECT_EQ(placement->start.iso(), "2026-12-02");
  EXPECT_EQ(placement->end.iso(), "2027-08-03");
  EXPECT_EQ(placement->grade, "ST4");
  EXPECT_EQ(placement->person.surname, "Smith");
  EXPECT_EQ(placement->last_name(), "Smith") << "no legal surname: the ordinary one";
  EXPECT_EQ(placement->field("surname"), "Smith");
  EXPECT_EQ(placement->field("start_date"), "2026-12-02");
  EXPECT_EQ(placement->field("site_name"), "");
  EXPECT_EQ(placement->field("no_such_column"), std::nullopt);
}

TEST_F(PlacementFromRow, APlacementWithoutItsPersonRowHasAnEmptyPerson) {
  test_support::put_placement(db_, {{"placement_id", "1"},
                                    {"npn", "X/1"},
                                    {"start_date", "2026-12-02"},
                                    {"end_date", "2027-01-01"},
                                    {"person_id", "9"}});
  db_.exec("DELETE FROM people");
  auto placement = read("1");
  ASSERT_TRUE(placement.has_value());
  EXPECT_EQ(placement->person_id, "9");
  EXPECT_EQ(placement->person.surname, "");
}

TEST_F(PlacementFromRow, ADateThatIsMissingOrNotARealDayReadsAsNoPlacement) {
  test_support::put_placement(db_, {{"placement_id", "1"},
                                    {"npn", "X/1"},
                                    {"start_date", "2026-02-30"},
                                    {"end_date", "2027-01-01"}});
  test_support::put_placement(
      db_, {{"placement_id", "2"}, {"npn", "X/1"}, {"start_date", "2026-12-02"}});
  EXPECT_FALSE(read("1").has_value());
  EXPECT_FALSE(read("2").has_value());
}

TEST(PersonColumns, EveryPersonColumnIsAPersonalColumnOfThePlacementsExtract) {
  auto registry = spec::SchemaRegistry::load(ESRD_SOURCE_DIR "/schemas");
  const auto* extract = registry.by_name("TIS_PLACEMENTS");
  ASSERT_NE(extract, nullptr);
  const auto& record = extract->records.front();
  Person person;
  for (const auto& field : record.fields) {
    bool kept_for_person = person.field(field.name).has_value();
    if (field.personal) {
      EXPECT_TRUE(kept_for_person) << field.name << " is personal: it belongs in people";
    }
  }
}

TEST(PositionFromRow, EveryKeptColumnNamesARmtFieldAndFieldFindsItByRef) {
  auto registry = spec::SchemaRegistry::load(ESRD_SOURCE_DIR "/schemas");
  const auto* rmt = registry.by_name("RMT");
  ASSERT_NE(rmt, nullptr);
  const auto* por = rmt->find_record("POR");
  const auto* pos = rmt->find_record("POS");
  ASSERT_NE(por, nullptr);
  ASSERT_NE(pos, nullptr);
  Position position;
  position.title = "T";
  position.staff_group = "S";
  for (const auto& c : state::kPorColumns) {
    EXPECT_TRUE(por->index_of(std::string(c.ref)).has_value()) << c.ref;
    EXPECT_TRUE(position.field(c.ref).has_value()) << c.ref;
  }
  for (const auto& c : state::kPosColumns) {
    EXPECT_TRUE(pos->index_of(std::string(c.ref)).has_value()) << c.ref;
    EXPECT_TRUE(position.field(c.ref).has_value()) << c.ref;
  }
  EXPECT_EQ(position.field("T_POR06"), "T");
  EXPECT_EQ(position.field("T_POS06"), "S");
  EXPECT_FALSE(position.field("T_POR02").has_value()) << "the id is the row's own column";
  // Trace rebuilds the records from the kept fields: every field a check reads must be kept.
  for (const auto* record : {por, pos}) {
    for (const auto& field : record->fields) {
      if (!field.reference.empty() || !field.identifier.empty() || field.identifier_body) {
        EXPECT_TRUE(position.field(field.ref).has_value()) << field.ref << " is checked";
      }
    }
  }
}

TEST(PositionFromRow, ReadsTheTypedColumnsAndFallsBackToThePosTitle) {
  esr::test_support::TempDir dir;
  auto db = db::Database::open(dir.path() / "state.sqlite");
  db::apply_migrations(db, state::state_migrations());
  db.exec(
      "INSERT INTO files(id, name, direction, type, business_date, outcome, started_at)"
      " VALUES (1, 'f', 'in', 'RMF', '2026-11-23', 'applied', 'now');"
      "INSERT INTO positions(position_id, local_office, deanery_number, position_number, has_por,"
      " title, host_lead, vpd, organisation, location, has_pos, staff_group, occupation_code,"
      " area_of_work, deleted, matched, created_file_id, changed_file_id, changed_at)"
      " VALUES (8100101, 'EMD', 'EMD/X/1', NULL, 1, '', 'Lead Employer', 'VPD', 'Org', 'Loc', 1,"
      " 'Medical and Dental', 'Registrar', '300', 0, 1, 1, 1, 'now')");
  auto select = db.prepare("SELECT 7, " + position_columns() + " FROM positions");
  ASSERT_TRUE(select.step());
  auto position = position_from_row(select, 1);
  EXPECT_EQ(position.id, 8100101);
  EXPECT_EQ(position.local_office, "EMD");
  EXPECT_EQ(position.deanery_number, "EMD/X/1");
  EXPECT_EQ(position.number, "") << "a NULL position number reads as empty";
  EXPECT_TRUE(position.has_por);
  EXPECT_TRUE(position.has_pos);
  EXPECT_EQ(position.host_lead, "Lead Employer");
  EXPECT_EQ(position.vpd, "VPD");
  EXPECT_EQ(position.organisation, "Org");
  EXPECT_EQ(position.location, "Loc");
  EXPECT_EQ(position.title, "");
  EXPECT_EQ(position.shown_title(), "Medical and Dental")
      << "an empty POR title falls back to the POS";
  EXPECT_EQ(position.occupation_code, "Registrar");
  EXPECT_EQ(position.staff_group, "Medical and Dental");
  EXPECT_EQ(position.area_of_work, "300");
  EXPECT_FALSE(position.deleted);
  EXPECT_TRUE(position.matched);
}

}  // namespace
}  // namespace esr::state
