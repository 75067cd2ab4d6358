// state/positions: the writes of an RMT file to positions and person_records, the went_live flags
// turned into position_live events, and the rematch after the TIS posts change.
#include "esr/state/positions.hpp"

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

constexpr const char* kPostA = "EMD/RWEAA/300/STR/001";
constexpr const char* kPostB = "EMD/RWEAA/300/STR/002";
constexpr const char* kPostC = "EMD/RWEAA/300/STR/003";

PorFields por_fields(const std::string& tag) {
  PorFields por;
  for (const auto& column : kPorColumns) por.*column.member = tag + "-" + std::string(column.ref);
  return por;
}

PosFields pos_fields(const std::string& tag) {
  PosFields pos;
  for (const auto& column : kPosColumns) pos.*column.member = tag + "-" + std::string(column.ref);
  return pos;
}

class Positions : public test::StateDb {
 protected:
  void post(const std::string& npn, bool present = true) {
    auto upsert = db_.prepare(
        "INSERT INTO tis_posts(npn, local_office, present) VALUES (?1, 'EMD', ?2)"
        " ON CONFLICT(npn) DO UPDATE SET present = excluded.present");
    upsert.bind(1, npn).bind(2, present ? 1 : 0);
    upsert.run();
  }

  void baseline(const std::string& office, const std::string& date) {
    auto insert = db_.prepare(
        "INSERT INTO tis_baselines(local_office, file_id, business_date) VALUES (?1, ?2, ?3)");
    insert.bind(1, office).bind(2, add_file("TIS_POSTS", date)).bind(3, date);
    insert.run();
  }

  // Runs `write` with the writes of `file` (of `office`) in one committed transaction.
  template <class Write>
  void in_file(std::int64_t file, const std::string& office, Write write) {
    db::Transaction transaction(db_);
    PositionWrites writes(transaction, file, office);
    write(writes);
    transaction.commit();
  }

  // Every column of a position but its id and the time it changed, "|"-separated.
  std::string row(std::int64_t id) {
    auto select = db_.prepare("SELECT * FROM positions WHERE position_id = ?1");
    select.bind(1, id);
    if (!select.step()) return "none";
    auto names = db_.prepare("SELECT name FROM pragma_table_info('positions') ORDER BY cid");
    std::string out;
    for (int column = 0; names.step(); ++column) {
      auto name = names.column_text(0);
      if (name == "position_id" || name == "changed_at") continue;
      out += name + "=" + (select.column_is_null(column) ? "NULL" : select.column_text(column));
      out += "|";
    }
    return out;
  }

  std::string flags(std::int64_t id) {
    return texts("SELECT deleted || matched || went_live FROM positions WHERE position_id = " +
                 std::to_string(id))
        .at(0);
  }
};

TEST_F(Positions, AnUpsertKeepsTheRecordsColumnsAndMatchesOnAPresentPost) {
  post(kPostA);
  auto file = add_file("RMF", "2026-11-23");
  in_file(file, "EMD", [](auto& w) {
    w.upsert({101, kPostA, "41000101"}, por_fields("a"));
    w.upsert({102, kPostB, ""}, pos_fields("b"));
  });
  EXPECT_EQ(flags(101), "011");  // live, matched, gone live
  EXPECT_EQ(flags(102), "000");  // no post: unmatched
  EXPECT_THAT(texts("SELECT local_office || ' ' || deanery_number || ' ' || position_number || ' '"
                    " || has_por || has_pos || ' ' || title || ' ' || location || ' ' ||"
                    " created_file_id || changed_file_id FROM positions WHERE position_id = 101"),
              ElementsAre("EMD " + std::string(kPostA) + " 41000101 10 a-T_POR06 a-T_POR13 " +
                          std::to_string(file) + std::to_string(file)));
  EXPECT_THAT(texts("SELECT coalesce(position_number, 'NULL') || ' ' || has_por || has_pos || ' '"
                    " || staff_group || ' ' || workplace_org || ' [' || title || ']'"
                    " FROM positions WHERE position_id = 102"),
              ElementsAre("NULL 01 b-T_POS06 b-T_POS16 []"));
  EXPECT_THAT(texts("SELECT count(*) FROM positions WHERE changed_at = ''"), ElementsAre("0"));
}

TEST_F(Positions, AnEmptyPositionNumberKeepsTheOneKnown) {
  auto first = add_file("RMF", "2026-11-23");
  auto second = add_file("RMC", "2026-11-24");
  in_file(first, "EMD", [](auto& w) { w.upsert({101, kPostA, "41000101"}, por_fields("a")); });
  in_file(second, "EMD", [](auto& w) { w.upsert({101, kPostB, ""}, pos_fields("b")); });
  EXPECT_THAT(texts("SELECT position_number || ' ' || deanery_number || ' ' || has_por || has_pos"
                    " || ' ' || title || ' ' || staff_group || ' ' || created_file_id ||"
                    " changed_file_id FROM positions"),
              ElementsAre("41000101 " + std::string(kPostB) + " 11 a-T_POR06 b-T_POS06 " +
                          std::to_string(first) + std::to_string(second)));
}

