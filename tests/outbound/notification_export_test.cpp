// DNC and DNF files: content, order, marking, and nothing sent twice. Full-load scenarios of
// spec/tis-business-rules.md §5 (2 to 7) are DNF snapshots here.
#include <gtest/gtest.h>

#include <algorithm>

#include "esr/db/migrations.hpp"
#include "esr/dialect/record_writer.hpp"
#include "esr/ops/data_dir.hpp"
#include "notification_fixture.hpp"

namespace esr::outbound {
namespace {

using test_support::NotificationFixture;
using test_support::PlacementRow;
using test_support::StoredNotification;

class NotificationExport : public NotificationFixture {
 protected:
  NotificationExport() : data_{folder_.path() / "data"} { data_.create_layout(); }

  void SetUp() override {
    baseline();
    post(npn);
    position({});
  }

  PlacementRow row(const std::string& id, long start, long end,
                   const std::string& site = "S1") const {
    PlacementRow p;
    p.id = id;
    p.start = day(start);
    p.end = day(end);
    p.site_code = site;
    return p;
  }

  ExportScope scope(std::optional<std::string> office) const {
    ExportScope s;
    s.date = today_;
    s.local_office = std::move(office);
    return s;
  }

  std::vector<Reserved> dnf(const std::string& office = "EOE") {
    Publisher publisher(db_, data_);
    auto reserved = export_dnf(db_, publisher, spec_, scope(office));
    publisher.publish_pending();
    return reserved;
  }

  std::vector<Reserved> dnc(std::optional<std::string> office = std::nullopt,
                            bool write_empty = false) {
    Publisher publisher(db_, data_);
    auto s = scope(std::move(office));
    s.write_empty_files = write_empty;
    auto reserved = export_dnc(db_, publisher, spec_, s);
    publisher.publish_pending();
    return reserved;
  }

  std::vector<std::string> lines_of(const Reserved& file) const {
    auto content = read_file(data_.outbox() / file.name);
    std::vector<std::string> lines;
    std::size_t from = 0;
    for (auto end = content.find("\r\n"); end != std::string::npos;
         end = content.find("\r\n", from)) {
      lines.push_back(content.substr(from, end - from));
      from = end + 2;
    }
    EXPECT_EQ(from, content.size()) << "every line ends in CRLF";
    return lines;
  }

  std::size_t outbox_count() const {
    std::size_t count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(data_.outbox())) {
      count += entry.path().filename().string().starts_with(".") ? 0 : 1;
    }
    return count;
  }

  // The file's lines are the stored lines of its notifications, by ordinal.
  void expect_marked(const Reserved& file, const std::vector<StoredNotification>& list) {
    auto lines = lines_of(file);
    std::size_t found = 0;
    for (const auto& n : list) {
      if (n.file_id != file.file_id) continue;
      ++found;
      EXPECT_EQ(n.state, "exported");
      ASSERT_TRUE(n.ordinal.has_value());
      ASSERT_LE(static_cast<std::size_t>(*n.ordinal), lines.size());
      EXPECT_EQ(lines[static_cast<std::size_t>(*n.ordinal - 1)], n.line);
    }
    EXPECT_EQ(found, lines.size());
  }

  ops::DataDir data_;
};

TEST_F(NotificationExport, Scenario02_DnfWithNoPlacementsWritesNoFile) {
  EXPECT_TRUE(dnf().empty());
  EXPECT_EQ(outbox_count(), 0U);
}

TEST_F(NotificationExport, Scenario03_DnfOneCurrentPlacement) {
  placement(row("301", -30, 60));
  auto files = dnf();
  ASSERT_EQ(files.size(), 1U);
  EXPECT_EQ(files[0].name, "DE_EOE_DNF_20261123_00000001.DAT");
  auto list = stored("DNF");
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].title, "1");
  EXPECT_EQ(list[0].f(6), npn);
  EXPECT_EQ(list[0].f(16), "Surname301");
  EXPECT_EQ(list[0].f(43), "Y");
  EXPECT_EQ(list[0].ordinal, 1);
  expect_marked(files[0], list);
  EXPECT_TRUE(stored("DNC").empty());
}

