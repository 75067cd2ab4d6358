// The notification engine: TIS events and date-driven triggers become NOT records (DNC), and the
// full snapshot of one office becomes a DNF. The rules are in docs/notifications.md.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <stdexcept>

#include "esr/dialect/record_writer.hpp"
#include "esr/outbound/notifications.hpp"
#include "esr/outbound/office_export.hpp"
#include "esr/rules/eligibility.hpp"
#include "esr/rules/notification_pairing.hpp"
#include "esr/rules/placement_change.hpp"
#include "esr/spec/identifiers.hpp"
#include "esr/spec/record_validator.hpp"
#include "esr/state/counters.hpp"
#include "esr/state/notification_sources.hpp"
#include "esr/state/notifications.hpp"
#include "esr/state/tis_events.hpp"
#include "esr/util/utc_time.hpp"

namespace esr::outbound {

namespace {

using spec::BusinessDate;

constexpr std::string_view kNotKnown = "NOT KNOWN";
// The last business date whose date-driven triggers were evaluated (days since 1970-01-01).
constexpr std::string_view kEvaluatedThrough = "notifications_evaluated_through";
// S_NOT45 "Medical Rotation Post Delete Indicator": ESR removes the position from its Master
// Medical Rotation.
constexpr std::string_view kPostDeleted = "DEL";

std::string office_of(std::string_view npn) { return spec::office_of_npn(npn); }

std::string gmc_or_empty(const Placement& p) {
  return spec::normalise_gmc(p.person.gmc_number).value_or("");
}

// What a placement of a person contributes to the VPD look-ups (S_NOT20, S_NOT24).
struct PersonPlacement {
  std::string id;
  BusinessDate start, end;
  std::string site_name;
};

// Reads the state the engine needs (state::NotificationSources), caching per post and per person
// for one run.
class StateReader {
 public:
  StateReader(db::Database& db, const NotificationRules& rules)
      : db_(db), rules_(rules), sources_(db) {}

  // Every present placement of a post (eligible or not).
  const std::vector<Placement>& placements_of_post(const std::string& npn) {
    auto found = posts_.find(npn);
    if (found != posts_.end()) return found->second;
    return posts_.emplace(npn, sources_.placements_of_post(npn)).first->second;
  }

  // The live, matched positions of a post, by position id.
  const std::vector<Position>& live_positions(const std::string& npn) {
    auto found = positions_cache_.find(npn);
    if (found != positions_cache_.end()) return found->second;
    return positions_cache_.emplace(npn, sources_.live_positions(npn)).first->second;
  }

  // The positions of a post that ESR has not deleted, matched or not, by position id (not cached:
  // a post's removal unmatches them, and it is rare).
  std::vector<Position> undeleted_positions(const std::string& npn) {
    return sources_.undeleted_positions(npn);
  }

  // The position, when it is live and matched now.
  std::optional<Position> live_position(std::int64_t position_id) {
    auto npn = sources_.live_post_of(position_id);
    if (!npn) return std::nullopt;
    for (const auto& position : live_positions(*npn)) {
      if (position.id == position_id) return position;
    }
    return std::nullopt;
  }

  // The dates of the applicant sent for (placement, position), if one was sent (YYYY-MM-DD).
  std::optional<state::SentApplicantDates> sent_applicant(const std::string& placement_id,
                                                          std::int64_t position_id) {
    return sources_.sent_applicant(placement_id, position_id);
  }

  // The person of a placement as the people table has them (empty when unknown).
  Person person_of(const Placement& placement) { return sources_.person(placement.person_id); }

  // The placement when the latest extract holds it (not cached: each event asks once).
  std::optional<Placement> present_placement(const std::string& id) {
    return sources_.present_placement(id);
  }

  // The post when the latest extract holds it.
  std::optional<state::TisPost> present_post(const std::string& npn) {
    return sources_.present_post(npn);
  }

  // S_NOT20: the site of the current trainee's next eligible placement (any post): the earliest
  // starting after min(as_of, end of the current one) and inside the window.
  std::string vpd_for_next_placement(const Placement& current, const BusinessDate& as_of) {
    auto lower = std::min(as_of, current.end);
    auto upper = as_of.plus_days(rules_.window_days);
    return vpd_of(current, [&](const PersonPlacement& other) {
      return lower < other.start && other.start < upper;
    });
  }

