// How a trace reads: the plain-text story for the operator and the JSON for scripts. Both show
// only what build_trace put in the report, which never holds a personal value.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "esr/report/trace.hpp"

namespace esr::report {

using nlohmann::json;

const char* to_string(TraceBy by) {
  switch (by) {
    case TraceBy::placement:
      return "placement";
    case TraceBy::npn:
      return "npn";
    case TraceBy::position:
      return "position";
    case TraceBy::person:
      return "person";
    case TraceBy::file:
      return "file";
  }
  return "unknown";
}

std::string format_trace_text(const TraceReport& report) {
  std::string out =
      fmt::format("trace {} {} as of {} (applicant window {})\n", to_string(report.query.by),
                  report.query.value, report.query.date.iso(), report.window);
  for (const auto& subject : report.subjects) {
    out += fmt::format("\n{} {}\n", subject.kind, subject.id);
    for (const auto& [key, value] : subject.facts) out += fmt::format("  {}: {}\n", key, value);
    if (subject.checked && subject.checks.empty()) out += "  checks: identifiers and codes pass\n";
    if (!subject.checks.empty()) out += "  checks:\n";
    for (const auto& check : subject.checks) out += fmt::format("    {}\n", check);
    if (!subject.events.empty()) out += "  story:\n";
    for (const auto& e : subject.events) {
      out += fmt::format("    {}  {:<12} {}\n", e.date.empty() ? std::string(10, ' ') : e.date,
                         e.kind, e.text);
    }
    if (!subject.outcomes.empty() && subject.kind != "file") out += "  now:\n";
    for (const auto& o : subject.outcomes) {
      if (subject.kind == "file") break;
      out += fmt::format(
          "    placement {}{}: {}: {}. {}\n", o.placement_id,
          o.position_id ? fmt::format(" on position {}", *o.position_id) : " (no ESR position)",
          o.status, o.reason, o.to_go);
    }
  }
  out += fmt::format("\nverdict: {}\n", report.verdict);
  return out;
}

std::string format_trace_json(const TraceReport& report) {
  json out;
  out["query"] = {{"by", to_string(report.query.by)},
                  {"value", report.query.value},
                  {"date", report.query.date.iso()},
                  {"window_min_days", report.query.window_min_days},
                  {"window_max_days", report.query.window_max_days}};
  out["found"] = report.found;
  out["window"] = report.window;
  out["subjects"] = json::array();
  for (const auto& subject : report.subjects) {
    json s;
    s["kind"] = subject.kind;
    s["id"] = subject.id;
    s["facts"] = json::object();
    for (const auto& [key, value] : subject.facts) s["facts"][key] = value;
    s["events"] = json::array();
    for (const auto& e : subject.events) {
      json event = {{"date", e.date}, {"at", e.at}, {"kind", e.kind}, {"text", e.text}};
      if (!e.file.empty()) event["file"] = e.file;
      if (e.ordinal > 0) event["ordinal"] = e.ordinal;
      s["events"].push_back(std::move(event));
    }
    s["outcomes"] = json::array();
    for (const auto& o : subject.outcomes) {
      json outcome = {{"placement_id", o.placement_id},
                      {"state", o.state},
                      {"status", o.status},
                      {"reason", o.reason},
                      {"to_go", o.to_go},
                      {"done", o.done}};
      outcome["position_id"] = o.position_id ? json(*o.position_id) : json(nullptr);
      s["outcomes"].push_back(std::move(outcome));
    }
    if (subject.checked) s["checks"] = subject.checks;
    s["verdict"] = subject.verdict;
    out["subjects"].push_back(std::move(s));
  }
  out["verdict"] = report.verdict;
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace esr::report
