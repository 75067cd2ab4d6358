#include "esr/state/rtc_lines.hpp"

namespace esr::state {

RtcLineWriter::RtcLineWriter(db::Transaction& transaction, std::int64_t file_id)
    : file_id_(file_id),
      insert_(transaction.database().prepare(
          "INSERT INTO rtc_lines(file_id, ordinal, success, reason, record)"
          " VALUES (?1, ?2, ?3, ?4, ?5)")) {}

void RtcLineWriter::add(std::int64_t ordinal, bool success, std::string_view reason,
                        std::string_view record) {
  insert_.bind(1, file_id_)
      .bind(2, ordinal)
      .bind(3, success ? 1 : 0)
      .bind(4, reason)
      .bind(5, record);
  insert_.run();
}

std::vector<RtcLine> rtc_lines_of(db::Database& db, std::int64_t file_id) {
  auto select = db.prepare(
      "SELECT ordinal, success, reason, record FROM rtc_lines WHERE file_id = ?1 ORDER BY "
      "ordinal");
  select.bind(1, file_id);
  std::vector<RtcLine> lines;
  while (select.step()) {
    lines.push_back({select.column_int64(0), select.column_int(1) != 0, select.column_text(2),
                     select.column_text(3)});
  }
  return lines;
}

std::vector<RtcDue> files_awaiting_rtc(db::Database& db,
                                       const std::optional<std::string>& local_office) {
  auto select = db.prepare(
      "SELECT id, name, local_office FROM files WHERE direction = 'in' AND type IN ('RMF', 'RMC')"
      " AND confirmed_by IS NULL AND local_office IS NOT NULL"
      " AND (?1 = '' OR local_office = ?1)"
      " AND EXISTS (SELECT 1 FROM rtc_lines WHERE rtc_lines.file_id = files.id) ORDER BY id");
  select.bind(1, local_office.value_or(""));
  std::vector<RtcDue> due;
  while (select.step()) {
    due.push_back({select.column_int64(0), select.column_text(1), select.column_text(2)});
  }
  return due;
}

}  // namespace esr::state