  // S_NOT24: the site of the next trainee's eligible placement current on as_of (or on the day
  // before the next placement starts, when that is earlier: on rotation day the one just ended).
  std::string vpd_of_current_placement(const Placement& next, const BusinessDate& as_of) {
    auto day = std::min(as_of, next.start.plus_days(-1));
    return vpd_of(
        next, [&](const PersonPlacement& other) { return other.start <= day && day <= other.end; });
  }

 private:
  template <typename Wanted>
  std::string vpd_of(const Placement& self, Wanted wanted) {
    const auto& all = person(self.person_id);
    const PersonPlacement* best = nullptr;
    for (const auto& other : all) {
      if (other.id == self.id || !wanted(other)) continue;
      if (best == nullptr || other.start < best->start ||
          (other.start == best->start && other.id < best->id)) {
        best = &other;
      }
    }
    if (best == nullptr || best->site_name.empty()) return std::string(kNotKnown);
    return best->site_name;
  }

  const std::vector<PersonPlacement>& person(const std::string& person_id) {
    if (!persons_loaded_) {
      persons_loaded_ = true;
      state::for_each_present_placement(db_, [&](state::PlacementSpan&& span) {
        if (!rules::is_eligible_placement(span.lifecycle, span.type)) return;
        persons_[span.person_id].push_back(
            {std::move(span.id), span.start, span.end, std::move(span.site_name)});
      });
    }
    static const std::vector<PersonPlacement> none;
    auto found = persons_.find(person_id);
    return found == persons_.end() || person_id.empty() ? none : found->second;
  }

  db::Database& db_;
  const NotificationRules& rules_;
  state::NotificationSources sources_;
  std::map<std::string, std::vector<Placement>> posts_;
  std::map<std::string, std::vector<Position>> positions_cache_;
  std::map<std::string, std::vector<PersonPlacement>> persons_;
  bool persons_loaded_ = false;
};

// A notification about to be stored.
struct Draft {
  std::string office;
  std::string npn;
  std::optional<std::int64_t> position_id;
  std::string placement_id;
  std::string cause;
  std::vector<std::string> values;
};

// Where each NOT field esrd fills sits in the loaded NOT record, looked up once by the field's
// interface name (docs/notifications.md has the source of every field).
struct NotLayout {
  explicit NotLayout(const spec::RecordSpec& not_record)
      : record(not_record),
        record_type(field("Record Type")),
        vpd(field("Notification VPD")),
        title_code(field("Notification Title Code")),
        source_body(field("Source LETB/Deanery Body")),
        position_number(field("ESR Position Number")),
        deanery_number(field("Deanery Post Number")),
        managing_office(field("Managing Deanery/HEE Local Office(former Deanery Body)")),
        position_title(field("ESR Position Title")),
        staff_group(field("ESR Job (Staff Group)")),
        organisation(field("ESR Organisation")),
        location(field("ESR Location")),
        occupation_code(field("Occupation Code")),
        host_lead(field("Host/Lead Employer Status (Lead Employer/Host Employer)")),
        current_last_name(field("(Current) Trainee Last Name")),
        current_first_name(field("(Current) Trainee First Name")),
        current_gmc(field("(Current) Trainee GMC Number")),
        current_end_date(field("(Current Trainee) Projected End Date")),
        current_next_vpd(field("(Current Trainee) VPD for next placement")),
        next_last_name(field("(Next Appointment) Trainee Last Name")),
        next_first_name(field("(Next Appointment) Trainee First Name")),
        next_gmc(field("(Next Appointment) Trainee GMC Number")),
        next_current_vpd(field("(Next Appointment) Current Placement VPD")),
        next_start_date(field("(Next Appointment) Projected Start Date")),
        next_email(field("(Next Appointment) Trainee Email Address")),
        placement_location(field("Trainee Placement Location")),
        withdrawn_last_name(field("Withdrawn Trainee Last Name")),
        withdrawn_first_name(field("Withdrawn Trainee First Name")),
        withdrawn_gmc(field("Withdrawn Trainee GMC Number")),
        withdrawal_reason(field("Withdrawal Reason")),
        next_grade(field("(Next Appointment) Trainee Grade")),
        hire_date_change(field("Change of Projected Hire Date")),
        end_date_change(field("Change of Projected End Date")),
        area_of_work(field("Post Specialty Area of Work")),
        working_hours(field("Working Hours Indicator")),
        vacant_next_rotation(field("Post Vacant at next Rotation")),
        post_delete(field("Medical Rotation Post Delete Indicator")) {}

