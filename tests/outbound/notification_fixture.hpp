#pragma once
// A state database in a temporary folder, filled row by row with SQL, for the notification tests.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "esr/db/transaction.hpp"
#include "esr/dialect/field_splitter.hpp"
#include "esr/outbound/notifications.hpp"
#include "esr/spec/schema_registry.hpp"
#include "esr/state/state_schema.hpp"
#include "support/tis_rows.hpp"

namespace esr::test_support {

class TempFolder {
 public:
  TempFolder() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "esr-outbound-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw std::system_error(errno, std::generic_category(), "mkdtemp");
    path_ = pattern;
  }
  ~TempFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// One TIS placement row; the defaults make an eligible, APPROVED "In Post" at site S1.
struct PlacementRow {
  std::string id;
  std::string npn = "EOE/RGT00/021/FY1/010";
  std::string start;
  std::string end;
  std::string site_code = "S1";
  std::string site_name = "Site One Hospital";
  std::string person;  // default: "person-" + id
  std::string type = "In Post";
  std::string lifecycle = "APPROVED";
  std::string wte = "1";
  std::string surname;    // default: "Surname" + id
  std::string forenames;  // default: "Forename" + id
  std::string legal_surname;
  std::string legal_forenames;
  std::string gmc;
  std::string email;
  std::string grade = "ST3";

  [[nodiscard]] std::string json() const {
    nlohmann::json row = nlohmann::json::object();
    row["placement_id"] = id;
    row["npn"] = npn;
    row["placement_type"] = type;
    row["lifecycle"] = lifecycle;
    row["start_date"] = start;
    row["end_date"] = end;
    row["wte"] = wte;
    row["grade"] = grade;
    row["site_code"] = site_code;
    row["site_name"] = site_name;
    row["person_id"] = person.empty() ? "person-" + id : person;
    row["gmc_number"] = gmc;
    row["surname"] = surname.empty() ? "Surname" + id : surname;
    row["forenames"] = forenames.empty() ? "Forename" + id : forenames;
    row["legal_surname"] = legal_surname;
    row["legal_forenames"] = legal_forenames;
    row["email"] = email;
    return row.dump();
  }
};

/// A notification as stored.
struct StoredNotification {
  std::int64_t id = 0;
  std::string title;
  std::string office;
  std::optional<std::int64_t> position_id;
  std::string placement_id;
  std::string state;
  std::optional<std::int64_t> file_id, ordinal;
  std::string line;
  /// The line's values by field reference (S_NOT01...), read back with the NOT record.
  std::map<std::string, std::string> by_ref;
  /// The value of S_NOTnn.
  [[nodiscard]] const std::string& f(int s_not) const {
    return by_ref.at(fmt::format("S_NOT{:02}", s_not));
  }
};

class NotificationFixture : public ::testing::Test {
 protected:
  static constexpr const char* npn = "EOE/RGT00/021/FY1/010";

  NotificationFixture()
      : db_(state::open_state(folder_.path() / "esrd.sqlite")),
        schemas_(spec::SchemaRegistry::load(std::filesystem::path(ESRD_SOURCE_DIR) / "schemas")),
        spec_(*schemas_.for_file_type("DNC")) {
    db_.exec(
        "INSERT INTO files(id, name, direction, type, business_date, outcome, started_at)"
        " VALUES (1, 'fixture', 'in', 'TIS_POSTS', '2026-01-01', 'applied', "
        "'2026-01-01T00:00:00Z')");
  }

  /// today + n days, YYYY-MM-DD.
  [[nodiscard]] std::string day(long n) const { return today_.plus_days(n).iso(); }
  [[nodiscard]] std::string compact(long n) const { return today_.plus_days(n).compact(); }

  void baseline(const std::string& office = "EOE", std::optional<std::string> date = std::nullopt) {
    auto insert = db_.prepare(
        "INSERT OR REPLACE INTO tis_baselines(local_office, file_id, business_date) VALUES (?1, 1, "
        "?2)");
    insert.bind(1, office).bind(2, date.value_or(day(-7)));
    insert.run();
  }

  void post(const std::string& post_npn, bool present = true) {
    auto insert = db_.prepare(
        "INSERT OR REPLACE INTO tis_posts(npn, local_office, status, present) VALUES (?1, ?2, "
        "'CURRENT', ?3)");
    insert.bind(1, post_npn)
        .bind(2, post_npn.substr(0, post_npn.find('/')))
        .bind(3, present ? 1 : 0);
    insert.run();
  }

  struct PositionRow {
    std::int64_t id = 8100101;
    std::string npn = "EOE/RGT00/021/FY1/010";
    std::string host_lead = "Host Employer";
    std::string vpd = "256";
    std::string office;  // default: the NPN prefix
    bool matched = true;
    bool deleted = false;
    std::string title = "Foundation Year 1 Doctor";
    std::string occupation = "F1";
    std::string area = "300";
  };

  /// A position row of `position_npn`, to adjust before position().
  static PositionRow position_row(std::int64_t id, const std::string& position_npn = npn) {
    PositionRow row;
    row.id = id;
    row.npn = position_npn;
    return row;
  }

