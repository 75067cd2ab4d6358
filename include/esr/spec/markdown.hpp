#pragma once
// The human-readable field tables of docs/file-formats.md, made from the specs.
#include <string>

#include "esr/spec/schema_registry.hpp"

namespace esr::spec {

/// One file type's section: title, files, source, and a table per record.
[[nodiscard]] std::string render_markdown(const FileSpec& spec);
/// The whole reference document, every schema in a fixed order.
[[nodiscard]] std::string render_reference(const SchemaRegistry& registry);

}  // namespace esr::spec