  const spec::RecordSpec& record;
  std::size_t record_type, vpd, title_code, source_body, position_number, deanery_number,
      managing_office, position_title, staff_group, organisation, location, occupation_code,
      host_lead, current_last_name, current_first_name, current_gmc, current_end_date,
      current_next_vpd, next_last_name, next_first_name, next_gmc, next_current_vpd,
      next_start_date, next_email, placement_location, withdrawn_last_name, withdrawn_first_name,
      withdrawn_gmc, withdrawal_reason, next_grade, hire_date_change, end_date_change, area_of_work,
      working_hours, vacant_next_rotation, post_delete;

  [[nodiscard]] std::vector<std::string> empty_values() const {
    return std::vector<std::string>(record.fields.size());
  }

  // `text` cut to the field's width (X(n) counts characters): ESR rejects a longer value.
  [[nodiscard]] std::string fitted(std::size_t index, std::string_view text) const {
    return truncate_chars(text, static_cast<std::size_t>(record.fields[index].format.width()));
  }

 private:
  [[nodiscard]] std::size_t field(std::string_view name) const {
    return record.required_index(name);
  }
};

// Builds NOT values (docs/notifications.md has the source of every field).
class RecordBuilder {
 public:
  RecordBuilder(const NotLayout& layout, StateReader& reader) : f_(layout), reader_(reader) {}

  std::vector<std::string> type1(const Position& position, const IncumbentPair& pair,
                                 const BusinessDate& as_of) const {
    auto v = f_.empty_values();
    v[f_.record_type] = "NOT";
    v[f_.vpd] = notification_vpd(position.vpd);
    v[f_.title_code] = "1";
    v[f_.position_number] = position.number;
    v[f_.deanery_number] = position.deanery_number;
    v[f_.managing_office] = office_of(position.deanery_number);
    v[f_.position_title] = position.shown_title();
    v[f_.staff_group] = f_.fitted(f_.staff_group, position.staff_group);
    v[f_.organisation] = position.organisation;
    v[f_.location] = position.location;
    // A T_POS07 widened on input (a meaning, not a code) does not fit and is not copied.
    if (f_.fitted(f_.occupation_code, position.occupation_code) == position.occupation_code)
      v[f_.occupation_code] = position.occupation_code;
    v[f_.host_lead] = host_or_lead(position.host_lead);
    if (pair.current) {
      const auto& c = *pair.current;
      v[f_.current_last_name] = c.last_name();
      v[f_.current_first_name] = c.first_name();
      v[f_.current_gmc] = gmc_or_empty(c);
      v[f_.current_end_date] = c.end.compact();
      v[f_.current_next_vpd] =
          f_.fitted(f_.current_next_vpd, reader_.vpd_for_next_placement(c, as_of));
    }
    if (pair.next) {
      const auto& n = *pair.next;
      v[f_.next_last_name] = n.last_name();
      v[f_.next_first_name] = n.first_name();
      v[f_.next_gmc] = gmc_or_empty(n);
      v[f_.next_current_vpd] =
          f_.fitted(f_.next_current_vpd, reader_.vpd_of_current_placement(n, as_of));
      v[f_.next_start_date] = n.start.compact();
      v[f_.next_email] = n.person.email;
      v[f_.next_grade] = n.grade;
      v[f_.working_hours] = format_wte(n.wte);
    }
    v[f_.placement_location] = pair.next      ? pair.next->site_name
                               : pair.current ? pair.current->site_name
                                              : std::string();
    v[f_.area_of_work] = position.area_of_work;
    v[f_.vacant_next_rotation] = pair.next ? "N" : "Y";
    return v;
  }

