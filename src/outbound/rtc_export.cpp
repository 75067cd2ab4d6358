#include "esr/outbound/rtc_export.hpp"

#include <spdlog/spdlog.h>

#include "esr/dialect/confirmation.hpp"
#include "esr/outbound/office_export.hpp"
#include "esr/state/ledger.hpp"
#include "esr/state/rtc_lines.hpp"

namespace esr::outbound {

std::vector<Reserved> export_rtc(db::Database& db, Publisher& publisher, const ExportScope& scope) {
  std::vector<Reserved> reserved;
  for (const auto& rmt : state::files_awaiting_rtc(db, scope.local_office)) {
    std::int64_t records = 0, failed = 0;
    auto fill = [&](db::Transaction& /*transaction*/, OutboundFile& file) {
      state::for_each_rtc_line(db, rmt.file_id, [&](const state::RtcLine& line) {
        failed += line.success ? 0 : 1;
        file.content += dialect::format_confirmation(static_cast<std::size_t>(line.ordinal),
                                                     line.success, line.reason, line.record);
        file.content += scope.line_endings.rtc;
        ++file.records;
        return true;
      });
      records = file.records;
      return true;
    };
    auto mark = [&](db::Transaction& transaction, const Reserved& rtc) {
      state::set_confirmed_by(transaction, rmt.file_id, rtc.file_id);
    };
    auto rtc =
        export_office_file(db, publisher, {"RTC", rmt.local_office, scope.date, {}, 0}, fill, mark);
    if (!rtc) continue;
    spdlog::info("file={} type=RTC office={} confirms={} records={} fail_lines={}", rtc->name,
                 rmt.local_office, rmt.name, records, failed);
    reserved.push_back(*rtc);
  }
  return reserved;
}

}  // namespace esr::outbound
