#include "esr/dialect/field_splitter.hpp"

#include <fmt/format.h>

#include <cstring>

namespace esr::dialect {

std::optional<std::string> FieldSplitter::split(std::string_view line, char separator) {
  fields_.clear();
  quoted_.clear();
  scratch_.clear();
  // Unescaped text is never longer than the line, so reserving it up front keeps the views into
  // scratch_ valid while it fills.
  scratch_.reserve(line.size());
  std::size_t i = 0;
  const std::size_t n = line.size();
  for (;;) {
    if (i < n && line[i] == '"') {
      std::size_t start = i + 1;
      std::size_t scratch_start = scratch_.size();
      bool copied = false;
      std::size_t j = start;
      for (;;) {
        const void* found = std::memchr(line.data() + j, '"', n - j);
        if (found == nullptr) {
          return fmt::format("a double quote opened at column {} is never closed", i + 1);
        }
        auto q = static_cast<std::size_t>(static_cast<const char*>(found) - line.data());
        if (q + 1 < n && line[q + 1] == '"') {
          scratch_.append(line.data() + j, q + 1 - j);  // keep one quote of the pair
          copied = true;
          j = q + 2;
          continue;
        }
        if (copied) {
          scratch_.append(line.data() + j, q - j);
          fields_.emplace_back(scratch_.data() + scratch_start, scratch_.size() - scratch_start);
        } else {
          fields_.emplace_back(line.data() + start, q - start);
        }
        quoted_.push_back(1);
        i = q + 1;
        break;
      }
      if (i < n && line[i] != separator) {
        return fmt::format("unexpected text after the closing quote at column {}", i);
      }
    } else {
      const void* found = std::memchr(line.data() + i, separator, n - i);
      std::size_t end =
          found == nullptr
              ? n
              : static_cast<std::size_t>(static_cast<const char*>(found) - line.data());
      std::string_view field = line.substr(i, end - i);
      if (field.find('"') != std::string_view::npos) {
        return fmt::format("a double quote inside an unquoted field at column {}",
                           i + field.find('"') + 1);
      }
      fields_.push_back(field);
      quoted_.push_back(0);
      i = end;
    }
    if (i >= n) break;
    ++i;  // past the separator
    if (i == n) {
      fields_.emplace_back();  // a trailing separator ends with an empty field
      quoted_.push_back(0);
      break;
    }
  }
  return std::nullopt;
}

void append_quoted(std::string& out, std::string_view value) {
  out += '"';
  for (;;) {
    auto q = value.find('"');
    if (q == std::string_view::npos) break;
    out.append(value.substr(0, q + 1));
    out += '"';
    value.remove_prefix(q + 1);
  }
  out.append(value);
  out += '"';
}

}  // namespace esr::dialect