  // Type 4: the type 1 without the current trainee's end date, the new start when it is after
  // `as_of`, and the new end.
  std::vector<std::string> type4(std::vector<std::string> v, const Placement& changed,
                                 const BusinessDate& as_of) const {
    v[f_.title_code] = "4";
    v[f_.current_end_date].clear();
    v[f_.hire_date_change] = as_of < changed.start ? changed.start.compact() : std::string();
    v[f_.end_date_change] = changed.end.compact();
    return v;
  }

  // Type 2: the type 1's position, current trainee, site and vacancy flag, without the next
  // trainee; the withdrawn trainee and reason 3 (TIS records no reason: "other").
  std::vector<std::string> type2(std::vector<std::string> v, const Placement& withdrawn) const {
    v[f_.title_code] = "2";
    for (auto next : {f_.next_last_name, f_.next_first_name, f_.next_gmc, f_.next_current_vpd,
                      f_.next_start_date, f_.next_email, f_.next_grade, f_.working_hours})
      v[next].clear();
    v[f_.withdrawn_last_name] = withdrawn.last_name();
    v[f_.withdrawn_first_name] = withdrawn.first_name();
    v[f_.withdrawn_gmc] = gmc_or_empty(withdrawn);
    v[f_.withdrawal_reason] = "3";
    return v;
  }

  // The type 1 telling ESR to take a position out of its Master Medical Rotation: the
  // position's fields, no trainee (the post has ended), vacant, and the delete indicator.
  std::vector<std::string> post_deleted(const Position& position, const BusinessDate& as_of) const {
    auto v = type1(position, IncumbentPair{}, as_of);
    v[f_.post_delete] = std::string(kPostDeleted);
    return v;
  }

  // Type 5: a new post; no position yet, so the post's numbers, the name of the local office
  // (the source body, which the seed asks for on this type) and the vacancy flag.
  std::vector<std::string> type5(const std::string& npn, const NotificationRules& rules) const {
    auto v = f_.empty_values();
    v[f_.record_type] = "NOT";
    v[f_.title_code] = "5";
    auto office = office_of(npn);
    if (auto name = rules.office_names.find(office); name != rules.office_names.end())
      v[f_.source_body] = f_.fitted(f_.source_body, name->second);
    v[f_.deanery_number] = npn;
    v[f_.managing_office] = office;
    v[f_.vacant_next_rotation] = "Y";
    return v;
  }

 private:
  const NotLayout& f_;
  StateReader& reader_;
};

// A notification just stored: its row and the NOT record line kept with it.
struct StoredLine {
  std::int64_t id;
  std::string line;
};

// Validates and stores notifications of one file type, each with its record line formatted once,
// here: the line is what the DNC/DNF writes and what a duplicate is told by.
class Sink {
 public:
  Sink(db::Transaction& transaction, const NotLayout& layout, std::string file_type,
       const BusinessDate& date, NotificationCounts& counts)
      : record_(layout.record),
        title_code_(layout.title_code),
        file_type_(std::move(file_type)),
        counts_(counts),
        store_(transaction, file_type_, date.iso(), util::utc_now_iso()) {}

  // The new row's id and line, or nullopt when invalid (held, logged) or a duplicate.
  std::optional<StoredLine> add(const Draft& draft) {
    std::vector<std::string_view> views(draft.values.begin(), draft.values.end());
    problems_.clear();
    spec::validate_record(record_, views, problems_);
    const auto& title = draft.values[title_code_];
    if (!problems_.empty()) {
      std::string reason;
      for (const auto& problem : problems_) {
        if (!reason.empty()) reason += "; ";
        auto label = problem.field_index < record_.fields.size()
                         ? record_.fields[problem.field_index].label()
                         : std::string("record");
        reason += fmt::format("{}: {}", label, problem.message);
      }
      spdlog::warn(
          "notification held: invalid file_type={} title={} office={} npn={} position={} "
          "placement={}"
          " cause=\"{}\" problems=\"{}\"",
          file_type_, title, draft.office, draft.npn,
          draft.position_id ? std::to_string(*draft.position_id) : std::string("-"),
          draft.placement_id.empty() ? std::string("-") : draft.placement_id, draft.cause, reason);
      ++counts_.held_invalid;
      return std::nullopt;
    }
    std::string line;
    dialect::append_record(line, record_, draft.values);
    auto id = store_.store(
        {draft.office, title, draft.npn, draft.position_id, draft.placement_id, draft.cause, line});
    if (!id) {
      ++counts_.duplicates;
      return std::nullopt;
    }
    ++counts_.stored;
    if (title == "1") ++counts_.type1;
    if (title == "2") ++counts_.type2;
    if (title == "4") ++counts_.type4;
    if (title == "5") ++counts_.type5;
    return StoredLine{*id, std::move(line)};
  }

