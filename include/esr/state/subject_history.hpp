#pragma once
// What the state says happened to a placement, a post and a position, for `esrd trace`: the rows
// of the TIS snapshot, the positions, the applicants and notifications made of them, the
// exclusions and the TIS events, each with the bookkeeping a trace tells of. Read only; the
// files' side is state/file_history.hpp.
//
// A trace shows a placement's own attributes and its person's id (shown_columns()), never a
// personal value: the person is read for the checks and the applicant rule only.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/state/applicant_state.hpp"
#include "esr/state/exclusions.hpp"
#include "esr/state/notification_state.hpp"
#include "esr/state/records.hpp"

namespace esr::state {

/// The placement columns a trace may show, in the order it shows them: the placement's own
/// attributes and the person's id.
[[nodiscard]] std::span<const std::string_view> shown_columns();
/// Whether a trace may show `column` of a placement (one of shown_columns()).
[[nodiscard]] bool is_shown(std::string_view column);
/// The value of `column` of `placement` when a trace may show it; nullopt for any other column.
[[nodiscard]] std::optional<std::string> shown_field(const Placement& placement,
                                                     std::string_view column);

/// A placement (tis_placements) with the files that first and last gave it.
struct PlacementRow {
  std::string id, npn, office;
  bool present = false;  // in the latest extract of its office
  std::optional<std::int64_t> first_file, last_file;
  std::optional<Placement> view;  // with its person; nullopt when its dates do not parse
};

/// A position (positions) with the RMF/RMC files that created it and last changed it.
struct PositionRow {
  std::int64_t id = 0;
  std::string office, deanery;
  bool deleted = false, matched = false;
  std::int64_t created_file = 0, changed_file = 0;
  Position view;  // with the POR and POS fields kept, for the checks
};

/// An applicant (applicants), with what happened to it; never its APP record's values.
struct ApplicantRow {
  std::string placement_id;
  std::int64_t position_id = 0;
  std::string office, reason, generated_on;
  ApplicantState state = ApplicantState::to_export;
  std::optional<std::int64_t> export_file, export_ordinal, confirmed_file;
  std::string exported_at, esr_message, esr_message_type, applicant_number, created_at, updated_at;
  std::string warnings;    // what the record goes without ("Address left out: ..."), or empty
  bool held_back = false;  // past the per-position limit of one APP: goes in a later run
};

/// A notification (notifications), with what happened to it; never its NOT record's values.
struct NotificationRow {
  std::string office, business_date, file_type, title, npn, placement_id, cause, esr_reason,
      created_at;
  NotificationState state = NotificationState::pending;
  std::optional<std::int64_t> position_id, export_file, export_ordinal, confirmed_file;
};

/// A TIS event (tis_events) of a placement or a post.
struct TisEventRow {
  std::int64_t id = 0, file_id = 0;
  std::string business_date, office, kind, subject;
  std::string changes;                // the changed columns, comma-separated, or empty
  std::optional<Placement> previous;  // a placement event's row before (no person)
  bool processed = false;             // used for notifications
};

/// A TIS post (tis_posts).
struct PostRow {
  std::string office, status;
  bool present = false;  // in the latest extract of its office
  std::optional<std::int64_t> first_file;
};

/// The reads of one trace about placements, posts and positions, each in the order a trace
/// tells them. Make it inside a ReadSnapshot (state/read_snapshot.hpp) so that every read sees
/// one state.
class SubjectHistory {
 public:
  explicit SubjectHistory(db::Database& db) : db_(db) {}

  [[nodiscard]] std::optional<PlacementRow> placement(const std::string& placement_id);
  /// By start date, then id.
  [[nodiscard]] std::vector<PlacementRow> placements_of_person(const std::string& person_id);
  /// By start date, then id.
  [[nodiscard]] std::vector<PlacementRow> placements_on_post(const std::string& npn);

  [[nodiscard]] std::optional<PositionRow> position(std::int64_t position_id);
  /// The positions whose deanery number is `npn`, by id.
  [[nodiscard]] std::vector<PositionRow> positions_on_post(const std::string& npn);

  /// Applicants in the order they were sent (those not sent first), then by position and
  /// placement.
  [[nodiscard]] std::vector<ApplicantRow> applicants_of_placement(const std::string& placement_id);
  [[nodiscard]] std::vector<ApplicantRow> applicants_on_position(std::int64_t position_id);
  [[nodiscard]] std::vector<ApplicantRow> applicants_sent_in(std::int64_t file_id);

  /// Notifications in the order they were raised.
  [[nodiscard]] std::vector<NotificationRow> notifications_of_placement(
      const std::string& placement_id);
  [[nodiscard]] std::vector<NotificationRow> notifications_on_post(const std::string& npn);
  [[nodiscard]] std::vector<NotificationRow> notifications_on_position(std::int64_t position_id);
  [[nodiscard]] std::vector<NotificationRow> notifications_sent_in(std::int64_t file_id);

  /// The placement's exclusion (local_office "" when none was named), if it is excluded.
  [[nodiscard]] std::optional<Exclusion> exclusion(const std::string& placement_id);

  /// The placement's created, changed and deleted events, oldest first.
  [[nodiscard]] std::vector<TisEventRow> placement_events(const std::string& placement_id);
  /// The post's created, removed and inactive events, oldest first.
  [[nodiscard]] std::vector<TisEventRow> post_events(const std::string& npn);

  [[nodiscard]] std::optional<PostRow> post(const std::string& npn);

  /// The date of the office's first TIS snapshot (its baseline), if one was loaded.
  [[nodiscard]] std::optional<std::string> baseline_date(const std::string& office);

 private:
  db::Database& db_;
};

}  // namespace esr::state
