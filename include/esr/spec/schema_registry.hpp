#pragma once
// The set of file specs read from the schemas/ folder.
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "esr/spec/record_spec.hpp"

namespace esr::spec {

/// A schema file that cannot be read or makes no sense: a configuration error, not bad input.
class SchemaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Loads every `*.json` in a folder. Throws SchemaError naming the file and key on any mistake.
/// Read-only after load; safe to share between threads.
class SchemaRegistry {
 public:
  [[nodiscard]] static SchemaRegistry load(const std::filesystem::path& folder);
  [[nodiscard]] static FileSpec parse_schema(std::string_view json_text, const std::string& origin);

  /// The spec that reads files named with this <TYPE> (RMF, APC, DNC...), or nullptr.
  [[nodiscard]] const FileSpec* for_file_type(std::string_view file_type) const;
  /// The spec by its schema name (RMT, TIS_PLACEMENTS...), or nullptr.
  [[nodiscard]] const FileSpec* by_name(std::string_view name) const;
  [[nodiscard]] const std::vector<FileSpec>& all() const { return specs_; }

 private:
  std::vector<FileSpec> specs_;
};

}  // namespace esr::spec