  // Whether a DNC type 1 about `placement_id` on the position was stored (pending or sent).
  bool has_type1(const std::string& placement_id, std::int64_t position_id) {
    return store_.holds_dnc_type1(placement_id, position_id);
  }

 private:
  const spec::RecordSpec& record_;
  std::size_t title_code_;
  std::string file_type_;
  NotificationCounts& counts_;
  state::NotificationStore store_;
  std::vector<spec::FieldProblem> problems_;
};

const spec::RecordSpec& not_record(const spec::FileSpec& file_spec) {
  const auto* record = file_spec.find_record("NOT");
  if (record == nullptr) throw spec::SchemaError("the notification schema has no NOT record");
  return *record;
}

using Event = state::PendingTisEvent;

class Engine {
 public:
  Engine(db::Transaction& transaction, const spec::FileSpec& file_spec, const BusinessDate& date,
         const NotificationRules& rules)
      : transaction_(transaction),
        db_(transaction.database()),
        date_(date),
        rules_(rules),
        reader_(db_, rules_),
        layout_(not_record(file_spec)),
        builder_(layout_, reader_),
        sink_(transaction, layout_, "DNC", date, counts_) {}

  void consume_events() {
    auto events = state::unprocessed_tis_events(db_, date_);
    state::TisEventMarks marks(transaction_);
    for (const auto& event : events) {
      // The baseline raises nothing (DESIGN §6): neither do events of its business date.
      if (event.baseline_date && event.business_date > *event.baseline_date) handle(event);
      marks.processed(event.id);
      ++counts_.events;
    }
  }

  void date_triggers() {
    std::optional<long> through;
    if (auto value = state::counter_value(db_, kEvaluatedThrough))
      through = static_cast<long>(*value);
    const long today = date_.days_since_epoch();
    const long first_run_floor = today - 1;
    std::vector<std::pair<std::string, long>> offices;  // office, last day already evaluated
    for (const auto& baseline : state::tis_baselines(db_)) {
      auto baseline_date = BusinessDate::from_iso(baseline.business_date);
      if (!baseline_date) continue;
      long done = std::max({through.value_or(first_run_floor), baseline_date->days_since_epoch(),
                            today - rules_.window_days});
      if (done < today) offices.emplace_back(baseline.local_office, done);
    }
    for (const auto& [office, done] : offices) {
      window_entries(office, BusinessDate::from_days_since_epoch(done));
      rotations(office, BusinessDate::from_days_since_epoch(done));
    }
    state::raise_counter(transaction_, kEvaluatedThrough, static_cast<std::int64_t>(today));
  }

  [[nodiscard]] const NotificationCounts& counts() const { return counts_; }

 private:
  void handle(const Event& event) {
    if (event.kind == "post_created") return post_created(event);
    if (event.kind == "placement_created") return placement_created(event);
    if (event.kind == "placement_changed") return placement_changed(event);
    if (event.kind == "placement_deleted") return placement_deleted(event);
    if (event.kind == "position_live") return position_live(event);
    if (event.kind == "post_removed" || event.kind == "post_inactive") return post_ended(event);
  }

  // Current on D, or a next incumbent inside the window.
  bool in_scope(const Placement& p) const {
    auto facts = incumbent_facts(p);
    return rules::is_current(facts, date_) || rules::is_next(facts, date_, rules_.window_days);
  }

