#include "esr/spec/record_repair.hpp"

#include <fmt/format.h>

#include <set>
#include <string_view>

#include "esr/spec/record_validator.hpp"

namespace esr::spec {

namespace {

std::vector<FieldProblem> problems_of(const RecordSpec& spec,
                                      const std::vector<std::string>& values) {
  std::vector<std::string_view> views(values.begin(), values.end());
  std::vector<FieldProblem> problems;
  validate_record(spec, views, problems);
  return problems;
}

std::string label_of(const RecordSpec& spec, std::size_t index) {
  return index < spec.fields.size() ? spec.fields[index].label() : std::string("record");
}

bool may_be_left_out(const FieldSpec& field) {
  return !field.format.mandatory() && !field.essential && !field.constant;
}

}  // namespace

RecordVerdict check_and_repair(const RecordSpec& spec, std::vector<std::string>& values) {
  RecordVerdict verdict;
  auto problems = problems_of(spec, values);
  if (values.size() != spec.fields.size()) {
    for (const auto& problem : problems) verdict.blocking.push_back(problem.message);
    return verdict;
  }
  std::set<std::string> groups_left_out;
  bool repaired = false;
  for (const auto& problem : problems) {
    if (problem.field_index >= spec.fields.size()) continue;
    const auto& field = spec.fields[problem.field_index];
    if (!may_be_left_out(field)) continue;
    auto why = fmt::format("{}: {}", field.label(), problem.message);
    if (field.group.empty()) {
      values[problem.field_index].clear();
      verdict.left_out.push_back(fmt::format("{} left out: {}", field.label(), problem.message));
      repaired = true;
      continue;
    }
    if (!groups_left_out.insert(field.group).second) continue;  // one line per group
    for (std::size_t i = 0; i < spec.fields.size(); ++i) {
      if (spec.fields[i].group == field.group) values[i].clear();
    }
    verdict.left_out.push_back(fmt::format("{} left out: {}", field.group, why));
    repaired = true;
  }
  if (repaired) problems = problems_of(spec, values);
  for (const auto& problem : problems) {
    verdict.blocking.push_back(
        fmt::format("{}: {}", label_of(spec, problem.field_index), problem.message));
  }
  if (verdict.usable()) spec.canonicalise(std::span<std::string>(values));
  return verdict;
}

}  // namespace esr::spec
