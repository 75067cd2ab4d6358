// The field tables made from the specs: exact output for each layout, and the whole reference.
#include "esr/spec/markdown.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace esr::spec {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::size_t count_of(std::string_view text, std::string_view what) {
  std::size_t count = 0;
  for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) {
    ++count;
  }
  return count;
}

TEST(Markdown, RecordsLayoutRendersHeaderAndOneTablePerRecord) {
  auto spec = SchemaRegistry::parse_schema(R"j({
    "type": "TST", "file_types": ["TST", "TSU"], "title": "Test file", "direction": "inbound",
    "source": "a test", "layout": "records", "unknown_records": "keep",
    "records": [{"record_type": "T", "name": "Test record", "fields": [
      {"ref": "1", "name": "Record Type", "format": "X(1)+", "constant": "T"},
      {"ref": "2", "name": "Kind", "format": "N(1)", "values": ["1", "2"]},
      {"ref": "3", "name": "When", "format": "X(8)", "date": "YYYYMMDD",
       "required_if": {"field": "2", "values": ["1", "2"]}},
      {"ref": "4", "name": "Who|Name", "format": "X(20)", "personal": true,
       "required_with": ["2", "3"], "comment": "a|b\nc"}
    ]}, {"record_type": "U", "name": "Other", "fields": [
      {"ref": "U1", "name": "Record Type", "format": "X(1)+", "constant": "U"},
      {"ref": "U2", "name": "Born", "format": "X(10)", "date": "YYYY-MM-DD"}
    ]}]})j",
                                           "tst.json");
  EXPECT_EQ(render_markdown(spec),
            "## TST: Test file\n"
            "\n"
            "- Direction: inbound (ESR to TIS)\n"
            "- File types: TST, TSU\n"
            "- Layout: records\n"
            "- Records of other types: kept raw and counted\n"
            "- Source: a test\n"
            "\n"
            "### Record `T`: Test record (4 fields)\n"
            "\n"
            "| # | Ref | Data item | Format | Mandatory | Rules and notes |\n"
            "|---|---|---|---|---|---|\n"
            "| 1 | 1 | Record Type | `X(1)+` | yes | constant `T` |\n"
            "| 2 | 2 | Kind | `N(1)` |  | one of `1`, `2` |\n"
            "| 3 | 3 | When | `X(8)` | when | date YYYYMMDD; mandatory when 2 is `1`, `2` |\n"
            "| 4 | 4 | Who\\|Name | `X(20)` | when | mandatory when any of 2, 3 is given; "
            "personal (never logged); a\\|b c |\n"
            "\n"
            "### Record `U`: Other (2 fields)\n"
            "\n"
            "| # | Ref | Data item | Format | Mandatory | Rules and notes |\n"
            "|---|---|---|---|---|---|\n"
            "| 1 | U1 | Record Type | `X(1)+` | yes | constant `U` |\n"
            "| 2 | U2 | Born | `X(10)` |  | date YYYY-MM-DD |\n"
            "\n");
}

TEST(Markdown, RejectingSchemaSaysSoAndOmitsAnEmptySource) {
  auto spec = SchemaRegistry::parse_schema(R"j({
    "type": "OUT", "file_types": ["OUT"], "title": "Out", "direction": "outbound",
    "layout": "records",
    "records": [{"record_type": "O", "name": "O", "fields": [
      {"ref": "1", "name": "Record Type", "format": "X(1)+", "constant": "O"}]}]})j",
                                           "out.json");
  auto text = render_markdown(spec);
  EXPECT_THAT(text, StartsWith("## OUT: Out\n\n- Direction: outbound (TIS to ESR)\n- File types: "
                               "OUT\n- Layout: records\n- Records of other types: rejected\n\n"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("Source")));
}

TEST(Markdown, ConfirmationLayoutRendersTheWrapper) {
  auto spec = SchemaRegistry::parse_schema(R"j({
    "type": "CON", "file_types": ["CON"], "title": "Confirmations", "direction": "outbound",
    "layout": "confirmation", "confirms": "TST",
    "wrapper_fields": [
      {"ref": "position", "name": "Relative Position", "format": "N(15)+"},
      {"ref": "outcome", "name": "Outcome", "format": "X(7)+", "values": ["SUCCESS", "FAIL"]},
      {"ref": "reason", "name": "Reason", "format": "X(2000)",
       "required_if": {"field": "outcome", "values": ["FAIL"]}}]})j",
                                           "con.json");
  EXPECT_EQ(render_markdown(spec),
            "## CON: Confirmations\n"
            "\n"
            "- Direction: outbound (TIS to ESR)\n"
            "- File types: CON\n"
            "- Layout: confirmation\n"
            "\n"
            "Each line is `<position>~<outcome>~<reason>~<record>`, where `<record>` is the "
            "confirmed TST record as it was in the confirmed file.\n"
            "\n"
            "| # | Ref | Data item | Format | Mandatory | Rules and notes |\n"
            "|---|---|---|---|---|---|\n"
            "| 1 | position | Relative Position | `N(15)+` | yes |  |\n"
            "| 2 | outcome | Outcome | `X(7)+` | yes | one of `SUCCESS`, `FAIL` |\n"
            "| 3 | reason | Reason | `X(2000)` | when | mandatory when outcome is `FAIL` |\n"
            "\n");
}

