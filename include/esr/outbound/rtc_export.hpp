#pragma once
// RTC: esrd's confirmation to ESR of every RMF/RMC received.
#include <optional>
#include <string>
#include <vector>

#include "esr/outbound/publisher.hpp"

namespace esr::outbound {

/// The line ending written after each record, per outbound file type (DESIGN §3: CRLF unless
/// configuration says otherwise for that type).
struct LineEndings {
  std::string rtc = "\r\n";
  std::string app = "\r\n";
  std::string dnc = "\r\n";
  std::string dnf = "\r\n";
};

struct ExportScope {
  spec::BusinessDate date;                  // the date in the outbound file names
  std::optional<std::string> local_office;  // only this office when set
  LineEndings line_endings;
  bool write_empty_files = false;
};

/// One RTC per RMT file not yet confirmed (whether applied or rejected), with one line per
/// record: `<ordinal>~SUCCESS~~<record>` or `<ordinal>~FAIL~<reason>~<record>`. Each RTC is
/// reserved in the same transaction that marks its RMT file confirmed. Returns the reserved
/// names; the caller publishes them.
std::vector<Reserved> export_rtc(db::Database& db, Publisher& publisher, const ExportScope& scope);

}  // namespace esr::outbound
