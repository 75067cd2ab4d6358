#pragma once
// Notifications to ESR (NOT records): DNC files with the day's changes, DNF on request with the
// full picture of one local office. The rules as implemented are in docs/notifications.md.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "esr/db/transaction.hpp"
#include "esr/outbound/publisher.hpp"
#include "esr/outbound/rtc_export.hpp"
#include "esr/outbound/rule_facts.hpp"
#include "esr/spec/schema_registry.hpp"

namespace esr::outbound {

struct NotificationRules {
  /// The 13-week window: a placement is a next incumbent on day D when D < start < D + window
  /// (the upper bound of the applicant window), so it enters the window on start - (window - 1).
  int window_days = 91;
  /// Local office code -> name (reference list local_offices), for S_NOT04 of a type 5. An
  /// office without a name leaves S_NOT04 empty.
  std::map<std::string, std::string> office_names{};
};

struct NotificationCounts {
  std::int64_t events = 0;  // TIS events consumed (marked processed)
  std::int64_t stored = 0;  // new pending DNC notifications
  std::int64_t type1 = 0, type2 = 0, type4 = 0, type5 = 0;  // of `stored`, by title code
  std::int64_t duplicates = 0;    // identical to one already held for the office: not stored again
  std::int64_t held_invalid = 0;  // failed the NOT record spec: logged once, not stored
};

/// Brings the DNC notifications up to date for business date `date` (DESIGN §7), inside the
/// caller's transaction:
/// - consumes every unprocessed tis_events row dated on or before `date` (marking it processed):
///   a new post gives a type 5; a placement created, approved, or whose dates change (not yet
///   sent as an applicant) gives a type 1 when it is current or in the window; a placement
///   already sent as an applicant gives a type 4 and a type 1 when its dates change, and a
///   type 2 (reason 3) and a type 1 when it is deleted; a WTE change alone gives one type 1;
///   a position gone live late (position_live) gives a type 1 for each pair of its post whose
///   placement has none on it yet; a post removed or made INACTIVE gives each of its positions
///   not deleted by ESR one type 1 with S_NOT45 `DEL` and no trainee;
/// - evaluates the date-driven triggers for every day since the last evaluated one (at most
///   `window_days` back, never on or before the office's baseline): a placement entering the
///   window, the incumbent changing on rotation day, a post falling vacant.
/// Type 1, 2 and 4 are raised once per live, matched position of the post (host and lead each
/// get one); a type 5 is about the post. Every record is checked against the NOT record spec;
/// an invalid one is logged (placement id, NPN, field, rule; never a personal value), counted as
/// held_invalid and not stored. A valid one is stored pending with its NOT record line as the
/// DNC will write it (the line is what is kept, not the values). A notification whose line is
/// identical to one already pending for the office is not stored twice. Never logs personal
/// values.
NotificationCounts generate_notifications(db::Transaction& transaction,
                                          const spec::FileSpec& notification_spec,
                                          const spec::BusinessDate& date,
                                          const NotificationRules& rules);

/// One DNC per local office (only scope.local_office when set) holding its pending DNC
/// notifications, ordered by position id (type 5 last) and then by the order they were raised:
/// each one's line exactly as stored when it was raised. Each notification is marked exported
/// with the file id and its 1-based ordinal, in the transaction that reserves the file, so a
/// second run sends nothing twice.
/// Returns the reserved files; the caller publishes.
std::vector<Reserved> export_dnc(db::Database& db, Publisher& publisher,
                                 const spec::FileSpec& notification_spec, const ExportScope& scope);

/// The full notification file of scope.local_office (required: throws std::invalid_argument
/// without it) for scope.date: for every live, matched position of the office, ordered by
/// position id, one type 1 per current/next incumbent pair, lone current or lone next. The
/// records are stored as DNF notifications and marked exported in the transaction that
/// reserves the file. A DNF already sent for the same office and date is not sent again (the
/// archive keeps the copy): nothing is written and a warning names the file.
std::vector<Reserved> export_dnf(db::Database& db, Publisher& publisher,
                                 const spec::FileSpec& notification_spec, const ExportScope& scope,
                                 const NotificationRules& rules = {});

// ---- Building blocks, public for the tests -------------------------------------------------

/// A current incumbent, a next incumbent, or both (neither only for a withdrawal that leaves
/// nobody at the site).
struct IncumbentPair {
  std::optional<Placement> current;
  std::optional<Placement> next;
};

/// The pairs of a post's placements on `as_of` (rules::pairing): its eligible current
/// incumbents and its next ones within `window_days`.
[[nodiscard]] std::vector<IncumbentPair> incumbent_pairs(const std::vector<Placement>& post,
                                                         const spec::BusinessDate& as_of,
                                                         int window_days);

/// The pair of `post` that holds `subject` on `as_of`, `subject` put on its side even outside
/// the window (current when it has started, else next) and eligible or not; nullopt when none.
[[nodiscard]] std::optional<IncumbentPair> pair_of(const std::vector<Placement>& post,
                                                   const Placement& subject,
                                                   const spec::BusinessDate& as_of,
                                                   int window_days);

/// The pair a type 1 names after `withdrawn` is deleted from `post`
/// (rules::pair_after_withdrawal); neither when nobody is left at its site.
[[nodiscard]] IncumbentPair pair_after_withdrawal(const std::vector<Placement>& post,
                                                  const Placement& withdrawn,
                                                  const spec::BusinessDate& as_of, int window_days);

/// What a rotation day does on a post (rules::rotation_day), as the pairs its type 1s name.
struct RotationPairs {
  std::vector<IncumbentPair> handovers;  // an arrival with the leaver it follows, if any
  std::vector<IncumbentPair> vacated;    // a leaver alone, when the post falls vacant
};

/// The handovers and vacancy of `post` on rotation day `day`.
[[nodiscard]] RotationPairs rotation_pairs(const std::vector<Placement>& post,
                                           const spec::BusinessDate& day);

/// A WTE to one decimal place, rounding half up on the decimal text ("0.75" -> "0.8", "0.25" ->
/// "0.3", "1" -> "1.0"); empty for an empty or non-numeric value.
[[nodiscard]] std::string format_wte(std::string_view wte);

/// The first `max_chars` characters of UTF-8 text (never cutting a character).
[[nodiscard]] std::string truncate_chars(std::string_view text, std::size_t max_chars);

/// S_NOT02 from T_POR11: the value when it is all digits, else its leading digits when they are
/// followed by a space ("060 North East Wales NHS Trust" -> "060"), else the value unchanged
/// (which the N(3) check then refuses).
[[nodiscard]] std::string notification_vpd(std::string_view por_vpd);

/// S_NOT13 from T_POR09: 'Host Employer' -> 'Host', 'Lead Employer' -> 'Lead'.
[[nodiscard]] std::string host_or_lead(std::string_view por_host_lead);

}  // namespace esr::outbound
