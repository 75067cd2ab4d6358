#pragma once
// Which record esrd sent an ESR confirmation line answers, and whether it may (DESIGN §7): an APC
// line names an applicant by its line in the office's latest APP; a DCC line names a
// notification by its line in the office's DNC/DNF files and echoes its record. A record is
// answered once. When a line answers nothing, the refusal names the field and says why, with
// file names and ordinals only (the echo carries personal values). Pure: the appliers look the
// records up (state/) and apply what this says.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace esr::rules {

/// Why a confirmation line answers nothing: the field it is about ("2 ESR_vacancy_id") and why.
struct LineRefusal {
  std::string field;
  std::string why;
};

// ---- APC -------------------------------------------------------------------------------------

/// What an APC line says of the applicant it answers.
struct ApcLineFacts {
  std::string_view vacancy_id;      // the 1-based line of the applicant in the APP
  std::string_view deanery_number;  // may be empty: not checked then
  std::string_view position_id;     // may be empty: not checked then
};

/// The applicant at that line of the latest APP, as sent.
struct SentApplicantFacts {
  bool awaiting_answer = false;  // EXPORTED: sent and not answered yet
  std::string state;             // its state, as the refusal names it
  std::string deanery_number;
  std::int64_t position_id = 0;
};

/// nullopt when the line answers `sent`; else why not. `app_file_sent`: the office has an APP to
/// answer; `sent`: the applicant at the line's ordinal (nullopt: none, or not looked up because
/// the line names no ordinal).
[[nodiscard]] std::optional<LineRefusal> apc_refusal(const ApcLineFacts& line, bool app_file_sent,
                                                     const std::optional<SentApplicantFacts>& sent);

// ---- DCC -------------------------------------------------------------------------------------

/// A notification written at the DCC line's ordinal of one of the office's DNC/DNF files.
struct SentNotificationFacts {
  std::string file;              // the DNC/DNF it was written to
  bool awaiting_answer = false;  // exported, not confirmed or failed yet
  bool echo_matches = false;     // the line's echo is its record, field by field
  std::string state;             // its state, as a refusal names it
};

/// The office's DNC/DNF files, for a line whose ordinal names nothing awaiting.
struct SentNotificationFileCounts {
  std::int64_t sent = 0;
  std::int64_t awaiting = 0;  // holding a notification awaiting confirmation
};

/// Which notification a DCC line answers.
struct DccMatch {
  std::optional<std::size_t> answers;  // index into the notifications given
  std::optional<LineRefusal> refusal;  // set when `answers` is not
};

/// The one notification at `ordinal` that awaits an answer and whose record the echo is; else
/// why none (none, or more than one: ambiguous). `files` is asked only when nothing at the
/// ordinal explains the refusal.
[[nodiscard]] DccMatch dcc_match(std::int64_t ordinal,
                                 const std::vector<SentNotificationFacts>& at_ordinal,
                                 const std::function<SentNotificationFileCounts()>& files);

}  // namespace esr::rules