  void position(const PositionRow& row) {
    auto office = row.office.empty() ? row.npn.substr(0, row.npn.find('/')) : row.office;
    auto number = std::to_string(row.id + 32900000);
    auto insert = db_.prepare(
        "INSERT OR REPLACE INTO positions(position_id, local_office, deanery_number, "
        "position_number, has_por, title, managing_office, host_lead, ods_code, vpd, organisation,"
        " location, has_pos, staff_group, occupation_code, area_of_work, pos_managing_office,"
        " pos_ods_code, grade_trust, grade_payscale, grade_description, deleted, matched,"
        " created_file_id, changed_file_id, changed_at)"
        " VALUES (?1, ?2, ?3, ?4, 1, ?5, ?2, ?6, 'RGT', ?7, 'Medicine Division',"
        " 'Site One Hospital', 1, 'Medical and Dental', ?8, ?9, ?2, 'RGT', 'NHS', 'MS03', 'Grade',"
        " ?10, ?11, 1, 1, '2026-01-01T00:00:00Z')");
    insert.bind(1, row.id)
        .bind(2, office)
        .bind(3, row.npn)
        .bind(4, number)
        .bind(5, row.title)
        .bind(6, row.host_lead)
        .bind(7, row.vpd)
        .bind(8, row.occupation)
        .bind(9, row.area)
        .bind(10, row.deleted ? 1 : 0)
        .bind(11, row.matched ? 1 : 0);
    insert.run();
  }

  /// A placement in tis_placements, its person in people (no event).
  void placement(const PlacementRow& row, bool present = true) {
    test_support::put_placement(db_, nlohmann::json::parse(row.json()), present);
  }

  void event(const std::string& kind, const std::string& subject, const std::string& previous = {},
             const std::string& changes = {}, std::optional<std::string> date = std::nullopt,
             const std::string& office = "EOE") {
    test_support::put_event(db_, kind, subject, previous, changes, date.value_or(day(0)), office);
  }

  /// A placement created in TIS today.
  void created(const PlacementRow& row) {
    placement(row);
    event("placement_created", row.id);
  }
  /// A placement changed in TIS today.
  void changed(const PlacementRow& before, const PlacementRow& after, const std::string& changes) {
    placement(after);
    event("placement_changed", after.id, before.json(), changes);
  }
  /// A placement deleted in TIS today.
  void deleted(const PlacementRow& before) {
    placement(before, false);
    event("placement_deleted", before.id, before.json());
  }

  /// An applicant already sent to ESR for (placement, position) with these dates.
  void sent(const PlacementRow& row, std::int64_t position_id,
            const std::string& state = "EXPORTED") {
    auto insert = db_.prepare(
        "INSERT INTO applicants(placement_id, position_id, local_office, deanery_number, state,"
        " effective_date, start_date, end_date, created_at, updated_at)"
        " VALUES (?1, ?2, 'EOE', ?3, ?4, '2026-01-01', ?5, ?6, '2026-01-01T00:00:00Z',"
        " '2026-01-01T00:00:00Z')");
    insert.bind(1, row.id)
        .bind(2, position_id)
        .bind(3, row.npn)
        .bind(4, state)
        .bind(5, row.start)
        .bind(6, row.end);
    insert.run();
  }

  outbound::NotificationCounts generate(std::optional<spec::BusinessDate> date = std::nullopt) {
    db::Transaction transaction(db_);
    auto counts =
        outbound::generate_notifications(transaction, spec_, date.value_or(today_), rules_);
    transaction.commit();
    return counts;
  }

  /// Stored notifications of a file type, in export order.
  std::vector<StoredNotification> stored(const std::string& file_type = "DNC") {
    auto select = db_.prepare(
        "SELECT id, title_code, local_office, position_id, coalesce(placement_id, ''), state, "
        "export_file_id,"
        " export_ordinal, line FROM notifications WHERE file_type = ?1"
        " ORDER BY position_id IS NULL, position_id, id");
    select.bind(1, file_type);
    std::vector<StoredNotification> out;
    while (select.step()) {
      StoredNotification n;
      n.id = select.column_int64(0);
      n.title = select.column_text(1);
      n.office = select.column_text(2);
      n.position_id = select.column_optional_int64(3);
      n.placement_id = select.column_text(4);
      n.state = select.column_text(5);
      n.file_id = select.column_optional_int64(6);
      n.ordinal = select.column_optional_int64(7);
      n.line = select.column_text(8);
      const auto& record = *spec_.find_record("NOT");
      dialect::FieldSplitter splitter;
      EXPECT_FALSE(splitter.split(n.line).has_value()) << n.line;
      EXPECT_EQ(splitter.fields().size(), record.fields.size()) << n.line;
      for (std::size_t i = 0; i < record.fields.size() && i < splitter.fields().size(); ++i)
        n.by_ref[record.fields[i].ref] = std::string(splitter.fields()[i]);
      out.push_back(std::move(n));
    }
    return out;
  }

  static std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  test_support::TempFolder folder_;
  db::Database db_;
  spec::SchemaRegistry schemas_;
  const spec::FileSpec& spec_;
  spec::BusinessDate today_ = *spec::BusinessDate::from_iso("2026-11-23");
  outbound::NotificationRules rules_;
};

}  // namespace esr::test_support
