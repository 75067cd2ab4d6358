// The typed views of stored rows: placements read from their JSON object, positions from their
// typed columns (named after the fields of schemas/rmt.json).
#include "esr/outbound/state_views.hpp"

#include <gtest/gtest.h>

#include "esr/spec/schema_registry.hpp"
#include "esr/store/migrations.hpp"
#include "esr/store/position_columns.hpp"
#include "esr/store/state_schema.hpp"
#include "support/temp_dir.hpp"

namespace esr::outbound {
namespace {

constexpr const char* kPlacement =
    R"j({"end_date":"2027-08-03","grade":"ST4","lifecycle":"APPROVED","npn":"EMD/RWEAA/300/STR/001",)j"
    R"j("placement_type":"In Post","site_code":"RWE01","start_date":"2026-12-02","surname":"Smith"})j";

TEST(PlacementFromJson, ReadsEveryColumnAndTheTypedAttributes) {
  auto placement = placement_from_json("5002", kPlacement);
  ASSERT_TRUE(placement.has_value());
  EXPECT_EQ(placement->id, "5002");
  EXPECT_EQ(placement->npn, "EMD/RWEAA/300/STR/001");
  EXPECT_EQ(placement->start.iso(), "2026-12-02");
  EXPECT_EQ(placement->end.iso(), "2027-08-03");
  EXPECT_EQ(placement->grade, "ST4");
  EXPECT_EQ(placement->column("surname"), "Smith");
  EXPECT_EQ(placement->column("site_name"), "") << "an absent column reads as empty";
  EXPECT_TRUE(placement->eligible());
}

TEST(PlacementFromJson, KeysInAnyOrderNonStringsAndNestedValuesReadAsEmpty) {
  auto placement = placement_from_json(
      "1", R"j({"start_date":"2026-12-02","wte":1,"npn":"X/1","extra":{"a":"b"},"list":["c"],)j"
           R"j("end_date":"2027-01-01","zz":null,"a":"first"})j");
  ASSERT_TRUE(placement.has_value());
  EXPECT_EQ(placement->npn, "X/1");
  EXPECT_EQ(placement->wte, "");
  EXPECT_EQ(placement->column("extra"), "");
  EXPECT_EQ(placement->column("list"), "");
  EXPECT_EQ(placement->column("a"), "first");
  EXPECT_EQ(placement->column("b"), "") << "a nested member is not a column";
  EXPECT_EQ(placement->column("zz"), "");
}

TEST(PlacementFromJson, RejectsWhatIsNotAnObjectOrLacksRealDates) {
  EXPECT_FALSE(placement_from_json("1", "").has_value());
  EXPECT_FALSE(placement_from_json("1", "[1,2]").has_value());
  EXPECT_FALSE(placement_from_json("1", R"j("text")j").has_value());
  EXPECT_FALSE(placement_from_json("1", R"j({"start_date":"2026-12-02")j").has_value());
  EXPECT_FALSE(placement_from_json("1", R"j({"start_date":"2026-02-30","end_date":"2027-01-01"})j")
                   .has_value());
  EXPECT_FALSE(placement_from_json("1", R"j({"start_date":"2026-12-02"})j").has_value());
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
  for (const auto& c : store::kPorColumns) {
    EXPECT_TRUE(por->index_of(std::string(c.ref)).has_value()) << c.ref;
    EXPECT_TRUE(position.field(c.ref).has_value()) << c.ref;
  }
  for (const auto& c : store::kPosColumns) {
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
  auto db = store::Database::open(dir.path() / "state.sqlite");
  store::apply_migrations(db, store::state_migrations());
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
}  // namespace esr::outbound
