#pragma once
// The applicants table (docs/architecture.md, "Applicants"): one record per placement per
// position, generated from the TIS extract, written to an APP file, answered by an APC. The only
// place that writes it. What to write is decided by the callers (outbound/applicants.cpp, which
// asks rules/; inbound/confirmation_appliers.cpp): this module stores and fetches.
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/db/transaction.hpp"
#include "esr/spec/business_date.hpp"
#include "esr/state/applicant_state.hpp"
#include "esr/state/records.hpp"

namespace esr::state {

/// What identifies an applicant: its placement on its position.
struct ApplicantKey {
  std::string placement_id;
  std::int64_t position_id = 0;

  auto operator<=>(const ApplicantKey&) const = default;
};

// ---- generation ------------------------------------------------------------------------------

/// The applicants not yet sent that a new extract may still change or withdraw (TO_EXPORT and
/// INVALID_DATA), with their state.
[[nodiscard]] std::map<ApplicantKey, ApplicantState> unsent_applicants(db::Database& db);

/// An applicant as the generator makes it from a placement on a position.
struct GeneratedApplicant {
  ApplicantKey key;
  std::string local_office;
  std::string deanery_number;
  ApplicantState state = ApplicantState::to_export;  // or invalid_data
  std::string reason;    // why it is INVALID_DATA; empty: none (stored NULL)
  std::string warnings;  // what was repaired, "; "-separated; empty: none (stored NULL)
  spec::BusinessDate effective_date;  // the business date it was generated for
  spec::BusinessDate start_date;      // the placement's
  spec::BusinessDate end_date;        // the placement's
  std::string at;                     // UTC, as util::utc_now_iso() writes it
};

/// The generator's writes, one applicant at a time with prepared statements, in the caller's
/// transaction. A record not yet sent follows its placement; one sent is never changed.
class ApplicantGeneration {
 public:
  explicit ApplicantGeneration(db::Transaction& tx);

  /// Whether the applicant of `key` was sent (or answered): any state but TO_EXPORT,
  /// INVALID_DATA and DELETED_BEFORE_EXPORT.
  [[nodiscard]] bool was_sent(const ApplicantKey& key);

  /// Creates the applicant, or updates the one of its key while it is not sent (TO_EXPORT,
  /// INVALID_DATA, DELETED_BEFORE_EXPORT) and differs in state, reason, warnings, dates or
  /// deanery number; an update also releases it from being held back. Returns whether a row
  /// was written (false: it was sent, or already so).
  bool store(const GeneratedApplicant& applicant);

  /// Makes the applicant of `key` DELETED_BEFORE_EXPORT with `reason`, when it is TO_EXPORT or
  /// INVALID_DATA.
  void withdraw(const ApplicantKey& key, std::string_view reason, std::string_view at);

 private:
  db::Database& db_;
  db::Statement upsert_, sent_, withdraw_;
};

/// A placement of the current extract on a live, matched position of its post: what the
/// generator judges.
struct ApplicantCandidate {
  Position position;
  std::string placement_id;
  std::optional<Placement> placement;  // nullopt when its dates do not parse
};

/// Every present placement joined to the undeleted, matched positions of its post, by position
/// id then placement id: the rows the applicant rule is asked about (it decides; this only
/// narrows the rows to read).
class ApplicantCandidates {
 public:
  explicit ApplicantCandidates(db::Database& db);

  /// Steps to the next candidate: false after the last.
  [[nodiscard]] bool next();
  /// The current candidate.
  [[nodiscard]] ApplicantCandidate candidate() const;

 private:
  db::Statement select_;
};

// ---- export ----------------------------------------------------------------------------------

/// The offices with applicants TO_EXPORT, in order; with `office`, at most that one.
[[nodiscard]] std::vector<std::string> offices_to_export(db::Database& db,
                                                         const std::optional<std::string>& office);

/// Releases the TO_EXPORT applicants of `office` an earlier export held back, so that this one
/// judges them all again.
void release_held_back(db::Transaction& tx, std::string_view office);

/// An applicant TO_EXPORT, as its APP line is built again from the state: its position and its
/// placement with the person.
struct WaitingApplicant {
  std::int64_t id = 0;
  std::optional<spec::BusinessDate> effective_date;  // nullopt when the stored text is no date
  Position position;
  std::optional<Placement> placement;  // nullopt when the placement's dates do not parse
};

/// The TO_EXPORT applicants of one office that have their position and placement, held back or
/// not, in the order an APP lists them: position id, start date, placement id (the order of the
/// index applicants_by_state: no sort).
class WaitingApplicants {
 public:
  WaitingApplicants(db::Database& db, std::string_view office);

  /// Steps to the next applicant: false after the last.
  [[nodiscard]] bool next();
  /// The current applicant.
  [[nodiscard]] WaitingApplicant applicant() const;

 private:
  db::Statement select_;
};

/// The export's writes to the applicants it does not write to the file, one at a time with
/// prepared statements, in the caller's transaction.
class ApplicantExportMarks {
 public:
  explicit ApplicantExportMarks(db::Transaction& tx);

  /// Keeps applicant `id` TO_EXPORT for a later file, with `reason`.
  void hold_back(std::int64_t id, std::string_view reason);
  /// Makes applicant `id` INVALID_DATA with `reason`.
  void invalid(std::int64_t id, std::string_view reason, std::string_view at);

 private:
  db::Statement hold_, invalid_;
};

/// Marks every WaitingApplicants of `office` not held back EXPORTED in file `file_id`, each with
/// its 1-based line number in that order and `at`, in one statement. Returns how many it marked.
std::int64_t mark_exported(db::Transaction& tx, std::string_view office, std::int64_t file_id,
                           std::string_view at);

// ---- confirmation (APC) ----------------------------------------------------------------------

/// The latest APP file sent (or reserved and still pending) for `office`: the one an APC
/// answers. nullopt when there is none.
[[nodiscard]] std::optional<std::int64_t> latest_app_file(db::Database& db,
                                                          std::string_view office);

/// An applicant as written to an APP file, for the APC line that answers it.
struct SentApplicant {
  std::int64_t id = 0;
  std::string deanery_number;
  std::int64_t position_id = 0;
  ApplicantState state = ApplicantState::exported;
};

/// ESR's answer to one sent applicant, from an APC line.
struct ApplicantAnswer {
  ApplicantState state = ApplicantState::exported_and_processed;  // or _processed_with_errors
  std::string message, message_type;            // ESR's; empty: none (stored NULL)
  std::string applicant_number, assignment_id;  // ESR's numbers; empty: none (stored NULL)
  std::string at;                               // UTC, as util::utc_now_iso() writes it
  std::int64_t confirming_file_id = 0;          // the APC's ledger id
};

/// The APC's reads and writes, one line at a time with prepared statements, in the caller's
/// transaction.
class ApplicantConfirmations {
 public:
  explicit ApplicantConfirmations(db::Transaction& tx);

  /// The applicant written at 1-based `ordinal` of APP file `file_id`, if any.
  [[nodiscard]] std::optional<SentApplicant> at_ordinal(std::int64_t file_id, std::int64_t ordinal);
  /// Records `answer` for applicant `id` while it is EXPORTED: an applicant is answered once.
  void confirm(std::int64_t id, const ApplicantAnswer& answer);

 private:
  db::Statement find_, update_;
};

}  // namespace esr::state
