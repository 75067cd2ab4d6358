#pragma once
// File names of the interface: DE_<LO>_<TYPE>_<YYYYMMDD>_<SEQ>.DAT.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "esr/spec/business_date.hpp"

namespace esr::dialect {

/// A parsed file name. `local_office` is three capital letters (whether it is a configured
/// office is the caller's check); `type` one of the eight file types.
struct FileName {
  std::string local_office;
  std::string type;
  spec::BusinessDate date;
  std::uint64_t sequence = 0;

  /// Parses a bare file name (no folder). On failure returns nullopt and says why in `error`.
  [[nodiscard]] static std::optional<FileName> parse(std::string_view name, std::string* error);
  /// Builds the name; the sequence is zero-padded to 8 digits.
  [[nodiscard]] std::string str() const;
};

[[nodiscard]] bool is_inbound_type(std::string_view type);   // RMF RMC APC DCC
[[nodiscard]] bool is_outbound_type(std::string_view type);  // APP DNF DNC RTC

}  // namespace esr::dialect