  void emit(const Position& position, const std::string& placement_id, std::string cause,
            std::vector<std::string> values) {
    sink_.add({position.local_office, position.deanery_number, position.id, placement_id,
               std::move(cause), std::move(values)});
  }

  // One type 1 per live position of the post, for the pair that holds `subject` on D.
  void type1_for(const Placement& subject, const std::string& cause) {
    auto pair =
        pair_of(reader_.placements_of_post(subject.npn), subject, date_, rules_.window_days);
    if (!pair) return;
    for (const auto& position : reader_.live_positions(subject.npn)) {
      emit(position, subject.id, cause, builder_.type1(position, *pair, date_));
    }
  }

  void post_created(const Event& event) {
    auto post = reader_.present_post(event.subject);
    if (!post) return;  // gone again before this run
    sink_.add({post->local_office,
               event.subject,
               std::nullopt,
               {},
               fmt::format("event {} post_created", event.id),
               builder_.type5(event.subject, rules_)});
  }

  // A position that became live and matched after the placements of its post were notified
  // (it arrived late, came back from `D`, became matched, or moved post): each pair of the post
  // on D whose subject (the next, else the current) has no DNC type 1 on this position yet gets
  // one, as if the position had been there all along. Checking the stored type 1s makes it once
  // per (placement, position), whichever trigger sent it.
  void position_live(const Event& event) {
    std::int64_t position_id = 0;
    const auto* end = event.subject.data() + event.subject.size();
    auto [rest, error] = std::from_chars(event.subject.data(), end, position_id);
    if (error != std::errc() || rest != end) return;
    auto position = reader_.live_position(position_id);
    if (!position) return;  // deleted or unmatched again before this run
    const auto& post = reader_.placements_of_post(position->deanery_number);
    auto cause = fmt::format("event {} position_live", event.id);
    for (const auto& pair : incumbent_pairs(post, date_, rules_.window_days)) {
      const auto& subject = pair.next ? *pair.next : *pair.current;
      if (sink_.has_type1(subject.id, position->id)) continue;
      emit(*position, subject.id, cause, builder_.type1(*position, pair, date_));
    }
  }

  // A post removed from TIS, or made INACTIVE: each of its positions that ESR has not deleted
  // gets one type 1 with S_NOT45 DEL. After a removal the rematch has unmatched them, so matched
  // is not required. A post back (present again, or CURRENT again) by the time of the run gives
  // nothing, and so does the removal of a post already INACTIVE: its DEL went out then.
  void post_ended(const Event& event) {
    bool removed = event.kind == "post_removed";
    auto post = reader_.present_post(event.subject);
    if (removed ? post.has_value() : (!post || post->status != "INACTIVE")) return;
    if (removed && event.previous_status == "INACTIVE") return;
    auto cause = fmt::format("event {} {} DEL", event.id, event.kind);
    for (const auto& position : reader_.undeleted_positions(event.subject)) {
      emit(position, {}, cause, builder_.post_deleted(position, date_));
    }
  }

  void placement_created(const Event& event) {
    auto placement = reader_.present_placement(event.subject);
    if (!placement || !is_eligible(*placement) || !in_scope(*placement)) return;
    type1_for(*placement, fmt::format("event {} placement_created", event.id));
  }

