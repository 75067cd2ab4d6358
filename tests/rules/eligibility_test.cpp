// The eligible placements of DESIGN §7: APPROVED and of one of seven types, compared without case.
#include "esr/rules/eligibility.hpp"

#include <gtest/gtest.h>

namespace esr::rules {
namespace {

TEST(EligibleType, EveryListedTypeInAnyCase) {
  for (const char* type :
       {"IN POST", "in post - acting up", "In Post - Extension", "pArEnTaL lEaVe", "LONG-TERM SICK",
        "suspended", "phased RETURN", "In post", "In Post - Acting Up"}) {
    EXPECT_TRUE(is_eligible_type(type)) << type;
  }
}

TEST(EligibleType, OtherTypesAndNearMissesAreNot) {
  for (const char* type : {"OOPT", "", "In post ", " In post", "In post-Extension",
                           "Long term sick", "Honorary", "In posts"}) {
    EXPECT_FALSE(is_eligible_type(type)) << '\'' << type << '\'';
  }
}

TEST(EligiblePlacement, ApprovedAndOfAnEligibleType) {
  EXPECT_TRUE(is_eligible_placement("APPROVED", "in post"));
  EXPECT_FALSE(is_eligible_placement("DRAFT", "In post"));
  EXPECT_FALSE(is_eligible_placement("approved", "In post")) << "the lifecycle is exact";
  EXPECT_FALSE(is_eligible_placement("", "In post"));
  EXPECT_FALSE(is_eligible_placement("APPROVED", "OOPT"));
}

TEST(EligibleTypes, TextListsThemAsDesignSpellsThem) {
  EXPECT_EQ(eligible_types_text(),
            "In post, In Post - Acting Up, In post - Extension, Parental Leave, Long-term sick, "
            "Suspended, Phased Return");
}

}  // namespace
}  // namespace esr::rules