TEST_F(NotificationExport, Scenario04_DnfPairsTheEarliestNextFirst) {
  // TCS paired the first in list order (futureA); esrd pairs the earliest start (futureB).
  placement(row("400", -30, 61));
  placement(row("401", 61, 150));  // futureA, +2 months
  placement(row("402", 30, 120));  // futureB, +1 month
  ASSERT_EQ(dnf().size(), 1U);
  auto list = stored("DNF");
  ASSERT_EQ(list.size(), 2U);
  EXPECT_EQ(list[0].f(16), "Surname400");
  EXPECT_EQ(list[0].f(21), "Surname402");
  EXPECT_EQ(list[1].f(16), "");
  EXPECT_EQ(list[1].f(21), "Surname401");
  EXPECT_EQ(list[1].f(43), "N");
}

TEST_F(NotificationExport, Scenario05_DnfVpdLookups) {
  std::string elsewhere = "EOE/RGT00/021/FY1/099";
  auto current = row("500", -30, 61);
  current.person = "trainee-current";
  auto future = row("501", 62, 150);
  future.person = "trainee-next";
  auto current_next = row("502", 62, 300);
  current_next.npn = elsewhere;
  current_next.person = "trainee-current";
  current_next.site_name = "Site Surgery 01";
  auto next_current = row("503", -60, 61);
  next_current.npn = elsewhere;
  next_current.person = "trainee-next";
  next_current.site_name = "Site Surgery 02";
  for (const auto& p : {current, future, current_next, next_current}) placement(p);
  ASSERT_EQ(dnf().size(), 1U);
  auto list = stored("DNF");
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].f(20), "Site Surgery 01");
  EXPECT_EQ(list[0].f(24), "Site Surgery 02");
}

TEST_F(NotificationExport, Scenario06_DnfTwoCurrentsOneNextPerSite) {
  placement(row("601", -60, 61));        // current1, S1
  placement(row("602", -30, 61));        // current2, S1
  placement(row("603", 61, 150));        // futureA, S1
  placement(row("604", 30, 150, "S2"));  // futureB, S2
  ASSERT_EQ(dnf().size(), 1U);
  auto list = stored("DNF");
  ASSERT_EQ(list.size(), 3U);
  EXPECT_EQ(list[0].f(16), "Surname601");
  EXPECT_EQ(list[0].f(21), "Surname603");
  EXPECT_EQ(list[1].f(16), "Surname602");
  EXPECT_EQ(list[1].f(21), "");
  EXPECT_EQ(list[2].f(16), "");
  EXPECT_EQ(list[2].f(21), "Surname604");
}

TEST_F(NotificationExport, Scenario07_DnfManagingOfficeIsTheNpnPrefix) {
  // TCS wrote the requested office; DESIGN §7 says the NPN before its first '/'.
  std::string london = "LDN/RV308/CPT/CTP/001";
  post(london);
  {
    auto r = position_row(8100171, london);
    r.office = "EOE";
    position(r);
  }
  auto p = row("701", -30, 60);
  p.npn = london;
  placement(p);
  ASSERT_EQ(dnf("EOE").size(), 1U);
  auto list = stored("DNF");
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].f(6), london);
  EXPECT_EQ(list[0].f(7), "LDN");
  EXPECT_EQ(list[0].office, "EOE");
}