// The one-write pair leaves what the POR's upsert then the POS's would, whatever the position
// was before (unknown, on another post, deleted, live and matched), the POR taken with the POS's
// deanery number: the two records of a position name the same post.
TEST_F(Positions, APairIsAPorThenAPos) {
  post(kPostA);
  baseline("EMD", "2026-11-22");
  auto before = add_file("RMF", "2026-11-23");
  auto file = add_file("RMC", "2026-11-24");
  const auto date = *spec::BusinessDate::from_iso("2026-11-24");
  struct Case {
    const char* name;
    void (*prepare)(PositionWrites&, std::int64_t id);
  };
  const std::vector<Case> cases = {{"unknown", [](PositionWrites&, std::int64_t) {}},
                                   {"on another post",
                                    [](PositionWrites& w, std::int64_t id) {
                                      w.upsert({id, kPostB, "9"}, por_fields("old"));
                                    }},
                                   {"deleted",
                                    [](PositionWrites& w, std::int64_t id) {
                                      w.upsert({id, kPostA, "9"}, pos_fields("old"));
                                      w.mark_deleted({id, kPostA, ""});
                                    }},
                                   {"live and matched", [](PositionWrites& w, std::int64_t id) {
                                      w.upsert({id, kPostA, "9"}, por_fields("old"));
                                    }}};
  // The POR and POS of one position, their deanery and position numbers differing.
  const std::vector<std::pair<PositionRecord, PositionRecord>> records = {
      {{0, kPostB, "41000101"}, {0, kPostA, ""}},
      {{0, kPostA, ""}, {0, kPostB, "41000102"}},
      {{0, kPostA, "41000101"}, {0, kPostA, "41000102"}},
      {{0, kPostB, ""}, {0, kPostB, ""}}};
  std::int64_t id = 1;
  for (const auto& c : cases) {
    for (auto [por, pos] : records) {
      const auto pair_id = id++, single_id = id++;
      const auto context = ::testing::Message()
                           << c.name << ": POR " << por.deanery_number << " " << por.position_number
                           << ", POS " << pos.deanery_number << " " << pos.position_number;
      {
        db::Transaction transaction(db_);
        PositionWrites writes(transaction, before, "EMD");
        c.prepare(writes, pair_id);
        c.prepare(writes, single_id);
        record_live_positions(transaction, before, *spec::BusinessDate::from_iso("2026-11-22"));
        transaction.commit();
      }
      db::Transaction transaction(db_);
      PositionWrites writes(transaction, file, "EMD");
      por.position_id = pos.position_id = pair_id;
      writes.upsert(por, por_fields("p"), pos, pos_fields("s"));
      por.position_id = pos.position_id = single_id;
      por.deanery_number = pos.deanery_number;
      writes.upsert(por, por_fields("p"));
      writes.upsert(pos, pos_fields("s"));
      EXPECT_EQ(row(pair_id), row(single_id)) << context;
      auto events = record_live_positions(transaction, file, date);
      transaction.commit();
      EXPECT_NE(row(pair_id), "none");
      EXPECT_EQ(row(pair_id), row(single_id)) << context;
      EXPECT_EQ(events % 2, 0) << context;  // both or neither
      EXPECT_EQ(number("SELECT count(*) FROM tis_events WHERE subject IN (" +
                       std::to_string(pair_id) + ", " + std::to_string(single_id) + ")"),
                events)
          << context;
    }
  }
}

TEST_F(Positions, ADeleteKeepsAKnownPositionAndRecordsAnUnknownOneDeletedAndUnmatched) {
  post(kPostA);
  auto first = add_file("RMF", "2026-11-23");
  auto second = add_file("RMC", "2026-11-24");
  in_file(first, "EMD", [](auto& w) { w.upsert({101, kPostA, "41000101"}, por_fields("a")); });
  in_file(second, "EMD", [](auto& w) {
    w.mark_deleted({101, kPostB, ""});
    w.mark_deleted({102, kPostA, "41000102"});
  });
  EXPECT_THAT(texts("SELECT position_id || ' ' || deleted || matched || ' ' || deanery_number ||"
                    " ' ' || coalesce(position_number, 'NULL') || ' [' || title || '] ' ||"
                    " created_file_id || changed_file_id FROM positions ORDER BY position_id"),
              ElementsAre("101 11 " + std::string(kPostA) + " 41000101 [a-T_POR06] " +
                              std::to_string(first) + std::to_string(second),
                          "102 10 " + std::string(kPostA) + " 41000102 [] " +
                              std::to_string(second) + std::to_string(second)));
}

