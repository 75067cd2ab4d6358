#pragma once
// Which spec reads a file, from its name.
#include <optional>
#include <string>
#include <string_view>

#include "esr/dialect/file_name.hpp"
#include "esr/spec/schema_registry.hpp"

namespace esr::dialect {

/// What a file's name says about it. `spec` is null when the name is not recognised, and
/// `error` then says why.
struct FileIdentity {
  const spec::FileSpec* spec = nullptr;
  std::optional<FileName> name;            // for interface files DE_..._.DAT
  std::optional<spec::BusinessDate> date;  // the business date the name carries
  std::string error;
};

/// Recognises `DE_<LO>_<TYPE>_<YYYYMMDD>_<SEQ>.DAT` and the TIS extract names
/// `posts_YYYYMMDD.csv` / `placements_YYYYMMDD.csv`. `forced_schema` (a file type or schema
/// name) overrides the name.
[[nodiscard]] FileIdentity identify_file(std::string_view file_name,
                                         const spec::SchemaRegistry& registry,
                                         std::string_view forced_schema = {});

}  // namespace esr::dialect
