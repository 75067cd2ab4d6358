#pragma once
// TIS extracts for the intake (intake.hpp): posts_YYYYMMDD.csv and placements_YYYYMMDD.csv.
// Internal to inbound/.
#include <string>

#include "esr/spec/schema_registry.hpp"
#include "file_kind.hpp"

namespace esr::inbound {

/// Recognises the two extract names; any other name is refused. An extract is checked as it is
/// streamed into the state (one pass: memory stays flat however large it is), and any problem
/// rolls the whole file back. Holds references to its arguments.
class TisExtracts : public FileFamily {
 public:
  explicit TisExtracts(const spec::SchemaRegistry& schemas) : schemas_(schemas) {}

  [[nodiscard]] Recognition recognise(const std::string& name) const override;
  /// An extract spans offices.
  [[nodiscard]] bool names_an_office() const override { return false; }

 private:
  const spec::SchemaRegistry& schemas_;
};

}  // namespace esr::inbound
