// state/tis_snapshot: a snapshot is full for each office it mentions; what changed since the
// office's last snapshot is recorded as tis_events, with the row before, except on the office's
// baseline (its first snapshot date).
#include "esr/state/tis_snapshot.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "esr/db/transaction.hpp"
#include "state_db.hpp"

namespace esr::state {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

constexpr const char* kNpn1 = "EMD/RWEAA/300/STR/001";
constexpr const char* kNpn2 = "EMD/RWEAA/300/STR/002";

TisPlacement placement(const std::string& id, const std::string& npn, const std::string& person) {
  TisPlacement p;
  p.placement_id = id;
  p.npn = npn;
  p.local_office = "EMD";
  p.columns.placement_type = "In Post";
  p.columns.lifecycle = "APPROVED";
  p.columns.start_date = "2026-12-02";
  p.columns.end_date = "2027-08-03";
  p.columns.wte = "1";
  p.columns.person_id = person;
  p.person.surname = "Surname of " + person;
  p.person.ni_number = "AB123456C";
  return p;
}

class TisSnapshotTest : public test::StateDb {
 protected:
  // Applies one snapshot file of `type` dated `date` in one committed transaction.
  template <class Snapshot, class Row>
  SnapshotCounts load(const std::string& type, const std::string& date,
                      const std::vector<Row>& rows) {
    db::Transaction transaction(db_);
    Snapshot snapshot(transaction, add_file(type, date), date);
    for (const auto& row : rows) snapshot.add(row);
    auto counts = snapshot.finish();
    transaction.commit();
    return counts;
  }

  SnapshotCounts posts(const std::string& date, const std::vector<TisPost>& rows) {
    return load<TisPostsSnapshot>("TIS_POSTS", date, rows);
  }

  SnapshotCounts placements(const std::string& date, const std::vector<TisPlacement>& rows) {
    return load<TisPlacementsSnapshot>("TIS_PLACEMENTS", date, rows);
  }

