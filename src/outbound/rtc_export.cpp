#include "esr/outbound/rtc_export.hpp"

#include <spdlog/spdlog.h>

#include "esr/dialect/confirmation.hpp"
#include "esr/outbound/office_export.hpp"

namespace esr::outbound {

std::vector<Reserved> export_rtc(db::Database& db, Publisher& publisher, const ExportScope& scope) {
  struct Due {
    std::int64_t id;
    std::string name, office;
  };
  std::vector<Due> due;
  {
    auto select = db.prepare(
        "SELECT id, name, local_office FROM files WHERE direction = 'in' AND type IN ('RMF', 'RMC')"
        " AND confirmed_by IS NULL AND local_office IS NOT NULL"
        " AND (?1 = '' OR local_office = ?1)"
        " AND EXISTS (SELECT 1 FROM rtc_lines WHERE rtc_lines.file_id = files.id) ORDER BY id");
    select.bind(1, scope.local_office.value_or(""));
    while (select.step())
      due.push_back({select.column_int64(0), select.column_text(1), select.column_text(2)});
  }
  std::vector<Reserved> reserved;
  for (const auto& rmt : due) {
    std::int64_t records = 0, failed = 0;
    auto fill = [&](OutboundFile& file) {
      auto lines = db.prepare(
          "SELECT ordinal, success, reason, record FROM rtc_lines WHERE file_id = ?1 ORDER BY "
          "ordinal");
      lines.bind(1, rmt.id);
      while (lines.step()) {
        bool success = lines.column_int(1) != 0;
        failed += success ? 0 : 1;
        file.content +=
            dialect::format_confirmation(static_cast<std::size_t>(lines.column_int64(0)), success,
                                         lines.column_text(2), lines.column_text(3));
        file.content += scope.line_endings.rtc;
        ++file.records;
      }
      records = file.records;
      return true;
    };
    auto mark = [&](const Reserved& rtc) {
      auto confirm = db.prepare("UPDATE files SET confirmed_by = ?2 WHERE id = ?1");
      confirm.bind(1, rmt.id).bind(2, rtc.file_id);
      confirm.run();
    };
    auto rtc =
        export_office_file(db, publisher, {"RTC", rmt.office, scope.date, {}, 0}, fill, mark);
    if (!rtc) continue;
    spdlog::info("file={} type=RTC office={} confirms={} records={} fail_lines={}", rtc->name,
                 rmt.office, rmt.name, records, failed);
    reserved.push_back(*rtc);
  }
  return reserved;
}

}  // namespace esr::outbound
