#include "esr/spec/schema_registry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "esr/spec/identifier_rules.hpp"

namespace esr::spec {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& origin, const std::string& where,
                       const std::string& what) {
  throw SchemaError(fmt::format("{}: {}: {}", origin, where, what));
}

std::string text(const json& node, const char* key, const std::string& origin,
                 const std::string& where, bool required = true) {
  auto it = node.find(key);
  if (it == node.end()) {
    if (required) fail(origin, where, fmt::format("missing key '{}'", key));
    return {};
  }
  if (!it->is_string()) fail(origin, where, fmt::format("'{}' must be a string", key));
  return it->get<std::string>();
}

std::vector<std::string> strings(const json& node, const char* key, const std::string& origin,
                                 const std::string& where) {
  std::vector<std::string> out;
  auto it = node.find(key);
  if (it == node.end()) return out;
  if (!it->is_array()) fail(origin, where, fmt::format("'{}' must be an array of strings", key));
  for (const auto& item : *it) {
    if (!item.is_string()) fail(origin, where, fmt::format("'{}' must hold strings", key));
    out.push_back(item.get<std::string>());
  }
  return out;
}

// A field as read, before references to other fields are resolved to indexes.
struct RawField {
  FieldSpec spec;
  std::string required_if_ref{};
  std::vector<std::string> required_if_values{};
  std::vector<std::string> required_with_refs{};
  std::string identifier_body_ref{};
};

RawField read_field(const json& node, const std::string& origin, const std::string& where) {
  if (!node.is_object()) fail(origin, where, "a field must be an object");
  std::string name = text(node, "name", origin, where);
  std::string at = fmt::format("{} field '{}'", where, name);
  std::string error;
  auto notation = text(node, "format", origin, at);
  auto format = FieldFormat::parse(notation, &error);
  if (!format) fail(origin, at, error);
  RawField raw{.spec = FieldSpec{.ref = text(node, "ref", origin, at, false),
                                 .name = name,
                                 .format = *format,
                                 .comment = text(node, "comment", origin, at, false),
                                 .reference = text(node, "reference", origin, at, false)}};
  if (node.contains("constant")) raw.spec.constant = text(node, "constant", origin, at);
  raw.spec.values = strings(node, "values", origin, at);
  for (const auto& value : raw.spec.values) {
    // A listed value is accepted without the format check: it must pass it.
    if (auto reason = raw.spec.format.check(value)) {
      fail(origin, at, fmt::format("listed value '{}' {}", value, *reason));
    }
  }
  raw.spec.group = text(node, "group", origin, at, false);
  if (auto it = node.find("essential"); it != node.end()) {
    if (!it->is_boolean()) fail(origin, at, "'essential' must be true or false");
    raw.spec.essential = it->get<bool>();
  }
  if (raw.spec.essential && !raw.spec.group.empty()) {
    fail(origin, at, "an essential field cannot be in a group that may be left out");
  }
  auto date = text(node, "date", origin, at, false);
  if (date == "YYYYMMDD") {
    raw.spec.date = DateStyle::compact;
  } else if (date == "YYYY-MM-DD") {
    raw.spec.date = DateStyle::iso;
  } else if (!date.empty()) {
    fail(origin, at, fmt::format("date must be YYYYMMDD or YYYY-MM-DD, not '{}'", date));
  }
  if (auto it = node.find("personal"); it != node.end()) {
    if (!it->is_boolean()) fail(origin, at, "'personal' must be true or false");
    raw.spec.personal = it->get<bool>();
  }
  if (auto it = node.find("required_if"); it != node.end()) {
    raw.required_if_ref = text(*it, "field", origin, at + " required_if");
    raw.required_if_values = strings(*it, "values", origin, at + " required_if");
  }
  raw.required_with_refs = strings(node, "required_with", origin, at);
  if (auto it = node.find("identifier"); it != node.end()) {
    // "gmc", or {"body_field": REF}: the rule named by that field's value (GMC, GDC...).
    if (it->is_object()) {
      raw.identifier_body_ref = text(*it, "body_field", origin, at + " identifier");
    } else {
      raw.spec.identifier = text(node, "identifier", origin, at);
      if (find_identifier_rule(raw.spec.identifier) == nullptr) {
        fail(origin, at,
             fmt::format("unknown identifier rule '{}'; known: {}", raw.spec.identifier,
                         identifier_rule_names()));
      }
    }
  }
  if (raw.spec.personal && !raw.spec.reference.empty()) {
    // A reference-list warning quotes the value: never for a personal field.
    fail(origin, at, "a personal field cannot have a reference list");
  }
  return raw;
}

