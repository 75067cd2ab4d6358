#include "esr/schedule/scheduler.hpp"

#include <date/date.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "esr/jobs/job_log.hpp"
#include "esr/schedule/missed_run_policy.hpp"

namespace esr::schedule {

std::string iso_utc(std::chrono::sys_seconds t) { return date::format("%Y-%m-%dT%H:%M:%SZ", t); }

namespace {

// Reads the YYYY-MM-DDTHH:MM:SSZ written by iso_utc (date::parse trips GCC's uninitialised
// warnings in the library's own code, so the fixed form is read by hand).
std::optional<std::chrono::sys_seconds> parse_iso_utc(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (text.size() != 20 ||
      std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &s) != 6) {
    return std::nullopt;
  }
  auto day =
      date::year{y} / date::month{static_cast<unsigned>(mo)} / date::day{static_cast<unsigned>(d)};
  if (!day.ok()) return std::nullopt;
  return std::chrono::sys_seconds{date::sys_days{day}.time_since_epoch()} + std::chrono::hours{h} +
         std::chrono::minutes{mi} + std::chrono::seconds{s};
}

spec::BusinessDate local_date(const Slot& slot) {
  date::year_month_day ymd{date::floor<date::days>(slot.local)};
  return spec::BusinessDate{static_cast<int>(ymd.year()),
                            static_cast<int>(static_cast<unsigned>(ymd.month())),
                            static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

}  // namespace

std::optional<Plan> build_plan(const std::vector<std::string>& collect,
                               const std::vector<std::string>& export_slots,
                               const std::string& timezone, const std::string& grace,
                               std::string* error) {
  Plan plan;
  auto duration = parse_duration(grace, error);
  if (!duration) {
    if (error != nullptr) *error = "schedule.grace: " + *error;
    return std::nullopt;
  }
  plan.grace = *duration;
  auto add = [&](const std::string& job, const std::vector<std::string>& expressions) {
    for (const auto& expression : expressions) {
      std::string why;
      auto schedule = ZonedSchedule::create(expression, timezone, &why);
      if (!schedule) {
        if (error != nullptr) *error = fmt::format("schedule.{} '{}': {}", job, expression, why);
        return false;
      }
      plan.jobs.push_back({job, *schedule});
    }
    return true;
  };
  if (!add("collect", collect) || !add("export", export_slots)) return std::nullopt;
  return plan;
}

Scheduler::Scheduler(db::Database& db, Plan plan, const Clock& clock)
    : db_(db), plan_(std::move(plan)), clock_(clock) {}

std::vector<DueRun> Scheduler::startup() {
  if (auto crashed = jobs::mark_crashed_runs(db_); crashed > 0) {
    spdlog::warn(
        "scheduler event=crashed_runs_found count={} detail=\"a job was running when esrd "
        "stopped\"",
        crashed);
  }
  auto now = clock_.now();
  std::vector<DueRun> due;
  std::map<std::string, std::optional<std::chrono::sys_seconds>> last_runs;
  for (const auto& planned : plan_.jobs) {
    if (!last_runs.count(planned.job)) {
      auto text = jobs::last_scheduled_slot_at(db_, planned.job);
      last_runs[planned.job] = text ? parse_iso_utc(*text) : std::nullopt;
    }
  }
  // Per job, only the latest missed slot within grace runs, whichever of the job's expressions
  // it came from; every other missed slot is reported.
  std::map<std::string, std::vector<Slot>> missed_by_job;
  std::map<std::string, std::optional<Slot>> catch_up;
  for (const auto& planned : plan_.jobs) {
    auto decision = decide_missed_runs(planned.schedule, now, last_runs[planned.job], plan_.grace);
    auto& missed = missed_by_job[planned.job];
    missed.insert(missed.end(), decision.missed.begin(), decision.missed.end());
    if (decision.missed_truncated) {
      spdlog::warn("job={} event=missed_truncated detail=\"more missed slots than listed\"",
                   planned.job);
    }
    if (!decision.run_now) continue;
    auto& best = catch_up[planned.job];
    if (!best || best->at < decision.run_now->at) {
      if (best) missed.push_back(*best);
      best = decision.run_now;
    } else if (best->at != decision.run_now->at) {
      missed.push_back(*decision.run_now);
    }
  }
  for (auto& [job, missed] : missed_by_job) {
    std::sort(missed.begin(), missed.end(),
              [](const Slot& a, const Slot& b) { return a.at < b.at; });
    std::optional<std::chrono::sys_seconds> previous;
    for (const auto& slot : missed) {
      if (previous && *previous == slot.at) continue;  // two expressions meeting at one instant
      previous = slot.at;
      jobs::record_missed(
          db_, job, slot.key, iso_utc(slot.at),
          "esrd was not running at this time and a later slot of the job caught up instead, "
          "or the slot is older than the grace period");
      spdlog::warn(
          "job={} slot={} event=missed detail=\"not run: esrd was down; only the latest slot "
          "within {}s "
          "of start-up runs\"",
          job, slot.key, plan_.grace.count());
    }
  }
  for (const auto& [job, slot] : catch_up) {
    if (!slot) continue;
    spdlog::info(
        "job={} slot={} event=catch_up detail=\"missed while esrd was down; within grace, runs "
        "now\"",
        job, slot->key);
    due.push_back({job, *slot, local_date(*slot)});
  }
  return due;
}

std::optional<std::pair<std::chrono::sys_seconds, std::vector<DueRun>>> Scheduler::next_after(
    std::chrono::sys_seconds after) const {
  std::optional<std::chrono::sys_seconds> earliest;
  std::vector<DueRun> due;
  for (const auto& planned : plan_.jobs) {
    auto slot = planned.schedule.next_slot_after(after);
    if (!slot) continue;
    if (!earliest || slot->at < *earliest) {
      earliest = slot->at;
      due.clear();
    }
    if (slot->at == *earliest) {
      bool duplicate = false;
      // One run per job per instant, even when two of its expressions meet there (the spring gap).
      for (const auto& run : due) duplicate = duplicate || run.job == planned.job;
      if (!duplicate) due.push_back({planned.job, *slot, local_date(*slot)});
    }
  }
  if (!earliest) return std::nullopt;
  return std::make_pair(*earliest, due);
}

std::optional<std::int64_t> Scheduler::claim(const DueRun& run) {
  return jobs::start_run(db_, run.job, run.slot.key, iso_utc(run.slot.at), run.date);
}

jobs::RunOutcome Scheduler::run_claimed(std::int64_t run_id, const DueRun& run,
                                        const std::function<jobs::RunOutcome()>& work) {
  return jobs::run_claimed(db_, run_id, run.job, run.slot.key, run.date, work);
}

}  // namespace esr::schedule