TEST_F(NotificationExport, DnfSnapshotOfEveryLivePositionOfTheOffice) {
  std::string shared = "EOE/RGT00/800/GPST/004", loose = "EOE/RGT00/800/GPST/005",
              gone = "EOE/RGT00/800/GPST/006", kent = "KSS/RTPAA/300/STR/001",
              vacant_soon = "EOE/RGT00/800/GPST/007";
  {
    auto r = position_row(8100103, shared);
    r.host_lead = "Lead Employer";
    r.vpd = "314";
    position(r);
  }
  {
    auto r = position_row(8100102, shared);
    r.host_lead = "Host Employer";
    r.vpd = "256";
    position(r);
  }
  {
    auto r = position_row(8100104, loose);
    r.matched = false;
    position(r);
  }
  {
    auto r = position_row(8100105, gone);
    r.deleted = true;
    position(r);
  }
  position(position_row(8200201, kent));
  position(position_row(8100106, vacant_soon));
  placement(row("800", -30, 60));  // the default post, 8100101: lone current
  auto pair_current = row("801", -30, 60);
  pair_current.npn = shared;
  auto pair_next = row("802", 61, 200);
  pair_next.npn = shared;
  pair_next.wte = "0.6";
  auto ineligible_next = row("803", 61, 200);
  ineligible_next.npn = shared;
  ineligible_next.type = "OOPT";
  auto out_of_window = row("804", 91, 200);
  out_of_window.npn = shared;
  auto on_loose = row("805", -30, 60);
  on_loose.npn = loose;
  auto on_gone = row("806", -30, 60);
  on_gone.npn = gone;
  auto in_kent = row("807", -30, 60);
  in_kent.npn = kent;
  auto lone_next = row("808", 10, 200);
  lone_next.npn = vacant_soon;
  auto past = row("809", -200, -1);
  past.npn = vacant_soon;
  for (const auto& p : {pair_current, pair_next, ineligible_next, out_of_window, on_loose, on_gone,
                        in_kent, lone_next, past}) {
    placement(p);
  }
  auto files = dnf();
  ASSERT_EQ(files.size(), 1U);
  auto list = stored("DNF");
  ASSERT_EQ(list.size(), 4U);
  EXPECT_EQ(list[0].position_id, 8100101);
  EXPECT_EQ(list[0].f(16), "Surname800");
  EXPECT_EQ(list[0].f(43), "Y");
  EXPECT_EQ(list[1].position_id, 8100102);
  EXPECT_EQ(list[1].f(13), "Host");
  EXPECT_EQ(list[1].f(2), "256");
  EXPECT_EQ(list[1].f(16), "Surname801");
  EXPECT_EQ(list[1].f(21), "Surname802");
  EXPECT_EQ(list[1].f(42), "0.6");
  EXPECT_EQ(list[1].f(43), "N");
  EXPECT_EQ(list[2].position_id, 8100103);
  EXPECT_EQ(list[2].f(13), "Lead");
  EXPECT_EQ(list[2].f(2), "314");
  EXPECT_EQ(list[2].f(21), "Surname802");
  EXPECT_EQ(list[3].position_id, 8100106);
  EXPECT_EQ(list[3].f(16), "");
  EXPECT_EQ(list[3].f(21), "Surname808");
  for (std::size_t i = 0; i < list.size(); ++i) {
    EXPECT_EQ(list[i].title, "1");
    EXPECT_EQ(list[i].office, "EOE");
    EXPECT_EQ(list[i].ordinal, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(list[i].f(1), "NOT");
  }
  expect_marked(files[0], list);
  auto lines = lines_of(files[0]);
  EXPECT_TRUE(
      lines[0].starts_with("\"NOT\",256,\"1\",,41000101,\"EOE/RGT00/021/FY1/010\",\"EOE\","));
}

TEST_F(NotificationExport, DnfHoldsAnInvalidRecordAndSendsTheRest) {
  std::string other = "EOE/RGT00/800/GPST/004";
  {
    auto r = position_row(8100102, other);
    r.vpd = "";
    position(r);
  }
  placement(row("901", -30, 60));
  auto p = row("902", -30, 60);
  p.npn = other;
  placement(p);
  auto files = dnf();
  ASSERT_EQ(files.size(), 1U);
  auto list = stored("DNF");
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].position_id, 8100101);
  EXPECT_EQ(lines_of(files[0]).size(), 1U);
}

TEST_F(NotificationExport, DnfTwiceOnTheSameDateSendsNothingTwice) {
  placement(row("1001", -30, 60));
  ASSERT_EQ(dnf().size(), 1U);
  EXPECT_TRUE(dnf().empty());
  EXPECT_EQ(outbox_count(), 1U);
  EXPECT_EQ(stored("DNF").size(), 1U);
  today_ = today_.plus_days(1);  // another day: a new snapshot
  ASSERT_EQ(dnf().size(), 1U);
  EXPECT_EQ(outbox_count(), 2U);
}

TEST_F(NotificationExport, DnfRequiresAnOffice) {
  Publisher publisher(db_, data_);
  EXPECT_THROW((void)export_dnf(db_, publisher, spec_, scope(std::nullopt)), std::invalid_argument);
}

