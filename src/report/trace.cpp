// `esrd trace`: reads the state and tells the story of one placement, post, position, person or
// file in time order, then says what would have to change for it to go. Read only. The personal
// columns of a placement (names, date of birth, NI number, contact details...) are never read
// into the story: only the placement's own attributes are (state::shown_columns()).
#include "esr/report/trace.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "esr/outbound/applicants.hpp"
#include "esr/outbound/rule_facts.hpp"
#include "esr/rules/applicant_rule.hpp"
#include "esr/rules/post_reconciliation.hpp"
#include "esr/spec/field_advice.hpp"
#include "esr/spec/identifiers.hpp"
#include "esr/state/file_history.hpp"
#include "esr/state/read_snapshot.hpp"
#include "esr/state/subject_history.hpp"

namespace esr::report {

namespace {

using state::ApplicantRow;
using state::ApplicantState;
using state::Exchange;
using state::is_shown;
using state::LedgerFile;
using state::NotificationRow;
using state::PlacementRow;
using state::PositionRow;
using state::PostRow;
using state::TisEventRow;

// A notification title code's meaning, as the reference list notification_title_codes gives it.
std::string title_meaning(std::string_view code, const spec::ReferenceLists* references) {
  const auto* list = references ? references->find("notification_title_codes") : nullptr;
  const auto* value = list ? list->find(code) : nullptr;
  return value ? value->meaning : "unknown title code";
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

std::string in_quotes(std::string_view text) { return fmt::format("\"{}\"", text); }

// The order of steps recorded in the same second: what arrived, what TIS said, what esrd made
// of it, what it sent, what ESR answered.
enum Rank : int {
  kReceived = 0,
  kTis = 1,
  kExclusion = 2,
  kApplicant = 3,
  kNotification = 4,
  kSent = 5,
  kAnswer = 6,
};

// What stands between a placement and an applicant on one position.
struct Plan {
  std::vector<std::string> reasons, changes, waits;
};

std::string to_go_of(const Plan& plan) {
  if (!plan.changes.empty()) {
    auto text = "To go: " + join(plan.changes, "; and ");
    if (!plan.waits.empty()) text += "; then " + join(plan.waits, "; ");
    return text + ".";
  }
  if (!plan.waits.empty()) return "Nothing has to change: " + join(plan.waits, "; ") + ".";
  return "Nothing has to change.";
}

class Tracer {
 public:
  Tracer(db::Database& db, const TraceQuery& query)
      : query_(query),
        snapshot_(db),
        files_(db, query.date),
        subjects_(db),
        window_(query.date, query.window_min_days, query.window_max_days) {}

  TraceReport run() {
    TraceReport report;
    report.query = query_;
    report.window = window_.text();
    switch (query_.by) {
      case TraceBy::placement:
        trace_placement(report);
        break;
      case TraceBy::person:
        trace_person(report);
        break;
      case TraceBy::npn:
        trace_post(report);
        break;
      case TraceBy::position:
        trace_position(report);
        break;
      case TraceBy::file:
        trace_file(report);
        break;
    }
    for (auto& subject : report.subjects) sort_events(subject);
    return report;
  }

 private:
  // ---- events -----------------------------------------------------------------------------

  void add(TraceSubject& subject, std::string date, std::string at, Rank rank, std::string kind,
           std::string text, std::string file_name = {}, std::int64_t ordinal = 0) {
    subject.events.push_back({std::move(date), std::move(at), std::move(kind), std::move(text),
                              std::move(file_name), ordinal, static_cast<int>(rank)});
  }

  static void sort_events(TraceSubject& subject) {
    std::stable_sort(subject.events.begin(), subject.events.end(),
                     [](const TraceEvent& x, const TraceEvent& y) {
                       return std::tie(x.date, x.at, x.rank) < std::tie(y.date, y.at, y.rank);
                     });
    // Drop repeats (a file confirmed to ESR named by each of its positions): the first stays.
    std::set<std::pair<std::string, std::string>> seen;
    std::erase_if(subject.events, [&](const TraceEvent& e) {
      return !seen.insert({e.kind, e.text}).second;
    });
  }

  void rmt_confirmed(TraceSubject& subject, const LedgerFile& rmt) {
    const auto* rtc = files_.file(rmt.confirmed_by);
    if (rtc == nullptr) {
      add(subject, rmt.business_date, rmt.started_at, kSent, "file",
          fmt::format("{} not yet confirmed to ESR: the next export writes its RTC", rmt.name),
          rmt.name);
      return;
    }
    add(subject, rtc->business_date, rtc->started_at, kSent, "file",
        fmt::format("{} confirmed to ESR in {}", rmt.name, rtc->name), rtc->name);
  }

  void position_story(TraceSubject& subject, const PositionRow& p) {
    const auto* created = files_.file(p.created_file);
    auto describe = fmt::format("position {} ({}, number {})", p.id,
                                p.view.host_lead.empty() ? "host/lead not given" : p.view.host_lead,
                                p.view.number.empty() ? "none" : p.view.number);
    if (created != nullptr) {
      auto line = files_.position_line(created->id, p.id);
      bool born_deleted = p.created_file == p.changed_file && p.deleted;
      add(subject, created->business_date, created->started_at, kReceived, "position",
          fmt::format("{} received in {}{}{}", describe, created->name,
                      line ? fmt::format(" line {}", line->ordinal) : "",
                      born_deleted ? " already marked deleted ('D')" : ""),
          created->name, line ? line->ordinal : 0);
      rmt_confirmed(subject, *created);
    }
    if (p.changed_file != p.created_file) {
      const auto* changed = files_.file(p.changed_file);
      if (changed != nullptr) {
        auto line = files_.position_line(changed->id, p.id);
        std::string text;
        if (p.deleted && line && line->indicator == "D") {
          text = fmt::format("position {} deleted ('D') by {} line {}", p.id, changed->name,
                             line->ordinal);
        } else if (p.deleted) {
          text =
              fmt::format("position {} deleted: absent from the full file {}", p.id, changed->name);
        } else {
          text = fmt::format("position {} changed by {}{}", p.id, changed->name,
                             line ? fmt::format(" line {}", line->ordinal) : "");
        }
        add(subject, changed->business_date, changed->started_at, kReceived, "position", text,
            changed->name, line ? line->ordinal : 0);
        rmt_confirmed(subject, *changed);
      }
    }
  }

  std::string position_state(const PositionRow& p) {
    if (p.deleted) return "deleted";
    return p.matched ? "MATCHED" : "UNMATCHED";
  }

  // How a deleted position went, for reasons: "'D' in FILE line N" or "absent from FILE".
  std::string how_deleted(const PositionRow& p) {
    const auto* changed = files_.file(p.changed_file);
    if (changed == nullptr) return "by ESR";
    auto line = files_.position_line(changed->id, p.id);
    if (line && line->indicator == "D")
      return fmt::format("'D' in {} line {}", changed->name, line->ordinal);
    if (changed->type == "RMF") return fmt::format("absent from the full file {}", changed->name);
    return fmt::format("by {}", changed->name);
  }

  void placement_tis_story(TraceSubject& subject, const PlacementRow& p) {
    if (const auto* first = files_.file(p.first_file)) {
      // The baseline is the office's first snapshot day (posts and placements of that day).
      auto baseline = subjects_.baseline_date(p.office);
      bool in_baseline = baseline && *baseline == first->business_date;
      add(subject, first->business_date, first->started_at, kTis, "tis",
          fmt::format(
              "placement {} first seen in {}{}", p.id, first->name,
              in_baseline ? fmt::format(" (the baseline of {}: no notifications)", p.office) : ""),
          first->name);
    }
    auto events = subjects_.placement_events(p.id);
    // What a change changed to: the row before the next change, else the row as it is now.
    for (std::size_t i = 0; i < events.size(); ++i) {
      const auto& e = events[i];
      const auto* f = files_.file(e.file_id);
      std::string at = f != nullptr ? f->started_at : std::string();
      std::string name = f != nullptr ? f->name : std::string();
      std::string pending = e.processed ? "" : " (not yet used for notifications)";
      if (e.kind == "placement_created" && p.first_file && *p.first_file == e.file_id &&
          e.processed) {
        continue;  // "first seen" above says it
      }
      if (e.kind == "placement_created") {
        add(subject, e.business_date, at, kTis, "tis",
            fmt::format("placement {} created in TIS ({}){}", p.id, name, pending), name);
      } else if (e.kind == "placement_deleted") {
        add(subject, e.business_date, at, kTis, "tis",
            fmt::format("placement {} deleted in TIS (absent from {}){}", p.id, name, pending),
            name);
      } else {
        const auto& before = e.previous;
        const auto& after =
            i + 1 < events.size() && events[i + 1].previous ? events[i + 1].previous : p.view;
        std::vector<std::string> parts;
        std::size_t start = 0;
        while (start <= e.changes.size()) {
          auto comma = e.changes.find(',', start);
          auto column = e.changes.substr(
              start, comma == std::string::npos ? std::string::npos : comma - start);
          if (!column.empty()) {
            if (is_shown(column)) {
              auto value_of = [&](const std::optional<state::Placement>& row) {
                return row ? state::shown_field(*row, column).value_or("?") : std::string("?");
              };
              parts.push_back(
                  fmt::format("{} {} -> {}", column, value_of(before), value_of(after)));
            } else {
              parts.push_back(fmt::format("{} (personal: value not shown)", column));
            }
          }
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
        add(subject, e.business_date, at, kTis, "tis",
            fmt::format("placement {} changed in TIS ({}): {}{}", p.id, name, join(parts, ", "),
                        pending),
            name);
      }
    }
    bool deleted_event = std::any_of(events.begin(), events.end(), [](const TisEventRow& e) {
      return e.kind == "placement_deleted";
    });
    if (!p.present && !deleted_event) {
      if (const auto* last = files_.file(p.last_file)) {
        add(subject, last->business_date, last->started_at, kTis, "tis",
            fmt::format("placement {} gone from TIS (absent from {})", p.id, last->name),
            last->name);
      }
    }
  }

  void exclusion_story(TraceSubject& subject, const std::string& placement_id) {
    auto excluded = subjects_.exclusion(placement_id);
    if (!excluded) return;
    add(subject, files_.business_date_at(excluded->added_at), excluded->added_at, kExclusion,
        "exclusion",
        fmt::format(
            "placement {} put on the day-one exclusion list from {}{} (sent by the "
            "previous interface: esrd never sends it)",
            placement_id, excluded->source,
            excluded->local_office.empty() ? "" : fmt::format(" for {}", excluded->local_office)));
  }

  void applicant_story(TraceSubject& subject, const ApplicantRow& a, bool name_placement) {
    auto who = name_placement ? fmt::format("applicant for placement {} on position {}",
                                            a.placement_id, a.position_id)
                              : fmt::format("applicant on position {}", a.position_id);
    auto generated =
        a.generated_on.empty() ? files_.business_date_at(a.created_at) : a.generated_on;
    add(subject, generated, a.created_at, kApplicant, "applicant",
        fmt::format("{} created by the export of {}", who, generated));
    if (!a.warnings.empty() && a.state != ApplicantState::invalid_data &&
        a.state != ApplicantState::deleted_before_export) {
      add(subject, files_.business_date_at(a.updated_at), a.updated_at, kApplicant, "applicant",
          fmt::format("{} goes without part of the record: {}", who, a.warnings));
    }
    if (a.state == ApplicantState::invalid_data) {
      add(subject, files_.business_date_at(a.updated_at), a.updated_at, kApplicant, "applicant",
          fmt::format("{} is INVALID_DATA: {}", who, a.reason));
    } else if (a.state == ApplicantState::to_export && a.held_back) {
      add(subject, files_.business_date_at(a.updated_at), a.updated_at, kApplicant, "applicant",
          fmt::format("{} held back: {}", who, a.reason));
    } else if (a.state == ApplicantState::deleted_before_export) {
      add(subject, files_.business_date_at(a.updated_at), a.updated_at, kApplicant, "applicant",
          fmt::format("{} withdrawn before export (DELETED_BEFORE_EXPORT): {}", who, a.reason));
    }
    const auto* sent = files_.file(a.export_file);
    if (sent == nullptr) return;
    auto ordinal = a.export_ordinal.value_or(0);
    add(subject, sent->business_date, a.exported_at.empty() ? sent->started_at : a.exported_at,
        kSent, "file",
        fmt::format("{} sent in {} line {}{}", who, sent->name, ordinal,
                    sent->outcome == "sent"
                        ? ""
                        : fmt::format(" (file {}, not yet in outbox/)", sent->outcome)),
        sent->name, ordinal);
    // The APC recorded with the answer; for a record answered before esrd recorded it, or not
    // answered, the APC applied while this APP was the office's latest.
    const auto* apc = a.confirmed_file ? files_.file(a.confirmed_file)
                                       : files_.answer_to(*sent, Exchange::applicants);
    bool answered = a.state == ApplicantState::exported_and_processed ||
                    a.state == ApplicantState::exported_processed_with_errors;
    if (answered) {
      auto text = a.state == ApplicantState::exported_and_processed
                      ? fmt::format("ESR loaded the {}: SUCCESS {}{}{}", who, a.esr_message_type,
                                    a.esr_message.empty() ? "" : " " + in_quotes(a.esr_message),
                                    a.applicant_number.empty()
                                        ? ""
                                        : fmt::format(", applicant number {}", a.applicant_number))
                      : fmt::format("ESR refused the {}: FAIL {}{}", who, a.esr_message_type,
                                    a.esr_message.empty() ? "" : " " + in_quotes(a.esr_message));
      if (apc != nullptr)
        text += fmt::format(" (in {}, for line {} of {})", apc->name, ordinal, sent->name);
      add(subject, apc != nullptr ? apc->business_date : files_.business_date_at(a.updated_at),
          apc != nullptr ? apc->started_at : a.updated_at, kAnswer, "esr", text,
          apc != nullptr ? apc->name : std::string());
    } else if (a.state == ApplicantState::exported && apc != nullptr) {
      add(subject, apc->business_date, apc->started_at, kAnswer, "esr",
          fmt::format("{} was applied but had no valid line for line {} of {}", apc->name, ordinal,
                      sent->name),
          apc->name);
    }
  }

  void notification_story(TraceSubject& subject, const NotificationRow& n) {
    auto what = fmt::format("{} type {} ({}) {}", n.file_type, n.title,
                            title_meaning(n.title, query_.references),
                            n.position_id ? fmt::format("for position {}", *n.position_id)
                                          : fmt::format("for post {}", n.npn));
    if (!n.placement_id.empty() && query_.by != TraceBy::placement &&
        query_.by != TraceBy::person) {
      what += fmt::format(" about placement {}", n.placement_id);
    }
    add(subject, n.business_date, n.created_at, kNotification, "notification",
        fmt::format("{} raised: {}", what, n.cause));
    const auto* sent = files_.file(n.export_file);
    if (sent == nullptr) {
      if (n.state == state::NotificationState::pending) {
        add(subject, n.business_date, n.created_at, kNotification, "notification",
            fmt::format("{} waits for the next export", what));
      }
      return;
    }
    auto ordinal = n.export_ordinal.value_or(0);
    add(subject, sent->business_date, sent->started_at, kSent, "file",
        fmt::format("{} sent in {} line {}", what, sent->name, ordinal), sent->name, ordinal);
    const auto* dcc = n.confirmed_file ? files_.file(n.confirmed_file)
                                       : files_.answer_to(*sent, Exchange::notifications);
    if (n.state == state::NotificationState::confirmed ||
        n.state == state::NotificationState::failed) {
      auto text = n.state == state::NotificationState::confirmed
                      ? fmt::format("ESR confirmed the {}: SUCCESS", what)
                      : fmt::format("ESR refused the {}: FAIL {}", what, in_quotes(n.esr_reason));
      if (dcc != nullptr)
        text += fmt::format(" (in {}, line {} of {})", dcc->name, ordinal, sent->name);
      add(subject, dcc != nullptr ? dcc->business_date : sent->business_date,
          dcc != nullptr ? dcc->started_at : sent->started_at, kAnswer, "esr", text,
          dcc != nullptr ? dcc->name : std::string());
    } else if (dcc != nullptr) {
      add(subject, dcc->business_date, dcc->started_at, kAnswer, "esr",
          fmt::format("{} was applied but had no valid line for line {} of {}", dcc->name, ordinal,
                      sent->name),
          dcc->name);
    }
  }

  // ---- outcomes ---------------------------------------------------------------------------

  // What the applicant rule is asked about a placement on a position (or a post without one).
  struct RuleFacts {
    rules::PlacementFacts placement;
    std::optional<rules::PositionFacts> post;  // none when nothing names a post
    rules::ExclusionFacts exclusion;
  };

  RuleFacts rule_facts(const PlacementRow* p, const std::string& placement_id,
                       const std::string& npn, const PositionRow* position) {
    RuleFacts facts;
    if (p != nullptr && p->view) facts.placement = outbound::placement_facts(*p->view);
    facts.placement.id = placement_id;
    facts.placement.known = p != nullptr;
    facts.placement.present = p == nullptr || p->present;
    if (p != nullptr) {
      if (auto excluded = subjects_.exclusion(placement_id))
        facts.exclusion = {true, excluded->source};
    }
    if (position != nullptr) {
      facts.post = outbound::position_facts(position->view);
      if (position->deleted) facts.post->how_deleted = how_deleted(*position);
    } else if (!npn.empty()) {
      facts.post.emplace();  // the post has no ESR position
      facts.post->deanery_number = npn;
    }
    return facts;
  }

  // What the applicant rule says stands between the placement and an applicant on the position
  // (rules/applicant_rule.hpp): the reasons, and what would have to change or come.
  void applicant_blockers(Plan& plan, const RuleFacts& facts) {
    for (auto& reason :
         rules::applicant_rule(facts.placement, facts.post, window_, facts.exclusion).reasons) {
      plan.reasons.push_back(std::move(reason.why));
      (reason.wait ? plan.waits : plan.changes).push_back(std::move(reason.to_change));
    }
  }

  TraceOutcome outcome(const PlacementRow* p, const std::string& placement_id,
                       const std::string& npn, const PositionRow* position, const ApplicantRow* a) {
    TraceOutcome o;
    o.placement_id = placement_id;
    if (position != nullptr) o.position_id = position->id;
    if (a != nullptr) o.position_id = a->position_id;
    o.state = a != nullptr ? std::string(state::to_text(a->state)) : "NO_APPLICANT";
    auto sent_in = [&]() {
      const auto* f = files_.file(a->export_file);
      return fmt::format("sent in {} line {}",
                         f != nullptr ? f->name : std::string("(unknown file)"),
                         a->export_ordinal.value_or(0));
    };
    if (a != nullptr && a->state == ApplicantState::exported_and_processed) {
      o.status = "loaded by ESR";
      o.reason = fmt::format(
          "{}; ESR answered SUCCESS{}{}", sent_in(),
          a->esr_message_type.empty() ? "" : " " + a->esr_message_type,
          a->applicant_number.empty() ? "" : ", applicant number " + a->applicant_number);
      o.to_go = "Nothing has to change: it has gone and ESR loaded it.";
      o.done = true;
      return o;
    }
    if (a != nullptr && a->state == ApplicantState::exported_processed_with_errors) {
      o.status = "refused by ESR";
      o.reason = fmt::format("{}; ESR answered FAIL{}: {}", sent_in(),
                             a->esr_message_type.empty() ? "" : " " + a->esr_message_type,
                             in_quotes(a->esr_message));
      o.to_go =
          "To go: what ESR's message names would have to be put right in TIS, and the applicant "
          "sent to ESR again (esrd does not re-send a record ESR has answered).";
      return o;
    }
    if (a != nullptr && a->state == ApplicantState::exported) {
      o.status = "sent, no answer from ESR yet";
      o.reason = sent_in() + "; no APC line has answered it";
      o.to_go =
          "Nothing has to change: ESR's APC for that file would have to arrive (collect applies "
          "it).";
      return o;
    }
    if (a != nullptr && a->state == ApplicantState::to_export) {
      // The next export judges a waiting record again before it sends it (the generator asks
      // the same rule): one whose placement or position has since gone is withdrawn instead.
      auto facts = rule_facts(p, placement_id, npn, position);
      if (!rules::waiting_applicant_still_goes(
              rules::applicant_blockers(facts.placement, facts.post, window_, facts.exclusion))) {
        Plan plan;
        plan.reasons.push_back(
            "the applicant record waits (TO_EXPORT), but the next export "
            "withdraws it before sending");
        applicant_blockers(plan, facts);
        o.status = "to be withdrawn";
        o.reason = join(plan.reasons, "; ");
        o.to_go = to_go_of(plan);
        return o;
      }
      if (a->held_back) {
        o.status = "held back";
        o.reason = a->reason;
        o.to_go = fmt::format(
            "Nothing has to change: it goes in the next export run (ESR takes at most {} "
            "applicants against one position in one APP file).",
            query_.max_per_position);
      } else {
        o.status = "waiting for export";
        o.reason = fmt::format("the applicant record is ready (TO_EXPORT) since the export of {}",
                               a->generated_on);
        o.to_go = "Nothing has to change: the next export run sends it.";
      }
      return o;
    }
    if (a != nullptr && a->state == ApplicantState::invalid_data) {
      o.status = "invalid data";
      o.reason = "the APP record fails its schema: " + a->reason;
      o.to_go = fmt::format(
          "To go: TIS would have to correct {}; the next extract regenerates the record.",
          a->reason);
      return o;
    }
    Plan plan;
    if (a != nullptr) plan.reasons.push_back("withdrawn before export: " + a->reason);
    applicant_blockers(plan, rule_facts(p, placement_id, npn, position));
    bool blocked = !plan.changes.empty() || !plan.waits.empty();
    if (!blocked) {
      plan.reasons.push_back(
          "eligible, in the window, on a live, matched position, but no applicant record yet");
      plan.waits.push_back("the next export run creates the applicant and sends it");
    }
    o.status = a != nullptr ? "withdrawn before export" : "not sent";
    o.reason = join(plan.reasons, "; ");
    o.to_go = to_go_of(plan);
    return o;
  }

  std::vector<TraceOutcome> outcomes_of(const PlacementRow* p, const std::string& placement_id,
                                        const std::vector<ApplicantRow>& applicants,
                                        std::optional<std::int64_t> only_position) {
    std::string npn = p != nullptr ? p->npn : std::string();
    if (npn.empty() && !applicants.empty())
      npn = positions_by_id(applicants.front().position_id).deanery;
    auto positions = npn.empty() ? std::vector<PositionRow>{} : subjects_.positions_on_post(npn);
    for (const auto& a : applicants) {
      bool known = std::any_of(positions.begin(), positions.end(),
                               [&](const PositionRow& x) { return x.id == a.position_id; });
      if (!known) {
        if (auto extra = subjects_.position(a.position_id)) positions.push_back(std::move(*extra));
      }
    }
    std::vector<TraceOutcome> out;
    for (const auto& position : positions) {
      if (only_position && position.id != *only_position) continue;
      const ApplicantRow* applicant = nullptr;
      for (const auto& a : applicants) {
        if (a.position_id == position.id) applicant = &a;
      }
      out.push_back(outcome(p, placement_id, npn, &position, applicant));
    }
    if (positions.empty() && !only_position)
      out.push_back(outcome(p, placement_id, npn, nullptr, nullptr));
    return out;
  }

  PositionRow positions_by_id(std::int64_t id) {
    return subjects_.position(id).value_or(PositionRow{});
  }

  // "placement 5002 on position 8100101: loaded by ESR: ... Nothing has to change: ..."
  static std::string placement_verdict(const std::string& placement_id,
                                       const std::vector<TraceOutcome>& outcomes) {
    struct Group {
      std::vector<std::string> positions;
      const TraceOutcome* outcome;
    };
    std::vector<Group> groups;
    for (const auto& o : outcomes) {
      auto position = o.position_id ? std::to_string(*o.position_id) : std::string();
      auto same = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
        return g.outcome->status == o.status && g.outcome->reason == o.reason &&
               g.outcome->to_go == o.to_go;
      });
      if (same != groups.end()) {
        same->positions.push_back(position);
      } else {
        groups.push_back({{position}, &o});
      }
    }
    auto where = [](const std::vector<std::string>& positions) {
      if (positions.size() == 1 && positions.front().empty())
        return std::string(" (no ESR position)");
      return fmt::format(" on position{} {}", positions.size() > 1 ? "s" : "",
                         join(positions, ", "));
    };
    std::vector<std::string> parts;
    for (const auto& g : groups) {
      parts.push_back(
          fmt::format("{}{}: {}: {}. {}", groups.size() > 1 ? "" : "placement " + placement_id,
                      groups.size() > 1 ? where(g.positions).substr(1) : where(g.positions),
                      g.outcome->status, g.outcome->reason, g.outcome->to_go));
    }
    if (groups.size() > 1) return fmt::format("placement {}: {}", placement_id, join(parts, " | "));
    return parts.empty() ? fmt::format("placement {}: nothing to say", placement_id)
                         : parts.front();
  }

  // ---- checks -----------------------------------------------------------------------------

  // Runs the identifier and reference-list checks of `record` over `values` (in spec order).
  void check_record(TraceSubject& subject, const spec::RecordSpec& record,
                    const std::vector<std::string>& values, std::string_view prefix) {
    if (values.size() != record.fields.size()) return;
    std::vector<std::string_view> views(values.begin(), values.end());
    std::vector<spec::FieldAdvice> advice;
    spec::advise_record(record, views, query_.references, advice);
    for (const auto& item : advice) {
      subject.checks.push_back(
          fmt::format("{}{}: {}", prefix, record.fields[item.field_index].label(), item.message));
    }
  }

  void placement_checks(TraceSubject& subject, const PlacementRow& p) {
    const auto* file = query_.schemas ? query_.schemas->by_name("TIS_PLACEMENTS") : nullptr;
    if (file == nullptr || file->records.empty() || !p.view) return;
    const auto& record = file->records.front();
    std::vector<std::string> values;
    for (const auto& field : record.fields)
      values.push_back(p.view->field(field.name).value_or(std::string()));
    subject.checked = true;
    auto before = subject.checks.size();
    check_record(subject, record, values, "");
    // What esrd does with an identifier that fails (outbound/applicants.cpp, notification_engine).
    for (auto i = before; i < subject.checks.size(); ++i) {
      auto& check = subject.checks[i];
      if (check.starts_with("gmc_number:")) {
        check += "; APP, DNF and DNC records leave it out";
      } else if (check.starts_with("gdc_number:") || check.starts_with("ni_number:")) {
        check += "; the APP leaves it out";
      }
    }
  }

  // The POR and POS as received, rebuilt in spec order from the fields the positions table keeps
  // (by ref); a field it does not keep reads as empty: none of them has a reference list or an
  // identifier rule (tests/state/records_test.cpp checks the schema).
  static std::vector<std::string> received_values(const state::Position& position,
                                                  const spec::RecordSpec& record) {
    std::vector<std::string> values;
    for (const auto& field : record.fields)
      values.push_back(position.field(field.ref).value_or(std::string()));
    return values;
  }

  void position_checks(TraceSubject& subject, const PositionRow& position) {
    const auto* file = query_.schemas ? query_.schemas->by_name("RMT") : nullptr;
    if (file == nullptr) return;
    subject.checked = true;
    for (const auto& [type, received] :
         {std::pair{"POR", position.view.has_por}, {"POS", position.view.has_pos}}) {
      const auto* record = file->find_record(type);
      if (record == nullptr || !received) continue;
      check_record(subject, *record, received_values(position.view, *record), "");
    }
  }

  // ---- subjects ---------------------------------------------------------------------------

  TraceSubject placement_subject(const std::string& id, const std::optional<PlacementRow>& p) {
    TraceSubject subject;
    subject.kind = "placement";
    subject.id = id;
    auto applicants = subjects_.applicants_of_placement(id);
    auto notifications = subjects_.notifications_of_placement(id);
    std::string npn;
    if (p) {
      npn = p->npn;
      for (auto column : state::shown_columns()) {
        if (column == "placement_id" || !p->view) continue;
        subject.facts.emplace_back(column,
                                   state::shown_field(*p->view, column).value_or(std::string()));
      }
      subject.facts.emplace_back("in the latest TIS extract",
                                 p->present ? "yes" : "no (deleted in TIS)");
      placement_checks(subject, *p);
      placement_tis_story(subject, *p);
    } else {
      subject.facts.emplace_back("in a TIS extract", "no");
    }
    if (npn.empty() && !applicants.empty())
      npn = positions_by_id(applicants.front().position_id).deanery;
    if (!npn.empty()) {
      auto post = subjects_.post(npn);
      subject.facts.emplace_back("post",
                                 post ? post_text(npn, *post) : "not in the TIS posts extract");
      for (const auto& position : subjects_.positions_on_post(npn))
        position_story(subject, position);
    }
    exclusion_story(subject, id);
    for (const auto& a : applicants) applicant_story(subject, a, false);
    for (const auto& n : notifications) notification_story(subject, n);
    subject.outcomes = outcomes_of(p ? &*p : nullptr, id, applicants, std::nullopt);
    std::vector<std::string> positions;
    for (const auto& o : subject.outcomes) {
      if (!o.position_id) continue;
      auto position = positions_by_id(*o.position_id);
      positions.push_back(
          fmt::format("{} ({}, {}; applicant {})", *o.position_id,
                      position.view.host_lead.empty() ? "-" : position.view.host_lead,
                      position_state(position), o.state == "NO_APPLICANT" ? "none" : o.state));
    }
    subject.facts.emplace_back("positions", positions.empty() ? "none" : join(positions, ", "));
    subject.verdict = placement_verdict(id, subject.outcomes);
    return subject;
  }

  // The post's status in words ("CURRENT", "INACTIVE", "removed from TIS") and office.
  static std::string post_text(const std::string& npn, const PostRow& post) {
    return fmt::format("{} ({})", npn, post.present ? post.status : "removed from TIS");
  }

  void trace_placement(TraceReport& report) {
    auto p = subjects_.placement(query_.value);
    auto subject = placement_subject(query_.value, p);
    report.found = p.has_value() || !subject.events.empty();
    if (!report.found) return;
    report.verdict = subject.verdict;
    report.subjects.push_back(std::move(subject));
  }

  void trace_person(TraceReport& report) {
    std::vector<std::string> verdicts;
    for (const auto& p : subjects_.placements_of_person(query_.value)) {
      auto subject = placement_subject(p.id, p);
      verdicts.push_back(subject.verdict);
      report.subjects.push_back(std::move(subject));
    }
    report.found = !report.subjects.empty();
    report.verdict = report.found
                         ? fmt::format("person {}: {}", query_.value, join(verdicts, " | "))
                         : fmt::format("esrd holds no placement of person {}", query_.value);
  }

  // The first reason without its explanations: "it starts 2026-08-05, before ... on 2026-11-25".
  static std::string short_reason(const std::string& reason) {
    auto text = reason.substr(0, reason.find(';'));
    auto bracket = text.find(" (");
    if (bracket != std::string::npos && bracket > 0) text.erase(bracket);
    return text;
  }

  // The placements of a post, each with its short status on `positions`, for the verdict.
  std::string placements_summary(const std::vector<TraceOutcome>& outcomes) {
    std::vector<std::string> order;
    std::map<std::string, std::vector<std::string>> statuses;
    for (const auto& o : outcomes) {
      if (!statuses.count(o.placement_id)) order.push_back(o.placement_id);
      auto& list = statuses[o.placement_id];
      auto text =
          o.status == "not sent" ? fmt::format("not sent ({})", short_reason(o.reason)) : o.status;
      if (std::find(list.begin(), list.end(), text) == list.end()) list.push_back(text);
    }
    std::vector<std::string> parts;
    for (const auto& id : order)
      parts.push_back(fmt::format("{} {}", id, join(statuses[id], " and ")));
    return join(parts, "; ");
  }

  // Post-level trouble first (no position, deleted, unmatched), then each placement's status.
  std::string positions_verdict(const std::string& what, const std::string& npn,
                                const std::vector<PositionRow>& positions,
                                const std::vector<TraceOutcome>& outcomes) {
    std::vector<rules::PositionMatchFacts> facts;
    for (const auto& p : positions) facts.push_back({p.id, p.deleted, p.matched});
    auto reconciliation = rules::reconcile_post(npn, facts);
    auto ids = [](const std::vector<std::int64_t>& list) {
      std::vector<std::string> out;
      for (auto id : list) out.push_back(std::to_string(id));
      return join(out, ", ");
    };
    std::string head;
    std::string to_go = reconciliation.to_go.empty() ? "" : " To go: " + reconciliation.to_go;
    switch (reconciliation.state) {
      case rules::Reconciliation::no_position:
        head =
            fmt::format("{}: no ESR position has this deanery number (post not reconciled)", what);
        break;
      case rules::Reconciliation::all_deleted:
        head = fmt::format("{}: every position is deleted ({})", what, ids(reconciliation.deleted));
        break;
      case rules::Reconciliation::unmatched:
        head = fmt::format("{}: position {} UNMATCHED (no TIS post {} in the latest extract)", what,
                           ids(reconciliation.unmatched), npn);
        break;
      case rules::Reconciliation::reconciled:
        head = fmt::format("{}: reconciled, live matched position{} {}", what,
                           reconciliation.live.size() > 1 ? "s" : "", ids(reconciliation.live));
        if (!reconciliation.deleted.empty())
          head += fmt::format(" (deleted: {})", ids(reconciliation.deleted));
        if (!reconciliation.unmatched.empty())
          head += fmt::format(" (unmatched: {})", ids(reconciliation.unmatched));
        break;
    }
    std::string placements = outcomes.empty() ? "no TIS placement" : placements_summary(outcomes);
    bool any_change = std::any_of(outcomes.begin(), outcomes.end(), [](const TraceOutcome& o) {
      return o.to_go.starts_with("To go:");
    });
    if (to_go.empty()) {
      to_go = any_change ? " For what one placement needs: esrd trace --placement ID."
                         : " Nothing has to change on the ESR side.";
    }
    return fmt::format("{}. Placements: {}.{}", head, placements, to_go);
  }

  void trace_post(TraceReport& report) {
    const auto& npn = query_.value;
    TraceSubject subject;
    subject.kind = "post";
    subject.id = npn;
    auto post = subjects_.post(npn);
    subject.facts.emplace_back("local office", post ? post->office : spec::office_of_npn(npn));
    subject.facts.emplace_back("TIS post",
                               post ? post_text(npn, *post) : "not in the TIS posts extract");
    if (const auto* first = post ? files_.file(post->first_file) : nullptr) {
      add(subject, first->business_date, first->started_at, kTis, "tis",
          fmt::format("post {} first seen in {}", npn, first->name), first->name);
    }
    for (const auto& e : subjects_.post_events(npn)) {
      const auto* f = files_.file(e.file_id);
      add(subject, e.business_date, f != nullptr ? f->started_at : std::string(), kTis, "tis",
          fmt::format("post {} {} in TIS ({})", npn,
                      e.kind == "post_created"   ? "created"
                      : e.kind == "post_removed" ? "removed"
                                                 : "made INACTIVE",
                      f != nullptr ? f->name : std::string()),
          f != nullptr ? f->name : std::string());
    }
    auto positions = subjects_.positions_on_post(npn);
    std::vector<std::string> listed;
    for (const auto& position : positions) {
      position_story(subject, position);
      listed.push_back(fmt::format("{} ({})", position.id, position_state(position)));
    }
    subject.facts.emplace_back("positions", listed.empty() ? "none" : join(listed, ", "));
    auto placements = subjects_.placements_on_post(npn);
    for (const auto& p : placements) {
      auto applicants = subjects_.applicants_of_placement(p.id);
      for (const auto& a : applicants) applicant_story(subject, a, true);
      auto outcomes = outcomes_of(&p, p.id, applicants, std::nullopt);
      subject.outcomes.insert(subject.outcomes.end(), outcomes.begin(), outcomes.end());
    }
    for (const auto& n : subjects_.notifications_on_post(npn)) notification_story(subject, n);
    report.found = post.has_value() || !positions.empty() || !placements.empty();
    subject.verdict = positions_verdict("post " + npn, npn, positions, subject.outcomes);
    report.verdict = subject.verdict;
    report.subjects.push_back(std::move(subject));
  }

  void trace_position(TraceReport& report) {
    std::int64_t id = 0;
    try {
      id = std::stoll(query_.value);
    } catch (const std::exception&) {
      report.verdict = fmt::format("'{}' is not a position id (digits)", query_.value);
      return;
    }
    auto found = subjects_.position(id);
    TraceSubject subject;
    subject.kind = "position";
    subject.id = std::to_string(id);
    if (!found) {
      report.verdict = fmt::format("esrd holds no position {}: no RMF or RMC has carried it", id);
      return;
    }
    const auto& position = *found;
    subject.facts = {{"local office", position.office},
                     {"deanery number", position.deanery},
                     {"position number", position.view.number},
                     {"host/lead", position.view.host_lead},
                     {"title", position.view.title},
                     {"state", position_state(position)}};
    position_checks(subject, position);
    position_story(subject, position);
    for (const auto& a : subjects_.applicants_on_position(id)) applicant_story(subject, a, true);
    for (const auto& p : subjects_.placements_on_post(position.deanery)) {
      auto applicants = subjects_.applicants_of_placement(p.id);
      auto outcomes = outcomes_of(&p, p.id, applicants, id);
      subject.outcomes.insert(subject.outcomes.end(), outcomes.begin(), outcomes.end());
    }
    for (const auto& n : subjects_.notifications_on_position(id)) notification_story(subject, n);
    report.found = true;
    subject.verdict = positions_verdict(fmt::format("position {}", id), position.deanery,
                                        {position}, subject.outcomes);
    report.verdict = subject.verdict;
    report.subjects.push_back(std::move(subject));
  }

  // ---- files ------------------------------------------------------------------------------

  std::map<std::string, std::int64_t> count_states(const std::vector<std::string>& states) {
    std::map<std::string, std::int64_t> counts;
    for (const auto& s : states) ++counts[s];
    return counts;
  }

  static std::string counts_text(const std::map<std::string, std::int64_t>& counts) {
    std::vector<std::string> parts;
    for (const auto& [state, count] : counts) parts.push_back(fmt::format("{} {}", count, state));
    return parts.empty() ? std::string("none") : join(parts, ", ");
  }

  // How the verdict of a sent file (APP, DNC/DNF) reads its records' states.
  struct SentFileWords {
    const char* records;       // "applicant(s)"
    const char* failed_state;  // ESR refused the record
    const char* failed_to_go;  // what then has to change
    const char* sent_state;    // sent, not yet answered
    const char* answer_verb;   // "answer", "confirm"
    const char* answer_type;   // APC, DCC
  };

  // "N records: counts by state." and what has to change: put right what ESR refused, an answer
  // that matched nothing, or an answer still to come.
  std::string sent_file_verdict(const std::vector<std::string>& states, const LedgerFile* answer,
                                const SentFileWords& words) {
    auto counts = count_states(states);
    auto verdict = fmt::format("{} {}: {}.", states.size(), words.records, counts_text(counts));
    if (counts.count(words.failed_state)) return verdict + words.failed_to_go;
    if (counts.count(words.sent_state) && answer != nullptr) {
      return verdict + fmt::format(
                           " To go: ESR would have to {} the {} still {}: {} matched none of them "
                           "(trace --file on it lists its unmatched lines).",
                           words.answer_verb, counts[words.sent_state], words.sent_state,
                           answer->name);
    }
    if (counts.count(words.sent_state)) {
      return verdict + fmt::format(
                           " Nothing has to change: ESR's {} for it would have to arrive "
                           "(collect applies it).",
                           words.answer_type);
    }
    return verdict + " Nothing has to change.";
  }

  // In an APC's (DCC's) story, a line of the sent file that another APC (DCC) answered, as the
  // state recorded it: " (answered by NAME)"; else nothing.
  std::string answered_elsewhere(const LedgerFile& sent, const LedgerFile& when,
                                 std::optional<std::int64_t> confirmed_file) {
    if (when.id == sent.id || !confirmed_file || *confirmed_file == when.id) return {};
    return fmt::format(" (answered by {})", files_.file_name(confirmed_file));
  }

  // The applicants of an APP, each as one step dated on `when` (the APP, or the APC answering
  // it), and a verdict; `answer` is the APC applied while it was the latest APP, if any.
  void app_lines(TraceSubject& subject, const LedgerFile& app, const LedgerFile& when,
                 const LedgerFile* answer, std::string& verdict) {
    auto applicants = subjects_.applicants_sent_in(app.id);
    std::vector<std::string> states;
    for (const auto& a : applicants) {
      states.emplace_back(state::to_text(a.state));
      subject.outcomes.push_back(outcome(nullptr, a.placement_id, "", nullptr, &a));
      std::string message;
      if (a.state == ApplicantState::exported_and_processed ||
          a.state == ApplicantState::exported_processed_with_errors) {
        message = fmt::format(" {}{}", a.esr_message_type,
                              a.esr_message.empty() ? "" : " " + in_quotes(a.esr_message));
      }
      add(subject, when.business_date, when.started_at, when.id == app.id ? kSent : kAnswer,
          "applicant",
          fmt::format("line {} of {}: placement {} on position {}: {}{}{}",
                      a.export_ordinal.value_or(0), app.name, a.placement_id, a.position_id,
                      state::to_text(a.state), message,
                      answered_elsewhere(app, when, a.confirmed_file)),
          app.name, a.export_ordinal.value_or(0));
    }
    verdict = sent_file_verdict(
        states, answer,
        {"applicant(s)", "EXPORTED_PROCESSED_WITH_ERRORS",
         " To go: what ESR's messages name would have to be put right in TIS and those applicants "
         "sent again (esrd trace --placement ID for each).",
         "EXPORTED", "answer", "APC"});
  }

  // The notifications of a DNC/DNF, as app_lines does for an APP.
  void notification_lines(TraceSubject& subject, const LedgerFile& sent, const LedgerFile& when,
                          const LedgerFile* answer, std::string& verdict) {
    auto notifications = subjects_.notifications_sent_in(sent.id);
    std::vector<std::string> states;
    for (const auto& n : notifications) {
      states.emplace_back(state::to_text(n.state));
      add(subject, when.business_date, when.started_at, when.id == sent.id ? kSent : kAnswer,
          "notification",
          fmt::format(
              "line {} of {}: type {} ({}) {}{}: {}{}{}", n.export_ordinal.value_or(0), sent.name,
              n.title, title_meaning(n.title, query_.references),
              n.position_id ? fmt::format("position {}", *n.position_id) : "post " + n.npn,
              n.placement_id.empty() ? "" : " about placement " + n.placement_id,
              state::to_text(n.state),
              n.state == state::NotificationState::failed ? " " + in_quotes(n.esr_reason) : "",
              answered_elsewhere(sent, when, n.confirmed_file)),
          sent.name, n.export_ordinal.value_or(0));
    }
    verdict = sent_file_verdict(
        states, answer,
        {"notification(s)", "failed",
         " To go: what ESR's reasons name would have to be put right (in ESR's position or in "
         "TIS) and the notifications raised again.",
         "exported", "confirm", "DCC"});
  }

  // The lines of an APC/DCC that matched nothing, as the state recorded them.
  void unmatched_lines(TraceSubject& subject, const LedgerFile& f) {
    for (const auto& u : files_.unmatched_lines(f.id)) {
      add(subject, f.business_date, f.started_at, kAnswer, "esr",
          fmt::format("line {} of {} matched nothing and was not applied: {}: {}", u.line, f.name,
                      u.field, u.message),
          f.name, u.line);
    }
  }

  // The story of an APC (DCC): the APP (DNC/DNF) files its lines answered, as the state recorded
  // each record's answer (confirmed_file_id), each with its lines, then the lines that matched
  // nothing; the verdict. Where no line matched a recorded record (a file applied before esrd
  // recorded answers, or one whose every line matched nothing), the latest APP (DNC/DNF) of the
  // office when it was applied stands in: what an APC answers (DESIGN §7), for a DCC the
  // likeliest file.
  std::string answer_story(TraceSubject& subject, const LedgerFile& f) {
    bool apc = f.type == "APC";
    auto exchange = apc ? Exchange::applicants : Exchange::notifications;
    const char* sent_kind = apc ? "APP" : "DNC/DNF";
    // Each answered file with the words that say how esrd knows.
    std::vector<std::pair<const LedgerFile*, std::string>> answered;
    for (const auto& recorded : files_.files_answered(f.id, exchange)) {
      if (const auto* sent = files_.file(recorded.file_id)) {
        answered.emplace_back(
            sent, fmt::format(": its lines matched {} {} of that file", recorded.records,
                              apc ? "applicant(s)" : "notification(s)"));
      }
    }
    if (answered.empty()) {
      const auto* latest = files_.answered_by(f, exchange);
      if (latest == nullptr) {
        return fmt::format("{} matched nothing: no {} had been sent for {}.", f.name, sent_kind,
                           f.office);
      }
      answered.emplace_back(
          latest, fmt::format(" (the latest {} of {} when it was applied)", sent_kind, f.office));
    }
    std::vector<std::string> verdicts;
    for (const auto& [sent, how] : answered) {
      add(subject, f.business_date, f.started_at, kAnswer, "esr",
          fmt::format("{} answers {}{}", f.name, sent->name, how), sent->name);
      std::string detail;
      if (apc) {
        app_lines(subject, *sent, f, &f, detail);
      } else {
        notification_lines(subject, *sent, f, &f, detail);
      }
      verdicts.push_back(fmt::format("{} answers {}: {}", f.name, sent->name, detail));
    }
    unmatched_lines(subject, f);
    return join(verdicts, " | ") +
           (f.reason.empty() ? "" : fmt::format(" ({} of this file)", f.reason));
  }

  TraceSubject file_subject(const LedgerFile& f) {
    TraceSubject subject;
    subject.kind = "file";
    subject.id = f.name;
    subject.facts = {{"direction", f.direction == "in" ? "received" : "sent"},
                     {"type", f.type},
                     {"local office", f.office.empty() ? "-" : f.office},
                     {"business date", f.business_date},
                     {"records", std::to_string(f.records)},
                     {"outcome", f.outcome}};
    if (f.sequence) subject.facts.emplace_back("sequence", std::to_string(*f.sequence));
    if (!f.reason.empty()) subject.facts.emplace_back("reason", f.reason);
    std::string verdict;
    bool is_tis = f.type.starts_with("TIS");
    if (f.direction == "in") {
      add(subject, f.business_date, f.started_at, kReceived, "file",
          fmt::format("{} received: {}{}", f.name, f.outcome,
                      f.reason.empty() ? "" : " (" + f.reason + ")"),
          f.name);
      if (f.outcome == "quarantined") {
        verdict = fmt::format(
            "{} was quarantined: {}. To go: a corrected file would have to be put in {} (or given "
            "to esrd {}); quarantine/{}.reason.txt lists every problem.",
            f.name, f.reason, is_tis ? "tis/" : "inbox/", is_tis ? "import-tis" : "replay", f.name);
      } else if (f.type == "RMF" || f.type == "RMC") {
        auto counts = files_.position_changes(f.id);
        add(subject, f.business_date, f.started_at, kReceived, "position",
            fmt::format("positions: {} new, {} changed, {} deleted (still as this file left them); "
                        "{} RTC FAIL line(s)",
                        counts.created, counts.changed, counts.deleted, counts.rtc_failed),
            f.name);
        rmt_confirmed(subject, f);
        verdict = fmt::format("{} applied ({} records).", f.name, f.records);
        verdict += f.confirmed_by ? fmt::format(" Confirmed to ESR in {}. Nothing has to change.",
                                                files_.file_name(f.confirmed_by))
                                  : " Nothing has to change: the next export writes its RTC.";
      } else if (f.type == "APC" || f.type == "DCC") {
        verdict = answer_story(subject, f);
      } else if (is_tis) {
        auto kinds = files_.tis_event_counts(f.id);
        add(subject, f.business_date, f.started_at, kTis, "tis",
            kinds.empty() ? fmt::format("{} changed nothing (or was an office's baseline)", f.name)
                          : fmt::format("{} gave {}", f.name, join(kinds, ", ")),
            f.name);
        verdict = fmt::format("{} loaded. Nothing has to change.", f.name);
      } else {
        verdict = fmt::format("{} {}.", f.name, f.outcome);
      }
      subject.verdict = verdict;
      return subject;
    }
    add(subject, f.business_date, f.started_at, kSent, "file",
        fmt::format(
            "{} written ({} records){}", f.name, f.records,
            f.outcome == "sent" ? " and put in outbox/" : ", not yet in outbox/: " + f.outcome),
        f.name);
    if (f.type == "APP") {
      const auto* apc = files_.answer_to(f, Exchange::applicants);
      app_lines(subject, f, f, apc, verdict);
      if (apc != nullptr) {
        add(subject, apc->business_date, apc->started_at, kAnswer, "esr",
            fmt::format("answered by {}", apc->name), apc->name);
      }
    } else if (f.type == "DNC" || f.type == "DNF") {
      const auto* dcc = files_.answer_to(f, Exchange::notifications);
      notification_lines(subject, f, f, dcc, verdict);
      if (dcc != nullptr) {
        add(subject, dcc->business_date, dcc->started_at, kAnswer, "esr",
            fmt::format("answered by {}", dcc->name), dcc->name);
      }
    } else if (f.type == "RTC") {
      auto confirmed = files_.confirmed_by(f.id);
      add(subject, f.business_date, f.started_at, kSent, "file",
          fmt::format("confirms {}",
                      confirmed.empty() ? std::string("(no file)") : join(confirmed, ", ")),
          f.name);
      verdict = fmt::format("RTC for {}. Nothing has to change.", join(confirmed, ", "));
    }
    if (f.outcome != "sent") {
      verdict = fmt::format(
          "{} is {}, not yet in outbox/. Nothing has to change: the next esrd command or job "
          "finishes publishing it. {}",
          f.name, f.outcome, verdict);
    }
    subject.verdict = verdict;
    return subject;
  }

  void trace_file(TraceReport& report) {
    auto name = std::filesystem::path(query_.value).filename().string();
    std::vector<std::string> verdicts;
    for (auto id : files_.files_named(name)) {
      const auto* f = files_.file(id);
      if (f == nullptr) continue;
      auto subject = file_subject(*f);
      verdicts.push_back(subject.verdict);
      report.subjects.push_back(std::move(subject));
    }
    report.found = !report.subjects.empty();
    report.verdict = report.found ? join(verdicts, " | ")
                                  : fmt::format("esrd has no record of a file named {}", name);
  }

  TraceQuery query_;
  state::ReadSnapshot snapshot_;  // first: every read of the trace sees one state
  state::FileHistory files_;
  state::SubjectHistory subjects_;
  rules::ApplicantWindow window_;
};

}  // namespace

TraceReport build_trace(db::Database& db, const TraceQuery& query) {
  Tracer tracer(db, query);
  auto report = tracer.run();
  if (report.found) return report;
  switch (query.by) {
    case TraceBy::placement:
      report.verdict = fmt::format(
          "esrd holds nothing about placement {}: no TIS extract loaded has it and no applicant or "
          "notification names it",
          query.value);
      break;
    case TraceBy::npn:
      report.verdict = fmt::format(
          "esrd holds nothing about post {}: no TIS post, ESR position or TIS placement has this "
          "NPN",
          query.value);
      break;
    case TraceBy::person:
      report.verdict = fmt::format("esrd holds no placement of person {}", query.value);
      break;
    case TraceBy::position:
    case TraceBy::file:
      break;  // already said
  }
  return report;
}

}  // namespace esr::report