  void placement_changed(const Event& event) {
    auto placement = reader_.present_placement(event.subject);
    if (!placement || !is_eligible(*placement)) return;  // APPROVED -> DRAFT withdraws nothing
    const auto& previous = event.previous;
    const auto& x = *placement;
    rules::PlacementChangeFacts facts;
    facts.previous_known = previous.has_value();
    facts.previous_eligible = previous && is_eligible(*previous);
    facts.same_post = previous && previous->npn == x.npn;
    facts.dates_changed = !previous || previous->start != x.start || previous->end != x.end;
    facts.wte_changed = previous && format_wte(previous->wte) != format_wte(x.wte);
    const auto& post = reader_.placements_of_post(x.npn);
    for (const auto& position : reader_.live_positions(x.npn)) {
      auto sent = facts.same_post ? reader_.sent_applicant(x.id, position.id) : std::nullopt;
      facts.applicant_sent = sent.has_value();
      facts.sent_dates_differ =
          sent && (sent->start_date != x.start.iso() || sent->end_date != x.end.iso());
      auto verdict = rules::placement_change(facts);
      if (verdict.notice == rules::ChangeNotice::none) continue;
      // A type 1 alone waits for the placement to come within the notification window.
      if (verdict.notice == rules::ChangeNotice::type1 && !in_scope(x)) continue;
      auto pair = pair_of(post, x, date_, rules_.window_days);
      if (!pair) continue;
      auto cause = fmt::format("event {} placement_changed {}", event.id, verdict.why);
      auto one = builder_.type1(position, *pair, date_);
      if (verdict.notice == rules::ChangeNotice::type4_then_type1) {
        emit(position, x.id, cause, builder_.type4(one, x, date_));
      }
      emit(position, x.id, cause, one);
    }
  }

  void placement_deleted(const Event& event) {
    auto withdrawn = event.previous;
    if (!withdrawn) return;
    // Events keep no personal data: the type 2 names the trainee as the people table has them.
    withdrawn->person = reader_.person_of(*withdrawn);
    const auto& post = reader_.placements_of_post(withdrawn->npn);
    for (const auto& position : reader_.live_positions(withdrawn->npn)) {
      // Only a placement ESR knows (sent as an applicant on this position) is withdrawn.
      if (!reader_.sent_applicant(withdrawn->id, position.id)) continue;
      auto pair = pair_after_withdrawal(post, *withdrawn, date_, rules_.window_days);
      auto one = builder_.type1(position, pair, date_);
      auto cause = fmt::format("event {} placement_deleted (sent applicant)", event.id);
      emit(position, withdrawn->id, cause, builder_.type2(one, *withdrawn));
      emit(position, withdrawn->id, cause, one);
    }
  }

  // Placements that entered the window on a day in (done, D]: start - (window - 1) in that range.
  void window_entries(const std::string& office, const BusinessDate& done) {
    auto first = done.plus_days(rules_.window_days);
    auto last = date_.plus_days(rules_.window_days - 1);
    std::vector<Placement> entering;
    for (auto& placement : state::placements_starting(db_, office, first, last)) {
      if (is_eligible(placement)) entering.push_back(std::move(placement));
    }
    std::stable_sort(entering.begin(), entering.end(), [](const Placement& a, const Placement& b) {
      return a.npn != b.npn ? a.npn < b.npn : rules::starts_before(a, b);
    });
    for (const auto& placement : entering) {
      type1_for(placement, fmt::format("window entry (start {})", placement.start.iso()));
    }
  }

  // Rotation days in (done, D]: on day R the placements ending R-1 hand over to those starting R
  // at the same site; a post whose leavers have no incumbent after them falls vacant.
  void rotations(const std::string& office, const BusinessDate& done) {
    std::set<std::pair<std::string, std::string>> days;  // (R, npn)
    for (const auto& [npn, start, end] : state::placements_starting_or_ending(
             db_, office, {done.plus_days(1), date_}, {done, date_.plus_days(-1)})) {
      if (start && done < *start && *start <= date_) days.emplace(start->iso(), npn);
      if (end && done <= *end && *end < date_) days.emplace(end->plus_days(1).iso(), npn);
    }
    for (const auto& [day_text, npn] : days) {
      auto day = *BusinessDate::from_iso(day_text);
      auto rotation = rotation_pairs(reader_.placements_of_post(npn), day);
      for (const auto& pair : rotation.handovers) {
        for (const auto& position : reader_.live_positions(npn)) {
          emit(position, pair.next->id, fmt::format("rotation day {}", day_text),
               builder_.type1(position, pair, day));
        }
      }
      for (const auto& pair : rotation.vacated) {
        for (const auto& position : reader_.live_positions(npn)) {
          emit(position, pair.current->id, fmt::format("post vacant from {}", day_text),
               builder_.type1(position, pair, day));
        }
      }
    }
  }