TEST_F(NotificationExport, DncExportMarksExportedAndTwiceSendsNothingTwice) {
  post("EOE/RGT00/021/FY1/099");
  event("post_created", "EOE/RGT00/021/FY1/099");
  created(row("1101", 30, 120));
  generate();
  auto files = dnc();
  ASSERT_EQ(files.size(), 1U);
  EXPECT_EQ(files[0].name, "DE_EOE_DNC_20261123_00000001.DAT");
  auto list = stored();
  ASSERT_EQ(list.size(), 2U);
  EXPECT_EQ(list[0].title, "1");
  EXPECT_EQ(list[1].title, "5");  // type 5 last
  EXPECT_EQ(list[1].ordinal, 2);
  expect_marked(files[0], list);
  // S_NOT07 then 35 empty fields (S_NOT08 to S_NOT42) before S_NOT43, then two empty ones.
  EXPECT_EQ(lines_of(files[0])[1], "\"NOT\",,\"5\",,,\"EOE/RGT00/021/FY1/099\",\"EOE\"" +
                                       std::string(36, ',') + "\"Y\",,");

  EXPECT_TRUE(dnc().empty());
  EXPECT_EQ(generate().stored, 0);  // the same day again: nothing new
  EXPECT_TRUE(dnc().empty());
  EXPECT_EQ(outbox_count(), 1U);
}

TEST_F(NotificationExport, DncOrdersByPositionWithType4And2BeforeTheirType1AndType5Last) {
  std::string first = "EOE/RGT00/021/FY1/001";
  post(first);
  position(position_row(8100100, first));
  auto gone = row("1201", 10, 200);
  gone.npn = first;
  gone.gmc = "9900106";
  sent(gone, 8100100);
  deleted(gone);
  post("EOE/RGT00/021/FY1/099");
  event("post_created", "EOE/RGT00/021/FY1/099");
  auto before = row("1202", 30, 120);
  sent(before, 8100101);
  auto after = before;
  after.start = day(40);
  changed(before, after, "start_date");
  generate();
  auto files = dnc();
  ASSERT_EQ(files.size(), 1U);
  auto list = stored();
  std::vector<std::string> titles;
  for (const auto& n : list) titles.push_back(n.title);
  EXPECT_EQ(titles, (std::vector<std::string>{"2", "1", "4", "1", "5"}));
  for (std::size_t i = 0; i < list.size(); ++i)
    EXPECT_EQ(list[i].ordinal, static_cast<std::int64_t>(i + 1));
  expect_marked(files[0], list);
}

TEST_F(NotificationExport, DncOnePerOfficeAndOnlyTheScopedOffice) {
  std::string kent = "KSS/RTPAA/300/STR/001";
  baseline("KSS");
  post(kent);
  position(position_row(8200201, kent));
  created(row("1301", 30, 120));
  auto in_kent = row("1302", 30, 120);
  in_kent.npn = kent;
  placement(in_kent);
  event("placement_created", "1302", {}, {}, std::nullopt, "KSS");
  generate();
  auto kss = dnc("KSS");
  ASSERT_EQ(kss.size(), 1U);
  EXPECT_EQ(kss[0].name, "DE_KSS_DNC_20261123_00000001.DAT");
  auto rest = dnc();
  ASSERT_EQ(rest.size(), 1U);
  EXPECT_EQ(rest[0].name, "DE_EOE_DNC_20261123_00000002.DAT");
  for (const auto& n : stored()) EXPECT_EQ(n.state, "exported");
}

TEST_F(NotificationExport, DncEmptyFileOnlyWhenConfigurationAsks) {
  EXPECT_TRUE(dnc().empty());
  auto files = dnc(std::nullopt, true);
  ASSERT_EQ(files.size(), 1U);
  EXPECT_EQ(files[0].name, "DE_EOE_DNC_20261123_00000001.DAT");
  EXPECT_TRUE(lines_of(files[0]).empty());
}

