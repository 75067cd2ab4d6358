// counters: the outbound sequence shared by every outbound file, and named progress counters that
// never go back.
#include "esr/state/counters.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "esr/db/transaction.hpp"
#include "state/state_fixture.hpp"

namespace esr::state {
namespace {

using ::testing::HasSubstr;

class Counters : public test::StateTest {
 protected:
  std::int64_t next() {
    db::Transaction transaction(db_);
    auto sequence = next_outbound_sequence(transaction);
    transaction.commit();
    return sequence;
  }

  void raise(const char* name, std::int64_t value) {
    db::Transaction transaction(db_);
    raise_counter(transaction, name, value);
    transaction.commit();
  }
};

TEST_F(Counters, TheOutboundSequenceCountsFromOneAndOnlyCommittedDrawsStay) {
  EXPECT_EQ(counter_value(db_, "outbound_sequence"), 0) << "a new state starts at 0";
  EXPECT_EQ(next(), 1);
  EXPECT_EQ(next(), 2);
  {
    db::Transaction transaction(db_);
    EXPECT_EQ(next_outbound_sequence(transaction), 3);
    EXPECT_EQ(next_outbound_sequence(transaction), 4);
  }
  EXPECT_EQ(next(), 3) << "a rolled-back draw is drawn again";
  EXPECT_EQ(counter_value(db_, "outbound_sequence"), 3);
}

TEST_F(Counters, AMissingOutboundSequenceIsAnError) {
  db_.exec("DELETE FROM counters WHERE name = 'outbound_sequence'");
  db::Transaction transaction(db_);
  try {
    (void)next_outbound_sequence(transaction);
    FAIL() << "no error";
  } catch (const db::StoreError& error) {
    EXPECT_THAT(error.what(), HasSubstr("the outbound sequence counter is missing"));
  }
}

TEST_F(Counters, ACounterIsCreatedRaisedAndNeverLowered) {
  EXPECT_FALSE(counter_value(db_, "notifications_evaluated_through").has_value());
  raise("notifications_evaluated_through", 20000);
  EXPECT_EQ(counter_value(db_, "notifications_evaluated_through"), 20000);
  raise("notifications_evaluated_through", 20005);
  EXPECT_EQ(counter_value(db_, "notifications_evaluated_through"), 20005);
  raise("notifications_evaluated_through", 19990);
  EXPECT_EQ(counter_value(db_, "notifications_evaluated_through"), 20005) << "never back";
  EXPECT_EQ(counter_value(db_, "outbound_sequence"), 0) << "other counters untouched";
}

}  // namespace
}  // namespace esr::state
