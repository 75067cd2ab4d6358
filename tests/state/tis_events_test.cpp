// state/tis_events: the events of a file with the row before as typed previous_* columns, the
// position_live events, and the marks of the notification engine.
#include "esr/state/tis_events.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "esr/db/transaction.hpp"
#include "state_db.hpp"

namespace esr::state {
namespace {

using ::testing::ElementsAre;

class TisEvents : public test::StateDb {
 protected:
  // Every column of an event from `changes` on, "|"-separated, NULL as "NULL".
  std::vector<std::string> rows() {
    return texts(
        "SELECT file_id || '|' || business_date || '|' || local_office || '|' || kind || '|' ||"
        " subject || '|' || coalesce(changes, 'NULL') || '|' || coalesce(previous_npn, 'NULL')"
        " || '|' || coalesce(previous_status, 'NULL') || '|' ||"
        " coalesce(previous_placement_type, 'NULL') || '|' || coalesce(previous_wte, 'NULL')"
        " || '|' || coalesce(previous_person_id, 'NULL') || '|' || processed"
        " FROM tis_events ORDER BY id");
  }
};

TEST_F(TisEvents, EachEventKeepsTheRowBeforeItHas) {
  auto file = add_file("TIS_PLACEMENTS", "2026-11-24");
  PreviousRow post{"EMD/X/1", "CURRENT", std::nullopt};
  PreviousRow placement{"EMD/X/2", std::nullopt, PlacementColumns{}};
  placement.placement->placement_type = "In Post";
  placement.placement->wte = "0.5";
  placement.placement->person_id = "X";
  db::Transaction transaction(db_);
  TisEventLog log(transaction, file, "2026-11-24");
  log.add({"EMD", "placement_created", "P1", "", nullptr});
  log.add({"EMD", "post_removed", "EMD/X/1", "", &post});
  log.add({"KSS", "placement_changed", "P2", "npn,wte", &placement});
  log.add({"EMD", "post_created", "EMD/X/3", "", nullptr});  // nothing left from the one before
  transaction.commit();
  auto f = std::to_string(file);
  EXPECT_THAT(
      rows(),
      ElementsAre(f + "|2026-11-24|EMD|placement_created|P1|NULL|NULL|NULL|NULL|NULL|NULL|0",
                  f + "|2026-11-24|EMD|post_removed|EMD/X/1|NULL|EMD/X/1|CURRENT|NULL|"
                      "NULL|NULL|0",
                  f + "|2026-11-24|KSS|placement_changed|P2|npn,wte|EMD/X/2|NULL|In Post|"
                      "0.5|X|0",
                  f + "|2026-11-24|EMD|post_created|EMD/X/3|NULL|NULL|NULL|NULL|NULL|"
                      "NULL|0"));
  // Every placement column is kept, empty ones as ''.
  EXPECT_EQ(number("SELECT count(*) FROM tis_events WHERE subject = 'P2' AND previous_grade = ''"
                   " AND previous_site_name = '' AND previous_lifecycle = ''"),
            1);
}

TEST_F(TisEvents, PositionLiveEventsLeaveTheFlags) {
  auto rmf = add_file("RMF", "2026-11-23");
  auto baseline = add_file("TIS_POSTS", "2026-11-23");
  auto file = add_file("RMC", "2026-11-24");
  db_.exec("INSERT INTO tis_baselines(local_office, file_id, business_date) VALUES ('EMD', " +
           std::to_string(baseline) + ", '2026-11-23')");
  struct Flags {
    int id, deleted, matched, went_live;
  };
  // Only the live, matched and flagged positions, in id order.
  for (auto p : {Flags{3, 0, 1, 1}, Flags{1, 0, 1, 1}, Flags{2, 1, 1, 1}, Flags{4, 0, 0, 1}}) {
    db_.exec(fmt::format(
        "INSERT INTO positions(position_id, local_office, deanery_number, deleted, matched,"
        " went_live, created_file_id, changed_file_id, changed_at) VALUES ({0}, 'EMD', 'N{0}',"
        " {1}, {2}, {3}, {4}, {4}, 'now')",
        p.id, p.deleted, p.matched, p.went_live, rmf));
  }
  db::Transaction transaction(db_);
  EXPECT_EQ(
      add_position_live_events(transaction, file, *spec::BusinessDate::from_iso("2026-11-24")), 2);
  transaction.commit();
  auto f = std::to_string(file);
  EXPECT_THAT(rows(), ElementsAre(f + "|2026-11-24|EMD|position_live|1|NULL|NULL|NULL|NULL|NULL|"
                                      "NULL|0",
                                  f + "|2026-11-24|EMD|position_live|3|NULL|NULL|NULL|NULL|NULL|"
                                      "NULL|0"));
  EXPECT_EQ(number("SELECT count(*) FROM positions WHERE went_live = 1"), 4);
}

TEST_F(TisEvents, MarksSetProcessedOnTheEventsMarkedOnly) {
  auto file = add_file("TIS_POSTS", "2026-11-24");
  db::Transaction transaction(db_);
  TisEventLog log(transaction, file, "2026-11-24");
  for (const char* subject : {"A", "B", "C"})
    log.add({"EMD", "post_created", subject, "", nullptr});
  TisEventMarks marks(transaction);
  marks.processed(db_.last_insert_rowid());
  marks.processed(db_.last_insert_rowid() - 2);
  transaction.commit();
  EXPECT_THAT(texts("SELECT subject || processed FROM tis_events ORDER BY id"),
              ElementsAre("A1", "B0", "C1"));
}

TEST_F(TisEvents, UnprocessedEventsUpToADayComeInOrderWithTheirBaselineAndRowBefore) {
  auto file = add_file("TIS_PLACEMENTS", "2026-11-24");
  db_.exec(fmt::format(
      "INSERT INTO tis_baselines(local_office, file_id, business_date) VALUES ('EMD', {}, "
      "'2026-11-20')",
      file));
  PreviousRow post{"KSS/X/1", "INACTIVE", std::nullopt};
  PreviousRow placement{"EMD/X/2", std::nullopt, PlacementColumns{}};
  placement.placement->placement_type = "In Post";
  placement.placement->start_date = "2026-12-02";
  placement.placement->end_date = "2027-08-03";
  placement.placement->site_code = "RWE01";
  PreviousRow bad_dates{"EMD/X/2", std::nullopt, PlacementColumns{}};
  {
    db::Transaction transaction(db_);
    TisEventLog on_24th(transaction, file, "2026-11-24");
    on_24th.add({"EMD", "placement_changed", "P2", "start_date", &placement});
    on_24th.add({"EMD", "post_created", "EMD/X/9", "", nullptr});  // processed below
    TisEventLog on_23rd(transaction, file, "2026-11-23");
    on_23rd.add({"KSS", "post_removed", "KSS/X/1", "", &post});
    on_23rd.add({"EMD", "placement_deleted", "P3", "", &bad_dates});
    TisEventLog on_25th(transaction, file, "2026-11-25");
    on_25th.add({"EMD", "placement_created", "P4", "", nullptr});  // after the day asked
    TisEventMarks(transaction).processed(2);
    transaction.commit();
  }
  auto events = unprocessed_tis_events(db_, *spec::BusinessDate::from_iso("2026-11-24"));
  ASSERT_EQ(events.size(), 3U);
  const auto& changed = events[0];
  EXPECT_EQ(changed.id, 1);
  EXPECT_EQ(changed.local_office, "EMD");
  EXPECT_EQ(changed.business_date, "2026-11-24");
  EXPECT_EQ(changed.kind, "placement_changed");
  EXPECT_EQ(changed.subject, "P2");
  EXPECT_EQ(changed.changes, "start_date");
  EXPECT_EQ(changed.baseline_date, "2026-11-20");
  EXPECT_EQ(changed.previous_status, "");
  ASSERT_TRUE(changed.previous.has_value());
  EXPECT_EQ(changed.previous->id, "P2");
  EXPECT_EQ(changed.previous->npn, "EMD/X/2");
  EXPECT_EQ(changed.previous->start.iso(), "2026-12-02");
  EXPECT_EQ(changed.previous->site_code, "RWE01");
  const auto& removed = events[1];
  EXPECT_EQ(removed.kind, "post_removed");
  EXPECT_EQ(removed.changes, "");
  EXPECT_EQ(removed.baseline_date, std::nullopt) << "KSS has no baseline";
  EXPECT_EQ(removed.previous_status, "INACTIVE");
  EXPECT_FALSE(removed.previous.has_value()) << "a post's row before is no placement";
  EXPECT_EQ(events[2].subject, "P3");
  EXPECT_FALSE(events[2].previous.has_value()) << "dates that do not parse";
}

}  // namespace
}  // namespace esr::state
