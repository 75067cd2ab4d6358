// state/exclusions: adding the placements an exclusion file lists, and reading them back.
#include "esr/state/exclusions.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "state_rows.hpp"

namespace esr::state {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class ExclusionsState : public test_support::StateRows {
 protected:
  std::string column(const std::string& placement_id, const std::string& column) {
    return text_of("SELECT " + column + " FROM exclusions WHERE placement_id = ?1", placement_id);
  }
};

TEST_F(ExclusionsState, AddKeepsThePlacementsFirstListing) {
  EXPECT_THAT(excluded_placements(db_), IsEmpty());
  db::Transaction tx(db_);
  ExclusionWriter exclusions(tx);
  EXPECT_TRUE(exclusions.add({"p1", "", "first.txt", "2026-11-23T18:00:00Z"}));
  EXPECT_TRUE(exclusions.add({"p2", "EMD", "first.txt", "2026-11-23T18:00:00Z"}));
  EXPECT_FALSE(exclusions.add({"p1", "KSS", "second.txt", "2026-11-24T18:00:00Z"}));
  tx.commit();
  EXPECT_EQ(column("p1", "local_office"), "NULL");
  EXPECT_EQ(column("p1", "source"), "first.txt");
  EXPECT_EQ(column("p1", "added_at"), "2026-11-23T18:00:00Z");
  EXPECT_EQ(column("p2", "local_office"), "EMD");
  EXPECT_THAT(excluded_placements(db_), ElementsAre("p1", "p2"));
}

TEST_F(ExclusionsState, WhatIsAddedGoesWithARolledBackTransaction) {
  {
    db::Transaction tx(db_);
    EXPECT_TRUE(ExclusionWriter(tx).add({"p1", "", "list.txt", "2026-11-23T18:00:00Z"}));
  }
  EXPECT_THAT(excluded_placements(db_), IsEmpty());
}

}  // namespace
}  // namespace esr::state
