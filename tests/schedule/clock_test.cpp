#include "esr/schedule/clock.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <type_traits>
#include <vector>

#include "schedule_test_support.hpp"

namespace esr::schedule {
namespace {

using testing::iso;
using testing::utc;

static_assert(std::is_base_of_v<Clock, SystemClock>);
static_assert(std::is_base_of_v<Clock, ManualClock>);
static_assert(!std::is_copy_constructible_v<ManualClock>);

TEST(ManualClock, ReportsTheTimeItWasGiven) {
  ManualClock clock(utc(2026, 3, 29, 0, 59, 59));
  const Clock& as_clock = clock;
  EXPECT_EQ(iso(as_clock.now()), "2026-03-29T00:59:59Z");
  EXPECT_EQ(iso(as_clock.now()), "2026-03-29T00:59:59Z");
}

TEST(ManualClock, MovesOnlyWhenAdvancedOrSet) {
  ManualClock clock(utc(2026, 3, 29, 0, 59, 59));
  clock.advance(std::chrono::seconds{1});
  EXPECT_EQ(iso(clock.now()), "2026-03-29T01:00:00Z");
  clock.set(utc(2026, 10, 25, 1, 30));
  EXPECT_EQ(iso(clock.now()), "2026-10-25T01:30:00Z");
  clock.set(utc(2026, 10, 25, 0, 30));  // backwards, as a real clock may go
  EXPECT_EQ(iso(clock.now()), "2026-10-25T00:30:00Z");
}

TEST(ManualClock, ConcurrentAdvancesAreNotLost) {
  ManualClock clock(utc(2026, 1, 1, 0, 0));
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&clock] {
      for (int i = 0; i < 1000; ++i) clock.advance(std::chrono::seconds{1});
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(clock.now(), utc(2026, 1, 1, 0, 0) + std::chrono::seconds{4000});
}

}  // namespace
}  // namespace esr::schedule