  // "kind subject [changes] previous_npn previous_status previous_wte" of every event.
  std::vector<std::string> events() {
    return texts(
        "SELECT kind || ' ' || subject || ' [' || coalesce(changes, 'NULL') || '] ' ||"
        " coalesce(previous_npn, 'NULL') || ' ' || coalesce(previous_status, 'NULL') || ' ' ||"
        " coalesce(previous_wte, 'NULL') FROM tis_events ORDER BY id");
  }
};

TEST_F(TisSnapshotTest, AnOfficesFirstSnapshotIsItsBaselineAndRaisesNothing) {
  auto counts =
      posts("2026-11-23",
            {{kNpn1, "EMD", "CURRENT"}, {kNpn2, "EMD", "INACTIVE"}, {"KSS/X/1", "KSS", "CURRENT"}});
  EXPECT_THAT(counts, ElementsAre(Pair("baseline_offices", 2)));
  EXPECT_THAT(events(), IsEmpty());
  EXPECT_THAT(texts("SELECT local_office || ' ' || business_date || ' ' || file_id"
                    " FROM tis_baselines ORDER BY local_office"),
              ElementsAre("EMD 2026-11-23 1", "KSS 2026-11-23 1"));
  EXPECT_THAT(texts("SELECT npn || ' ' || local_office || ' ' || status || ' ' || present || ' ' ||"
                    " first_file_id || last_file_id FROM tis_posts ORDER BY npn"),
              ElementsAre(std::string(kNpn1) + " EMD CURRENT 1 11",
                          std::string(kNpn2) + " EMD INACTIVE 1 11", "KSS/X/1 KSS CURRENT 1 11"));
}

TEST_F(TisSnapshotTest, APostsSnapshotRecordsCreatedInactiveAndRemovedPosts) {
  const std::string npn3 = "EMD/RWEAA/300/STR/003";
  posts("2026-11-23", {{kNpn1, "EMD", "CURRENT"},
                       {kNpn2, "EMD", "CURRENT"},
                       {npn3, "EMD", "CURRENT"},
                       {"KSS/X/1", "KSS", "CURRENT"}});
  auto counts = posts("2026-11-24", {{kNpn1, "EMD", "CURRENT"},
                                     {kNpn2, "EMD", "INACTIVE"},
                                     {"EMD/RWEAA/300/STR/004", "EMD", "CURRENT"}});
  EXPECT_THAT(counts, UnorderedElementsAre(Pair("post_created", 1), Pair("post_inactive", 1),
                                           Pair("post_removed", 1)));
  EXPECT_THAT(events(), ElementsAre("post_inactive " + std::string(kNpn2) + " [status] " + kNpn2 +
                                        " CURRENT NULL",
                                    "post_created EMD/RWEAA/300/STR/004 [NULL] NULL NULL NULL",
                                    "post_removed " + npn3 + " [NULL] " + npn3 + " CURRENT NULL"));
  // The office the snapshot does not mention keeps its posts.
  EXPECT_THAT(texts("SELECT npn || ' ' || present || ' ' || last_file_id FROM tis_posts"
                    " ORDER BY npn"),
              ElementsAre(std::string(kNpn1) + " 1 2", std::string(kNpn2) + " 1 2", npn3 + " 0 2",
                          "EMD/RWEAA/300/STR/004 1 2", "KSS/X/1 1 1"));
  EXPECT_THAT(texts("SELECT DISTINCT business_date || ' ' || file_id || ' ' || local_office"
                    " FROM tis_events"),
              ElementsAre("2026-11-24 2 EMD"));

  // A post removed and sent again is created again.
  posts("2026-11-25", {{kNpn1, "EMD", "CURRENT"},
                       {kNpn2, "EMD", "INACTIVE"},
                       {npn3, "EMD", "CURRENT"},
                       {"EMD/RWEAA/300/STR/004", "EMD", "CURRENT"}});
  EXPECT_EQ(events().back(), "post_created " + npn3 + " [NULL] NULL NULL NULL");
}

TEST_F(TisSnapshotTest, TheBaselineIsADateThePlacementsOfThatDateArePartOfIt) {
  posts("2026-11-23", {{kNpn1, "EMD", "CURRENT"}});
  auto counts = placements("2026-11-23", {placement("P1", kNpn1, "X")});
  EXPECT_THAT(counts, ElementsAre(Pair("baseline_offices", 1)));
  EXPECT_THAT(events(), IsEmpty());
  EXPECT_THAT(texts("SELECT file_id FROM tis_baselines"), ElementsAre("1"));
}

TEST_F(TisSnapshotTest, APlacementsSnapshotRecordsTheChangedColumnsAndTheRowBefore) {
  placements("2026-11-23", {placement("P1", kNpn1, "X"), placement("P2", kNpn1, "X"),
                            placement("P3", kNpn1, "Y")});
  auto p1 = placement("P1", kNpn2, "X");
  p1.columns.wte = "0.5";
  p1.person.surname = "Married";  // the person's change shows on each of their placements
  auto p2 = placement("P2", kNpn1, "X");
  auto counts = placements("2026-11-24", {p1, p2, placement("P4", kNpn1, "Y")});
  EXPECT_THAT(counts,
              UnorderedElementsAre(Pair("placement_changed", 2), Pair("placement_created", 1),
                                   Pair("placement_deleted", 1)));
  EXPECT_THAT(
      events(),
      ElementsAre("placement_changed P1 [npn,surname,wte] " + std::string(kNpn1) + " NULL 1",
                  "placement_changed P2 [surname] " + std::string(kNpn1) + " NULL 1",
                  "placement_created P4 [NULL] NULL NULL NULL",
                  "placement_deleted P3 [NULL] " + std::string(kNpn1) + " NULL 1"));
  EXPECT_THAT(texts("SELECT previous_person_id || ' ' || previous_lifecycle || ' ' ||"
                    " previous_start_date FROM tis_events WHERE subject = 'P3'"),
              ElementsAre("Y APPROVED 2026-12-02"));
  EXPECT_THAT(texts("SELECT person_id || ' ' || surname || ' ' || ni_number FROM people"
                    " ORDER BY person_id"),
              ElementsAre("X Married AB123456C", "Y Surname of Y AB123456C"));
  EXPECT_THAT(
      texts("SELECT placement_id || ' ' || npn || ' ' || wte || ' ' || present"
            " FROM tis_placements ORDER BY placement_id"),
      ElementsAre("P1 " + std::string(kNpn2) + " 0.5 1", "P2 " + std::string(kNpn1) + " 1 1",
                  "P3 " + std::string(kNpn1) + " 1 0", "P4 " + std::string(kNpn1) + " 1 1"));

  // Nothing changes: nothing recorded.
  auto again = placements("2026-11-25", {p1, p2, placement("P4", kNpn1, "Y")});
  EXPECT_THAT(again, IsEmpty());
}

}  // namespace
}  // namespace esr::state
