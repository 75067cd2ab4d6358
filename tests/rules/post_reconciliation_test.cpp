// A post's reconciliation from its ESR positions, and what would have to change when it is not.
#include "esr/rules/post_reconciliation.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esr::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(PostReconciliation, NoPositionMeansESRMustSendOne) {
  auto result = reconcile_post("EMD/RWEAA/100/STR/001", {});
  EXPECT_EQ(result.state, Reconciliation::no_position);
  EXPECT_EQ(result.to_go,
            "ESR would have to send a position with deanery number EMD/RWEAA/100/STR/001 (RMF or "
            "RMC).");
}

TEST(PostReconciliation, OnlyDeletedPositionsMeanESRMustSendALiveOne) {
  auto result = reconcile_post("X/1", {{1, true, true}, {2, true, false}});
  EXPECT_EQ(result.state, Reconciliation::all_deleted);
  EXPECT_THAT(result.deleted, ElementsAre(1, 2));
  EXPECT_EQ(result.to_go, "ESR would have to send a live position for X/1.");
}

TEST(PostReconciliation, LivePositionsWithoutTheTisPostAreUnmatched) {
  auto result = reconcile_post("X/1", {{1, false, false}, {2, true, false}});
  EXPECT_EQ(result.state, Reconciliation::unmatched);
  EXPECT_THAT(result.unmatched, ElementsAre(1));
  EXPECT_THAT(result.deleted, ElementsAre(2));
  EXPECT_EQ(result.to_go, "the TIS posts extract would have to hold post X/1.");
}

TEST(PostReconciliation, OneLiveMatchedPositionReconcilesThePost) {
  auto result = reconcile_post("X/1", {{3, false, true}, {1, true, true}, {2, false, false}});
  EXPECT_EQ(result.state, Reconciliation::reconciled);
  EXPECT_THAT(result.live, ElementsAre(3));
  EXPECT_THAT(result.deleted, ElementsAre(1));
  EXPECT_THAT(result.unmatched, ElementsAre(2)) << "still listed: the others are told too";
  EXPECT_EQ(result.to_go, "");
}

TEST(PostReconciliation, HostAndLeadBothLiveAreBothListedInOrder) {
  auto result = reconcile_post("X/1", {{7, false, true}, {5, false, true}});
  EXPECT_EQ(result.state, Reconciliation::reconciled);
  EXPECT_THAT(result.live, ElementsAre(7, 5));
  EXPECT_THAT(result.unmatched, IsEmpty());
}

}  // namespace
}  // namespace esr::rules