TEST_F(Positions, TheEndOfAnRmfDeletesTheLivePositionsOfItsOfficeThatItDidNotWrite) {
  auto first = add_file("RMF", "2026-11-23");
  auto other_office = add_file("RMF", "2026-11-23");
  auto second = add_file("RMF", "2026-11-24");
  in_file(first, "EMD", [](auto& w) {
    for (std::int64_t id : {101, 102, 103}) w.upsert({id, kPostA, ""}, por_fields("a"));
    w.mark_deleted({103, kPostA, ""});
  });
  in_file(other_office, "KSS", [](auto& w) { w.upsert({201, kPostB, ""}, por_fields("k")); });
  db::Transaction transaction(db_);
  PositionWrites writes(transaction, second, "EMD");
  writes.upsert({101, kPostA, ""}, pos_fields("a"));
  EXPECT_EQ(writes.mark_unmentioned_deleted(), 1);
  transaction.commit();
  EXPECT_THAT(
      texts("SELECT position_id || ' ' || deleted || ' ' || changed_file_id"
            " FROM positions ORDER BY position_id"),
      ElementsAre("101 0 " + std::to_string(second), "102 1 " + std::to_string(second),
                  "103 1 " + std::to_string(first), "201 0 " + std::to_string(other_office)));
}

TEST_F(Positions, GoneLiveBecomesAnEventOnlyAfterTheOfficesBaselineAndEveryFlagIsCleared) {
  post(kPostA);
  baseline("EMD", "2026-11-23");
  auto file = add_file("RMC", "2026-11-24");
  db::Transaction transaction(db_);
  PositionWrites emd(transaction, file, "EMD");
  emd.upsert({103, kPostA, ""}, por_fields("a"));
  emd.upsert({101, kPostA, ""}, por_fields("a"));
  emd.upsert({102, kPostA, ""}, por_fields("a"));
  emd.mark_deleted({102, kPostA, ""});  // flagged, but deleted again: no event
  PositionWrites(transaction, file, "KSS")
      .upsert({201, kPostA, ""}, por_fields("k"));  // no baseline
  EXPECT_EQ(record_live_positions(transaction, file, *spec::BusinessDate::from_iso("2026-11-24")),
            2);
  transaction.commit();
  EXPECT_THAT(texts("SELECT file_id || ' ' || business_date || ' ' || local_office || ' ' || kind"
                    " || ' ' || subject FROM tis_events ORDER BY id"),
              ElementsAre(std::to_string(file) + " 2026-11-24 EMD position_live 101",
                          std::to_string(file) + " 2026-11-24 EMD position_live 103"));
  EXPECT_EQ(number("SELECT count(*) FROM positions WHERE went_live != 0"), 0);
}

TEST_F(Positions, NoEventOnTheBaselineDate) {
  post(kPostA);
  baseline("EMD", "2026-11-23");
  auto file = add_file("RMC", "2026-11-23");
  db::Transaction transaction(db_);
  PositionWrites(transaction, file, "EMD").upsert({101, kPostA, ""}, por_fields("a"));
  EXPECT_EQ(record_live_positions(transaction, file, *spec::BusinessDate::from_iso("2026-11-23")),
            0);
  transaction.commit();
  EXPECT_THAT(texts("SELECT kind FROM tis_events"), IsEmpty());
  EXPECT_EQ(flags(101), "010");
}

TEST_F(Positions, RematchWritesOnlyThePositionsWhoseMatchFlips) {
  post(kPostA);
  post(kPostC);
  baseline("EMD", "2026-11-23");
  auto rmf = add_file("RMF", "2026-11-23");
  {
    db::Transaction transaction(db_);
    PositionWrites writes(transaction, rmf, "EMD");
    writes.upsert({101, kPostA, ""}, por_fields("a"));  // matched
    writes.upsert({102, kPostB, ""}, por_fields("b"));  // unmatched
    writes.upsert({103, kPostB, ""}, por_fields("b"));
    writes.mark_deleted({103, kPostB, ""});             // unmatched and deleted
    writes.upsert({104, kPostC, ""}, por_fields("c"));  // matched, stays so
    record_live_positions(transaction, rmf, *spec::BusinessDate::from_iso("2026-11-23"));
    transaction.commit();
  }
  post(kPostA, false);
  post(kPostB);
  auto posts = add_file("TIS_POSTS", "2026-11-24");
  db::Transaction transaction(db_);
  auto counts = rematch_positions(transaction, posts, *spec::BusinessDate::from_iso("2026-11-24"));
  transaction.commit();
  EXPECT_EQ(counts.changed, 3);
  EXPECT_EQ(counts.position_live, 1);
  EXPECT_EQ(flags(101), "000");
  EXPECT_EQ(flags(102), "010");
  EXPECT_EQ(flags(103), "110");
  EXPECT_EQ(flags(104), "010");
  EXPECT_THAT(texts("SELECT subject || ' ' || business_date FROM tis_events"),
              ElementsAre("102 2026-11-24"));
}

TEST_F(Positions, PersonRecordsAreKeptAsReceived) {
  auto file = add_file("RMC", "2026-11-23");
  db::Transaction transaction(db_);
  PersonRecordWrites persons(transaction, file);
  persons.add({3, "PER", "PER|1|x"});
  persons.add({7, "ASG", "ASG|2|y"});
  transaction.commit();
  EXPECT_THAT(texts("SELECT file_id || ' ' || ordinal || ' ' || record_type || ' ' || raw"
                    " FROM person_records ORDER BY id"),
              ElementsAre(std::to_string(file) + " 3 PER PER|1|x",
                          std::to_string(file) + " 7 ASG ASG|2|y"));
}

}  // namespace
}  // namespace esr::state