  db::Transaction& transaction_;
  db::Database& db_;
  BusinessDate date_;
  NotificationRules rules_;
  NotificationCounts counts_;
  StateReader reader_;
  NotLayout layout_;
  RecordBuilder builder_;
  Sink sink_;
};

}  // namespace

NotificationCounts generate_notifications(db::Transaction& transaction,
                                          const spec::FileSpec& notification_spec,
                                          const spec::BusinessDate& date,
                                          const NotificationRules& rules) {
  Engine engine(transaction, notification_spec, date, rules);
  engine.consume_events();
  engine.date_triggers();
  const auto& counts = engine.counts();
  spdlog::info(
      "notifications date={} events={} stored={} type1={} type2={} type4={} type5={} duplicates={}"
      " held_invalid={}",
      date.iso(), counts.events, counts.stored, counts.type1, counts.type2, counts.type4,
      counts.type5, counts.duplicates, counts.held_invalid);
  return counts;
}

std::vector<Reserved> export_dnf(db::Database& db, Publisher& publisher,
                                 const spec::FileSpec& notification_spec, const ExportScope& scope,
                                 const NotificationRules& rules) {
  if (!scope.local_office || scope.local_office->empty()) {
    throw std::invalid_argument("a DNF is for one local office: give the office");
  }
  const auto& office = *scope.local_office;
  NotLayout layout(not_record(notification_spec));
  NotificationCounts counts;
  std::int64_t written = 0;
  auto fill = [&](db::Transaction& transaction, OutboundFile& file) {
    if (auto sent = state::sent_dnf(db, office, scope.date.iso())) {
      spdlog::warn(
          "file_type=DNF office={} date={} not written: already sent as {} (a copy is in the "
          "archive)",
          office, scope.date.iso(), *sent);
      return false;
    }
    StateReader reader(db, rules);
    RecordBuilder builder(layout, reader);
    Sink sink(transaction, layout, "DNF", scope.date, counts);
    auto npns = state::posts_with_live_positions(db, office);
    // Positions in id order, each with the pairs of its post.
    std::map<std::string, std::vector<IncumbentPair>> pairs_by_post;
    for (const auto& npn : npns) {
      pairs_by_post[npn] =
          incumbent_pairs(reader.placements_of_post(npn), scope.date, rules.window_days);
    }
    std::vector<const Position*> positions;
    for (const auto& npn : npns) {
      for (const auto& position : reader.live_positions(npn)) {
        if (position.local_office == office) positions.push_back(&position);
      }
    }
    std::sort(positions.begin(), positions.end(),
              [](const Position* a, const Position* b) { return a->id < b->id; });
    for (const auto* position : positions) {
      for (const auto& pair : pairs_by_post[position->deanery_number]) {
        const auto& subject = pair.next ? *pair.next : *pair.current;
        auto stored = sink.add({office, position->deanery_number, position->id, subject.id,
                                "DNF snapshot", builder.type1(*position, pair, scope.date)});
        if (!stored) continue;
        file.content += stored->line;
        file.content += scope.line_endings.dnf;
        ++written;
      }
    }
    if (written == 0 && !scope.write_empty_files) {
      spdlog::info("file_type=DNF office={} date={} nothing to send held_invalid={}", office,
                   scope.date.iso(), counts.held_invalid);
      return false;
    }
    file.records = written;
    return true;
  };
  // The office's DNF of the date holds every notification the snapshot stored (a DNF is made and
  // marked in one transaction, so no other waits), in the order they were stored.
  auto mark = [&](db::Transaction& transaction, const Reserved& dnf) {
    auto marked = state::mark_dnf_exported(transaction, office, scope.date.iso(), dnf.file_id);
    if (marked != written) {
      throw std::logic_error(fmt::format("DNF of {}: {} notification(s) written but {} marked",
                                         office, written, marked));
    }
  };
  auto dnf = export_office_file(db, publisher, {"DNF", office, scope.date, {}, 0}, fill, mark);
  if (!dnf) return {};
  spdlog::info("file={} type=DNF office={} notifications={} held_invalid={}", dnf->name, office,
               written, counts.held_invalid);
  return {*dnf};
}

}  // namespace esr::outbound
