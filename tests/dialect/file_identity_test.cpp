// Which spec reads a file, from its name: interface names, TIS extract names, forced schemas.
#include "esr/dialect/file_identity.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "support/temp_dir.hpp"

namespace esr::dialect {
namespace {

using ::testing::HasSubstr;

const spec::SchemaRegistry& registry() {
  static const spec::SchemaRegistry shipped =
      spec::SchemaRegistry::load(ESRD_SOURCE_DIR "/schemas");
  return shipped;
}

std::string schema_of(std::string_view file_name, std::string_view forced = {}) {
  auto identity = identify_file(file_name, registry(), forced);
  return identity.spec == nullptr ? "(none)" : identity.spec->type;
}

TEST(IdentifyFile, InterfaceNamesFindTheirSchema) {
  EXPECT_EQ(schema_of("DE_EMD_RMF_20261123_00004101.DAT"), "RMT");
  EXPECT_EQ(schema_of("DE_EMD_RMC_20261124_00004110.DAT"), "RMT");
  EXPECT_EQ(schema_of("DE_EMD_APC_20261124_00004111.DAT"), "APC");
  EXPECT_EQ(schema_of("DE_EMD_DCC_20261124_00004112.DAT"), "DCC");
  EXPECT_EQ(schema_of("DE_EMD_APP_20261123_00000002.DAT"), "APP");
  EXPECT_EQ(schema_of("DE_EMD_DNF_20261123_00000003.DAT"), "NOTIFICATION");
  EXPECT_EQ(schema_of("DE_EMD_DNC_20261124_00000005.DAT"), "NOTIFICATION");
  EXPECT_EQ(schema_of("DE_EMD_RTC_20261123_00000001.DAT"), "RTC");
}

TEST(IdentifyFile, InterfaceNameGivesTheParsedNameAndDate) {
  auto identity = identify_file("DE_KSS_RMF_20261123_00004102.DAT", registry());
  ASSERT_TRUE(identity.name.has_value());
  EXPECT_EQ(identity.name->local_office, "KSS");
  EXPECT_EQ(identity.name->type, "RMF");
  EXPECT_EQ(identity.name->sequence, 4102U);
  EXPECT_EQ(identity.date, (spec::BusinessDate{2026, 11, 23}));
  EXPECT_TRUE(identity.error.empty());
}

TEST(IdentifyFile, TisExtractNamesFindTheirSchemaAndDate) {
  auto posts = identify_file("posts_20261123.csv", registry());
  ASSERT_NE(posts.spec, nullptr);
  EXPECT_EQ(posts.spec->type, "TIS_POSTS");
  EXPECT_EQ(posts.date, (spec::BusinessDate{2026, 11, 23}));
  EXPECT_FALSE(posts.name.has_value());
  EXPECT_TRUE(posts.error.empty());
  auto placements = identify_file("placements_20261124.csv", registry());
  ASSERT_NE(placements.spec, nullptr);
  EXPECT_EQ(placements.spec->type, "TIS_PLACEMENTS");
  EXPECT_EQ(placements.date, (spec::BusinessDate{2026, 11, 24}));
}

TEST(IdentifyFile, TisExtractNamesMustBeExact) {
  for (std::string_view name :
       {"posts_20261130.CSV", "posts_2026-11-23.csv", "posts_20261331.csv", "Posts_20261123.csv",
        "posts_20261123.csv.part", "posts20261123.csv", "placement_20261123.csv", "posts_.csv"}) {
    SCOPED_TRACE(std::string(name));
    auto identity = identify_file(name, registry());
    EXPECT_EQ(identity.spec, nullptr);
    EXPECT_FALSE(identity.error.empty());
  }
}

TEST(IdentifyFile, UnknownNameIsRejectedWithTheReason) {
  auto identity = identify_file("report.txt", registry());
  EXPECT_EQ(identity.spec, nullptr);
  EXPECT_FALSE(identity.name.has_value());
  EXPECT_FALSE(identity.date.has_value());
  EXPECT_THAT(identity.error, HasSubstr("file name 'report.txt' does not match"));
}

TEST(IdentifyFile, BadInterfaceNameGivesTheFileNameError) {
  auto identity = identify_file("DE_EMD_APP_20260230_00000001.DAT", registry());
  EXPECT_EQ(identity.spec, nullptr);
  EXPECT_THAT(identity.error, HasSubstr("the date must be a real date YYYYMMDD"));
}

TEST(IdentifyFile, ForcedFileTypeOverridesTheName) {
  auto identity = identify_file("anything.txt", registry(), "RMF");
  ASSERT_NE(identity.spec, nullptr);
  EXPECT_EQ(identity.spec->type, "RMT");
  EXPECT_TRUE(identity.error.empty());
  EXPECT_FALSE(identity.name.has_value());
  EXPECT_EQ(schema_of("DE_EMD_APP_20261123_00000002.DAT", "DNC"), "NOTIFICATION");
}

TEST(IdentifyFile, ForcedSchemaNameOverridesTheName) {
  EXPECT_EQ(schema_of("extract.csv", "TIS_PLACEMENTS"), "TIS_PLACEMENTS");
  EXPECT_EQ(schema_of("x", "NOTIFICATION"), "NOTIFICATION");
}

TEST(IdentifyFile, ForcedSchemaKeepsTheDateOfAnInterfaceName) {
  auto identity = identify_file("DE_EMD_RMC_20261124_00004110.DAT", registry(), "RMF");
  ASSERT_NE(identity.spec, nullptr);
  EXPECT_EQ(identity.spec->type, "RMT");
  ASSERT_TRUE(identity.name.has_value());
  EXPECT_EQ(identity.name->type, "RMC");
  EXPECT_EQ(identity.date, (spec::BusinessDate{2026, 11, 24}));
}

TEST(IdentifyFile, UnknownForcedSchemaIsAnError) {
  auto identity = identify_file("DE_EMD_RMF_20261123_00004101.DAT", registry(), "XYZ");
  EXPECT_EQ(identity.spec, nullptr);
  EXPECT_EQ(identity.error, "no schema for type 'XYZ'");
}

TEST(IdentifyFile, ValidNameWithoutASchemaSaysSo) {
  // A registry holding only the RMT schema reads neither APP files nor TIS extracts.
  esr::test_support::TempDir dir;
  std::filesystem::copy_file(ESRD_SOURCE_DIR "/schemas/rmt.json", dir.path() / "rmt.json");
  auto only_rmt = spec::SchemaRegistry::load(dir.path());
  EXPECT_NE(identify_file("DE_EMD_RMF_20261123_00004101.DAT", only_rmt).spec, nullptr);
  auto app = identify_file("DE_EMD_APP_20261123_00000002.DAT", only_rmt);
  EXPECT_EQ(app.spec, nullptr);
  EXPECT_TRUE(app.name.has_value());
  EXPECT_EQ(app.error, "no schema in schemas/ reads 'DE_EMD_APP_20261123_00000002.DAT'");
  auto posts = identify_file("posts_20261123.csv", only_rmt);
  EXPECT_EQ(posts.spec, nullptr);
  EXPECT_EQ(posts.error, "no schema in schemas/ reads 'posts_20261123.csv'");
}

}  // namespace
}  // namespace esr::dialect
