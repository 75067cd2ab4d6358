#include "esr/dialect/file_identity.hpp"

#include <fmt/format.h>

namespace esr::dialect {

namespace {

std::optional<spec::BusinessDate> extract_date(std::string_view name, std::string_view prefix) {
  constexpr std::string_view suffix = ".csv";
  if (name.size() != prefix.size() + 8 + suffix.size() || name.substr(0, prefix.size()) != prefix ||
      name.substr(name.size() - suffix.size()) != suffix) {
    return std::nullopt;
  }
  return spec::BusinessDate::from_compact(name.substr(prefix.size(), 8));
}

}  // namespace

FileIdentity identify_file(std::string_view file_name, const spec::SchemaRegistry& registry,
                           std::string_view forced_schema) {
  FileIdentity identity;
  if (!forced_schema.empty()) {
    identity.spec = registry.for_file_type(forced_schema);
    if (identity.spec == nullptr) identity.spec = registry.by_name(forced_schema);
    if (identity.spec == nullptr)
      identity.error = fmt::format("no schema for type '{}'", forced_schema);
    identity.name = FileName::parse(file_name, nullptr);
    if (identity.name) identity.date = identity.name->date;
    return identity;
  }
  if (auto date = extract_date(file_name, "posts_")) {
    identity.spec = registry.by_name("TIS_POSTS");
    identity.date = date;
  } else if (auto placement_date = extract_date(file_name, "placements_")) {
    identity.spec = registry.by_name("TIS_PLACEMENTS");
    identity.date = placement_date;
  } else {
    identity.name = FileName::parse(file_name, &identity.error);
    if (!identity.name) return identity;
    identity.date = identity.name->date;
    identity.spec = registry.for_file_type(identity.name->type);
  }
  if (identity.spec == nullptr && identity.error.empty()) {
    identity.error = fmt::format("no schema in schemas/ reads '{}'", file_name);
  }
  return identity;
}

}  // namespace esr::dialect