// Migration 7: notifications an older esrd stored pending (values as a JSON array, no line) go out
// in the next DNC exactly as that esrd would have written them, and as this one writes them.
TEST_F(NotificationExport, PendingNotificationsOfAnOlderStateExportTheSameBytesAfterMigration) {
  post("EOE/RGT00/021/FY1/099");
  event("post_created", "EOE/RGT00/021/FY1/099");
  auto quoted = row("1101", 30, 120);
  quoted.surname = "O'Brien, \"Jr\" R\xc3\xa9my";
  quoted.site_name = "Site, \"One\"";
  created(quoted);
  created(row("1102", 20, 110, "S2"));
  generate();
  auto raised = stored();
  ASSERT_EQ(raised.size(), 3U);

  // The same notifications as the older esrd kept them, in a state of its schema version, and
  // the bytes its export wrote for them: each record's values through append_record, then CRLF.
  const auto& record = *spec_.find_record("NOT");
  auto legacy_file = folder_.path() / "legacy.sqlite";
  std::string old_bytes;
  {
    auto legacy = db::Database::open(legacy_file);
    // Every migration before 7 (by version: other branches add 6 and 8).
    auto all = state::state_migrations();
    auto seven =
        std::find_if(all.begin(), all.end(), [](const db::Migration& m) { return m.version >= 7; });
    db::apply_migrations(legacy, all.first(static_cast<std::size_t>(seven - all.begin())));
    ASSERT_LT(db::schema_version(legacy), 7);
    auto insert = legacy.prepare(
        "INSERT INTO notifications(id, local_office, business_date, file_type, title_code, npn,"
        " position_id, placement_id, cause, fields, state, created_at)"
        " VALUES (?1, ?2, ?3, 'DNC', ?4, ?5, ?6, nullif(?7, ''), 'older esrd', ?8, 'pending',"
        " '2026-11-23T18:00:00Z')");
    for (const auto& n : raised) {
      std::vector<std::string> values;
      for (const auto& field : record.fields) values.push_back(n.by_ref.at(field.ref));
      auto json = legacy.prepare(
          "SELECT json_array(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
          " ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32,"
          " ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43, ?44, ?45)");
      ASSERT_EQ(values.size(), 45U);
      for (std::size_t i = 0; i < values.size(); ++i) json.bind(static_cast<int>(i + 1), values[i]);
      ASSERT_TRUE(json.step());
      insert.bind(1, n.id)
          .bind(2, n.office)
          .bind(3, today_.iso())
          .bind(4, n.title)
          .bind(5, n.f(6))
          .bind(6, n.position_id)
          .bind(7, n.placement_id)
          .bind(8, json.column_text(0));
      insert.run();
      std::string line;
      dialect::append_record(line, record, values);
      old_bytes += line + "\r\n";
    }
  }
  EXPECT_NE(old_bytes.find("\"O'Brien, \"\"Jr\"\" R\xc3\xa9my\""), std::string::npos);

  auto files = dnc();
  ASSERT_EQ(files.size(), 1U);
  EXPECT_EQ(read_file(data_.outbox() / files[0].name), old_bytes) << "this esrd's DNC";

  auto legacy = state::open_state(legacy_file, &schemas_);
  EXPECT_GE(db::schema_version(legacy), 7);
  ops::DataDir legacy_data{folder_.path() / "legacy-data"};
  legacy_data.create_layout();
  Publisher publisher(legacy, legacy_data);
  auto migrated = export_dnc(legacy, publisher, spec_, scope(std::nullopt));
  publisher.publish_pending();
  ASSERT_EQ(migrated.size(), 1U);
  EXPECT_EQ(migrated[0].name, files[0].name);
  EXPECT_EQ(read_file(legacy_data.outbox() / migrated[0].name), old_bytes)
      << "the migrated state's DNC is what the older esrd would have written";
}

// Duplicates are told by the stored line: the same record raised again while one is pending is
// not stored twice.
TEST_F(NotificationExport, TheSameLineRaisedAgainWhilePendingIsADuplicate) {
  created(row("1101", 30, 120));
  EXPECT_EQ(generate().stored, 1);
  event("placement_created", "1101");
  auto again = generate();
  EXPECT_EQ(again.stored, 0);
  EXPECT_EQ(again.duplicates, 1);
  ASSERT_EQ(stored().size(), 1U);
}

}  // namespace
}  // namespace esr::outbound