std::vector<FieldSpec> read_fields(const json& list, const std::string& origin,
                                   const std::string& where) {
  if (!list.is_array() || list.empty()) fail(origin, where, "'fields' must be a non-empty array");
  std::vector<RawField> raws;
  for (const auto& node : list) raws.push_back(read_field(node, origin, where));
  auto resolve = [&](const std::string& ref, const std::string& field) -> std::size_t {
    for (std::size_t i = 0; i < raws.size(); ++i) {
      if (raws[i].spec.ref == ref || raws[i].spec.name == ref) return i;
    }
    fail(origin, where, fmt::format("field '{}' refers to unknown field '{}'", field, ref));
  };
  for (auto& raw : raws) {
    if (!raw.required_if_ref.empty()) {
      raw.spec.required_if =
          RequiredIf{resolve(raw.required_if_ref, raw.spec.name), raw.required_if_values};
    }
    for (const auto& ref : raw.required_with_refs) {
      raw.spec.required_with.push_back(resolve(ref, raw.spec.name));
    }
    if (!raw.identifier_body_ref.empty()) {
      raw.spec.identifier_body = resolve(raw.identifier_body_ref, raw.spec.name);
    }
  }
  std::vector<FieldSpec> fields;
  for (auto& raw : raws) fields.push_back(std::move(raw.spec));
  return fields;
}

}  // namespace

FileSpec SchemaRegistry::parse_schema(std::string_view json_text, const std::string& origin) {
  json root;
  try {
    root = json::parse(json_text);
  } catch (const json::parse_error& e) {
    fail(origin, "JSON", e.what());
  }
  if (!root.is_object()) fail(origin, "top level", "must be an object");
  FileSpec spec;
  spec.type = text(root, "type", origin, "top level");
  std::string where = "schema " + spec.type;
  spec.file_types = strings(root, "file_types", origin, where);
  spec.title = text(root, "title", origin, where, false);
  spec.source = text(root, "source", origin, where, false);
  auto direction = text(root, "direction", origin, where);
  if (direction == "inbound") {
    spec.direction = Direction::inbound;
  } else if (direction == "outbound") {
    spec.direction = Direction::outbound;
  } else if (direction == "extract") {
    spec.direction = Direction::extract;
  } else {
    fail(origin, where,
         fmt::format("direction must be inbound, outbound or extract, not '{}'", direction));
  }
  auto layout = text(root, "layout", origin, where);
  if (layout == "records") {
    spec.layout = Layout::records;
  } else if (layout == "confirmation") {
    spec.layout = Layout::confirmation;
  } else if (layout == "csv") {
    spec.layout = Layout::csv;
  } else {
    fail(origin, where,
         fmt::format("layout must be records, confirmation or csv, not '{}'", layout));
  }
  auto unknown = text(root, "unknown_records", origin, where, false);
  if (!unknown.empty() && unknown != "keep" && unknown != "reject") {
    fail(origin, where, "unknown_records must be keep or reject");
  }
  spec.keep_unknown_records = unknown == "keep";
  if (spec.layout == Layout::confirmation) {
    spec.confirms = text(root, "confirms", origin, where);
    auto it = root.find("wrapper_fields");
    if (it == root.end()) fail(origin, where, "a confirmation schema needs 'wrapper_fields'");
    spec.wrapper_fields = read_fields(*it, origin, where + " wrapper");
    if (spec.wrapper_fields.size() != 3) {
      fail(origin, where, "wrapper_fields must list position, outcome and reason");
    }
    return spec;
  }
  auto records = root.find("records");
  if (records == root.end() || !records->is_array() || records->empty()) {
    fail(origin, where, "'records' must be a non-empty array");
  }
  for (const auto& node : *records) {
    RecordSpec record;
    record.record_type = text(node, "record_type", origin, where);
    record.name = text(node, "name", origin, where, false);
    auto fields = node.find("fields");
    if (fields == node.end()) fail(origin, where, "record without 'fields'");
    record.fields = read_fields(*fields, origin, where + " record " + record.record_type);
    spec.records.push_back(std::move(record));
  }
  if (spec.layout == Layout::csv && spec.records.size() != 1) {
    fail(origin, where, "a csv schema has exactly one record");
  }
  return spec;
}

SchemaRegistry SchemaRegistry::load(const std::filesystem::path& folder) {
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) {
    throw SchemaError(fmt::format("{}: schema folder not found", folder.string()));
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  SchemaRegistry registry;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw SchemaError(fmt::format("{}: cannot be read", file.string()));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    auto spec = parse_schema(buffer.str(), file.string());
    for (const auto& other : registry.specs_) {
      if (other.type == spec.type)
        throw SchemaError(fmt::format("{}: schema {} defined twice", file.string(), spec.type));
      for (const auto& type : spec.file_types) {
        if (std::find(other.file_types.begin(), other.file_types.end(), type) !=
            other.file_types.end()) {
          throw SchemaError(fmt::format("{}: file type {} already read by schema {}", file.string(),
                                        type, other.type));
        }
      }
    }
    registry.specs_.push_back(std::move(spec));
  }
  if (registry.specs_.empty())
    throw SchemaError(fmt::format("{}: no *.json schema files", folder.string()));
  return registry;
}

const FileSpec* SchemaRegistry::for_file_type(std::string_view file_type) const {
  for (const auto& spec : specs_) {
    if (std::find(spec.file_types.begin(), spec.file_types.end(), file_type) !=
        spec.file_types.end()) {
      return &spec;
    }
  }
  return nullptr;
}

const FileSpec* SchemaRegistry::by_name(std::string_view name) const {
  for (const auto& spec : specs_) {
    if (spec.type == name) return &spec;
  }
  return nullptr;
}

}  // namespace esr::spec
