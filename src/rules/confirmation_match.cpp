#include "esr/rules/confirmation_match.hpp"

#include <fmt/format.h>

namespace esr::rules {

namespace {

// At most this many file names in one message; the rest are counted.
constexpr std::size_t kNamedFiles = 5;

std::string file_list(const std::vector<std::string>& files) {
  std::string text;
  for (std::size_t i = 0; i < files.size() && i < kNamedFiles; ++i) {
    if (i > 0) text += ", ";
    text += files[i];
  }
  if (files.size() > kNamedFiles) text += fmt::format(" and {} more", files.size() - kNamedFiles);
  return text;
}

constexpr std::string_view kVacancy = "2 ESR_vacancy_id";

}  // namespace

std::optional<LineRefusal> apc_refusal(const ApcLineFacts& line, bool app_file_sent,
                                       const std::optional<SentApplicantFacts>& sent) {
  if (!app_file_sent) {
    return LineRefusal{std::string(kVacancy),
                       "no APP file has been sent for this office to confirm"};
  }
  if (line.vacancy_id.empty()) {
    return LineRefusal{std::string(kVacancy),
                       "is empty; cannot tell which applicant this confirms"};
  }
  if (!sent) {
    return LineRefusal{
        std::string(kVacancy),
        fmt::format("ordinal {} matches no applicant of the latest APP file", line.vacancy_id)};
  }
  // An applicant sent is answered once: a second line for it (repeated in this APC, or in
  // another APC while that APP is still the latest) changes nothing.
  if (!sent->awaiting_answer) {
    return LineRefusal{std::string(kVacancy),
                       fmt::format("ordinal {}: the applicant was already answered by ESR ({})",
                                   line.vacancy_id, sent->state)};
  }
  if (!line.deanery_number.empty() && line.deanery_number != sent->deanery_number) {
    return LineRefusal{"4 Deanery_number",
                       fmt::format("'{}' differs from the applicant's deanery number '{}'",
                                   line.deanery_number, sent->deanery_number)};
  }
  if (!line.position_id.empty() && line.position_id != std::to_string(sent->position_id)) {
    return LineRefusal{"10 Position_ID",
                       fmt::format("{} differs from the applicant's position id {}",
                                   line.position_id, sent->position_id)};
  }
  return std::nullopt;
}

DccMatch dcc_match(std::int64_t ordinal, const std::vector<SentNotificationFacts>& at_ordinal,
                   const std::function<SentNotificationFileCounts()>& files) {
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < at_ordinal.size(); ++i) {
    if (at_ordinal[i].awaiting_answer && at_ordinal[i].echo_matches) candidates.push_back(i);
  }
  if (candidates.size() == 1) return {candidates.front(), std::nullopt};
  if (candidates.size() > 1) {
    std::vector<std::string> names;
    for (auto i : candidates) names.push_back(at_ordinal[i].file);
    return {std::nullopt,
            LineRefusal{"record",
                        fmt::format("ordinal {} matches {} notifications awaiting confirmation "
                                    "(files {}): ambiguous",
                                    ordinal, candidates.size(), file_list(names))}};
  }
  std::vector<std::string> differing, answered;
  for (const auto& n : at_ordinal) {
    if (n.awaiting_answer) {
      differing.push_back(n.file);  // it did not match, or it would be a candidate
    } else if (n.echo_matches) {
      answered.push_back(fmt::format("{} ({})", n.file, n.state));
    }
  }
  std::vector<std::string> why;
  if (differing.size() == 1) {
    why.push_back(
        fmt::format("ordinal {} of {} awaits confirmation but its record differs from the echo",
                    ordinal, differing.front()));
  } else if (!differing.empty()) {
    why.push_back(fmt::format(
        "the notifications at ordinal {} of {} await confirmation but their records differ from "
        "the echo",
        ordinal, file_list(differing)));
  }
  if (!answered.empty()) {
    why.push_back(fmt::format("the echoed record was already answered in {}", file_list(answered)));
  }
  if (why.empty()) {
    // Nothing at the ordinal explains it: which of the office's files could have been answered.
    auto counts = files();
    why.push_back(counts.sent == 0       ? "no DNC or DNF file has been sent for this office"
                  : counts.awaiting == 0 ? "no DNC or DNF file of this office awaits confirmation"
                                         : fmt::format("{} DNC/DNF file(s) of this office await "
                                                       "confirmation, none at that ordinal",
                                                       counts.awaiting));
  }
  auto message = fmt::format("ordinal {} matches no notification awaiting confirmation", ordinal);
  for (const auto& reason : why) message += "; " + reason;
  return {std::nullopt, LineRefusal{differing.empty() ? "position" : "record", std::move(message)}};
}

}  // namespace esr::rules
