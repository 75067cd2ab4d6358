#pragma once
// What the notification engine reads of the TIS snapshot, the ESR positions and the applicants
// sent (outbound/notification_engine.cpp): reads only, as the typed records of
// state/records.hpp. The engine decides what they raise and caches what it reads again; the
// statements it asks per event or per post are prepared once here.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/spec/business_date.hpp"
#include "esr/state/records.hpp"
#include "esr/state/tis_snapshot.hpp"

namespace esr::state {

/// The dates ESR holds of an applicant sent: the projected hire and end dates (YYYY-MM-DD).
struct SentApplicantDates {
  std::string start_date, end_date;
};

/// The engine's reads by post, position, placement and person, each with one statement prepared
/// for the whole run.
class NotificationSources {
 public:
  explicit NotificationSources(db::Database& db);

  /// Every present placement of post `npn` with its person, eligible or not, in the order the
  /// extract stored them; one whose dates do not parse is left out.
  [[nodiscard]] std::vector<Placement> placements_of_post(std::string_view npn);
  /// The positions of post `npn` that are live (not deleted by ESR) and matched, by position id.
  [[nodiscard]] std::vector<Position> live_positions(std::string_view npn);
  /// The positions of post `npn` that ESR has not deleted, matched or not, by position id.
  [[nodiscard]] std::vector<Position> undeleted_positions(std::string_view npn);
  /// The post (deanery number) of position `position_id` when it is live and matched now.
  [[nodiscard]] std::optional<std::string> live_post_of(std::int64_t position_id);
  /// The dates of the latest applicant sent for the placement on the position, if one was sent
  /// (exported, whatever ESR answered).
  [[nodiscard]] std::optional<SentApplicantDates> sent_applicant(std::string_view placement_id,
                                                                 std::int64_t position_id);
  /// The person as the people table has them (empty when unknown).
  [[nodiscard]] Person person(std::string_view person_id);
  /// The placement with its person when the latest extract holds it and its dates parse.
  [[nodiscard]] std::optional<Placement> present_placement(std::string_view placement_id);
  /// The post when the latest extract holds it.
  [[nodiscard]] std::optional<TisPost> present_post(std::string_view npn);

 private:
  db::Statement post_placements_, live_positions_, undeleted_positions_, live_post_of_, sent_,
      person_, placement_, post_;
};

/// A present placement as the look-ups of a person's other placements read it: no post, no
/// person's details.
struct PlacementSpan {
  std::string id, person_id;
  spec::BusinessDate start, end;
  std::string site_name;
  std::string lifecycle, type;  // for the caller to judge eligibility
};

/// Gives `visit` every present placement whose dates parse, one at a time (a national extract
/// has hundreds of thousands), in the order the extract stored them.
void for_each_present_placement(db::Database& db,
                                const std::function<void(PlacementSpan&& placement)>& visit);

/// The present placements of `office` starting from `first` to `last` (inclusive) with their
/// people, by post then placement id; those whose dates do not parse are left out.
[[nodiscard]] std::vector<Placement> placements_starting(db::Database& db, std::string_view office,
                                                         const spec::BusinessDate& first,
                                                         const spec::BusinessDate& last);

/// A present placement's post and dates (nullopt: a date that does not parse).
struct PlacementTurn {
  std::string npn;
  std::optional<spec::BusinessDate> start, end;
};

/// The present placements of `office` that start in `starts` or end in `ends` (each an
/// inclusive first and last day), in no particular order.
[[nodiscard]] std::vector<PlacementTurn> placements_starting_or_ending(
    db::Database& db, std::string_view office,
    const std::pair<spec::BusinessDate, spec::BusinessDate>& starts,
    const std::pair<spec::BusinessDate, spec::BusinessDate>& ends);

/// The posts (deanery numbers) of `office` that have a live, matched position, in no particular
/// order.
[[nodiscard]] std::vector<std::string> posts_with_live_positions(db::Database& db,
                                                                 std::string_view office);

/// An office's TIS baseline: its first snapshot's business date, as stored (YYYY-MM-DD).
struct TisBaseline {
  std::string local_office, business_date;
};

/// Every office's TIS baseline, by office.
[[nodiscard]] std::vector<TisBaseline> tis_baselines(db::Database& db);

}  // namespace esr::state
