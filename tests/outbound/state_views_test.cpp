// The typed views of stored rows: placements read from their JSON object, positions from their
// POR and POS arrays at indexes that must match schemas/rmt.json.
#include "esr/outbound/state_views.hpp"

#include <gtest/gtest.h>

#include "esr/spec/schema_registry.hpp"

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

TEST(PositionFromRow, FieldIndexesMatchTheRmtSchema) {
  auto registry = spec::SchemaRegistry::load(ESRD_SOURCE_DIR "/schemas");
  const auto* rmt = registry.by_name("RMT");
  ASSERT_NE(rmt, nullptr);
  const auto* por = rmt->find_record("POR");
  const auto* pos = rmt->find_record("POS");
  ASSERT_NE(por, nullptr);
  ASSERT_NE(pos, nullptr);
  EXPECT_EQ(por->index_of("T_POR06"), rmt_field::por_title);
  EXPECT_EQ(por->index_of("T_POR09"), rmt_field::por_host_lead);
  EXPECT_EQ(por->index_of("T_POR11"), rmt_field::por_vpd);
  EXPECT_EQ(por->index_of("T_POR12"), rmt_field::por_organisation);
  EXPECT_EQ(por->index_of("T_POR13"), rmt_field::por_location);
  EXPECT_EQ(pos->index_of("T_POS06"), rmt_field::pos_title);
  EXPECT_EQ(pos->index_of("T_POS07"), rmt_field::pos_occupation);
  EXPECT_EQ(pos->index_of("T_POS08"), rmt_field::pos_area_of_work);
}

TEST(PositionFromRow, ReadsThePorAndFallsBackToThePosTitle) {
  auto position = position_from_row(
      8100101, "EMD", "EMD/X/1", "41000101",
      R"j(["POR","8100101","","C","41000101","","EMD/X/1","EMD","Lead Employer","RWE","VPD","Org","Loc"])j",
      R"j(["POS","8100101","","C","41000101","Medical and Dental","Registrar","300"])j", false,
      true);
  EXPECT_EQ(position.host_lead, "Lead Employer");
  EXPECT_EQ(position.vpd, "VPD");
  EXPECT_EQ(position.organisation, "Org");
  EXPECT_EQ(position.location, "Loc");
  EXPECT_EQ(position.title, "Medical and Dental") << "an empty POR title falls back to the POS";
  EXPECT_EQ(position.occupation_code, "Registrar");
  EXPECT_EQ(position.staff_group, "Medical and Dental");
  EXPECT_EQ(position.area_of_work, "300");
  EXPECT_TRUE(position.matched);
}

}  // namespace
}  // namespace esr::outbound