TEST(Markdown, CsvLayoutSaysColumnsAreByHeaderName) {
  auto spec = SchemaRegistry::parse_schema(R"j({
    "type": "EXT", "title": "Extract", "direction": "extract", "layout": "csv",
    "records": [{"record_type": "row", "name": "Row", "fields": [
      {"ref": "id", "name": "id", "format": "X(30)+"}]}]})j",
                                           "ext.json");
  EXPECT_EQ(render_markdown(spec),
            "## EXT: Extract\n"
            "\n"
            "- Direction: TIS extract\n"
            "- Layout: csv\n"
            "\n"
            "Columns by header name, in any order; other columns are ignored.\n"
            "\n"
            "| # | Ref | Data item | Format | Mandatory | Rules and notes |\n"
            "|---|---|---|---|---|---|\n"
            "| 1 | id | id | `X(30)+` | yes |  |\n"
            "\n");
}

TEST(Markdown, ReferenceHasEverySchemaInTheFixedOrder) {
  auto registry = SchemaRegistry::load(ESRD_SOURCE_DIR "/schemas");
  auto text = render_reference(registry);
  EXPECT_THAT(text, StartsWith("# File formats\n\n"));
  const std::vector<std::string> order = {
      "## RMT:",          "## RTC:", "## APP:",       "## APC:",
      "## NOTIFICATION:", "## DCC:", "## TIS_POSTS:", "## TIS_PLACEMENTS:"};
  std::size_t previous = 0;
  for (const auto& heading : order) {
    SCOPED_TRACE(heading);
    auto at = text.find("\n" + heading);
    ASSERT_NE(at, std::string::npos);
    EXPECT_GT(at, previous);
    EXPECT_EQ(count_of(text, "\n" + heading), 1U);
    previous = at;
  }
  EXPECT_EQ(count_of(text, "\n## "), order.size());
}

TEST(Markdown, ReferenceHasARowForEveryField) {
  auto registry = SchemaRegistry::load(ESRD_SOURCE_DIR "/schemas");
  std::size_t fields = 0;
  std::size_t tables = 0;
  for (const auto& spec : registry.all()) {
    fields += spec.wrapper_fields.size();
    tables += spec.wrapper_fields.empty() ? 0 : 1;
    for (const auto& record : spec.records) {
      fields += record.fields.size();
      ++tables;
    }
  }
  auto text = render_reference(registry);
  EXPECT_EQ(count_of(text, "|---|---|---|---|---|---|\n"), tables);
  // Each row starts a line with "| <n> | "; the header row starts with "| # |".
  EXPECT_EQ(count_of(text, "\n| ") - count_of(text, "\n| # |"), fields);
  EXPECT_THAT(text, HasSubstr("### Record `POS`: Position Information Record (16 fields)\n"));
  EXPECT_THAT(text, HasSubstr("| 10 | T_POS10 | Deanery Number | `X(30)+` | yes |  |\n"));
  EXPECT_THAT(text, HasSubstr("| 2 | S_NOT02 | Notification VPD | `N(3)` | when | mandatory when "
                              "S_NOT03 is `1`, `2`, `4`; "));
}

TEST(Markdown, GroupsAndEssentialFieldsAreShownInTheirRows) {
  auto registry = SchemaRegistry::load(ESRD_SOURCE_DIR "/schemas");
  auto text = render_reference(registry);
  EXPECT_THAT(text, HasSubstr("| 19 | 19 | Country | `X(2)` | when | part of Address (left out "
                              "whole when any of it is wrong); mandatory when any of 13, 14, 15, "
                              "16, 17, 18 is given; personal (never logged); "));
  EXPECT_THAT(text, HasSubstr("| 35 | 35 | Position_ID | `N(10)` | when | essential (a problem "
                              "holds the record back); mandatory when any of 36 is given; "));
  EXPECT_THAT(text, HasSubstr("is matched ignoring letter case and surrounding spaces"));
}

}  // namespace
}  // namespace esr::spec
