#include "esr/spec/reference_lists.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "esr/spec/coded_text.hpp"

namespace esr::spec {

namespace {

using nlohmann::json;

std::string text_of(const json& object, const char* key, const std::string& origin) {
  auto found = object.find(key);
  if (found == object.end())
    throw ReferenceError(fmt::format("{}: key '{}' is missing", origin, key));
  if (!found->is_string())
    throw ReferenceError(fmt::format("{}: '{}' must be a string", origin, key));
  return found->get<std::string>();
}

}  // namespace

const ReferenceValue* ReferenceList::find(std::string_view code) const {
  for (const auto& value : values) {
    if (value.code == code) return &value;
  }
  return nullptr;
}

ReferenceList ReferenceLists::parse_list(std::string_view json_text, const std::string& origin) {
  auto parsed = json::parse(json_text, nullptr, false);
  if (parsed.is_discarded()) throw ReferenceError(fmt::format("{}: not valid JSON", origin));
  if (!parsed.is_object()) throw ReferenceError(fmt::format("{}: a list is a JSON object", origin));
  ReferenceList list;
  list.name = text_of(parsed, "name", origin);
  if (list.name.empty()) throw ReferenceError(fmt::format("{}: 'name' is empty", origin));
  list.source = text_of(parsed, "source", origin);
  if (list.source.empty()) {
    throw ReferenceError(
        fmt::format("{}: 'source' is empty; every list says where it comes from", origin));
  }
  auto closed = parsed.find("closed");
  if (closed == parsed.end() || !closed->is_boolean()) {
    throw ReferenceError(fmt::format("{}: 'closed' must be true or false", origin));
  }
  list.closed = closed->get<bool>();
  auto values = parsed.find("values");
  if (values == parsed.end() || !values->is_array()) {
    throw ReferenceError(fmt::format("{}: 'values' must be an array", origin));
  }
  std::set<std::string> codes;
  std::size_t index = 0;
  for (const auto& item : *values) {
    auto where = fmt::format("{}: values[{}]", origin, index++);
    if (!item.is_object())
      throw ReferenceError(fmt::format("{}: a value is an object {{code, meaning}}", where));
    ReferenceValue value{text_of(item, "code", where), text_of(item, "meaning", where)};
    if (value.code.empty() || trim_blanks(value.code) != value.code) {
      throw ReferenceError(fmt::format("{}: 'code' is empty or has surrounding spaces", where));
    }
    if (!codes.insert(value.code).second) {
      throw ReferenceError(fmt::format("{}: code '{}' appears twice", where, value.code));
    }
    list.values.push_back(std::move(value));
  }
  if (list.values.empty()) throw ReferenceError(fmt::format("{}: 'values' is empty", origin));
  return list;
}

ReferenceLists ReferenceLists::load(const std::filesystem::path& folder) {
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) {
    throw ReferenceError(fmt::format("{}: not a folder of reference lists", folder.string()));
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path());
  }
  if (ec) throw ReferenceError(fmt::format("{}: cannot list: {}", folder.string(), ec.message()));
  std::sort(files.begin(), files.end());
  ReferenceLists lists;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ReferenceError(fmt::format("{}: cannot be read", file.string()));
    std::ostringstream text;
    text << in.rdbuf();
    auto list = parse_list(text.str(), file.string());
    if (lists.find(list.name) != nullptr) {
      throw ReferenceError(fmt::format("{}: a second list named '{}'", file.string(), list.name));
    }
    lists.lists_.push_back(std::move(list));
  }
  if (lists.lists_.empty())
    throw ReferenceError(fmt::format("{}: holds no *.json list", folder.string()));
  return lists;
}

const ReferenceList* ReferenceLists::find(std::string_view name) const {
  for (const auto& list : lists_) {
    if (list.name == name) return &list;
  }
  return nullptr;
}

std::optional<ReferenceFinding> ReferenceLists::check(std::string_view list_name,
                                                      std::string_view value) const {
  const auto* list = find(list_name);
  if (list == nullptr) throw ReferenceError(fmt::format("no reference list named '{}'", list_name));
  auto wanted = trim_blanks(value);
  if (wanted.empty() || list->find(wanted) != nullptr) return std::nullopt;
  ReferenceFinding finding;
  finding.list = list->name;
  for (const auto& known : list->values) {
    if (equal_ignoring_ascii_case(known.code, wanted)) {
      finding.severity = ReferenceFinding::Severity::warning;
      finding.message = fmt::format("'{}' is written '{}' in the {} list {}", wanted, known.code,
                                    list->closed ? "closed" : "open", list->name);
      return finding;
    }
  }
  if (list->closed) {
    finding.severity = ReferenceFinding::Severity::error;
    finding.message = fmt::format("'{}' is not in the closed list {} ({} values allowed)", wanted,
                                  list->name, list->values.size());
  } else {
    finding.severity = ReferenceFinding::Severity::warning;
    finding.message =
        fmt::format("'{}' is not in the open list {} (accepted; the list expects one of {} values)",
                    wanted, list->name, list->values.size());
  }
  return finding;
}

}  // namespace esr::spec
