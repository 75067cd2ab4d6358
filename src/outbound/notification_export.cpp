// DNC files: each office's pending DNC notifications, marked exported with the file reserved.
#include <spdlog/spdlog.h>

#include "esr/outbound/notifications.hpp"
#include "esr/store/notification_state.hpp"
#include "esr/store/transaction.hpp"

namespace esr::outbound {

std::vector<Reserved> export_dnc(store::Database& db, Publisher& publisher,
                                 const spec::FileSpec& notification_spec,
                                 const ExportScope& scope) {
  // The lines were formatted with the NOT record when stored; a schema without it is broken all
  // the same.
  if (notification_spec.find_record("NOT") == nullptr)
    throw spec::SchemaError("the notification schema has no NOT record");
  const auto pending = store::to_text(store::NotificationState::pending);
  std::vector<std::string> offices;
  {
    // With write_empty_files, every office that has positions gets a file, even an empty one.
    auto select = db.prepare(
        "SELECT local_office FROM notifications WHERE state = ?3 AND file_type = 'DNC'"
        " AND (?1 = '' OR local_office = ?1)"
        " UNION SELECT local_office FROM positions WHERE ?2 AND (?1 = '' OR local_office = ?1)"
        " UNION SELECT ?1 WHERE ?2 AND ?1 != '' ORDER BY 1");
    select.bind(1, scope.local_office.value_or(""))
        .bind(2, scope.write_empty_files ? 1 : 0)
        .bind(3, pending);
    while (select.step()) offices.push_back(select.column_text(0));
  }
  std::vector<Reserved> reserved;
  for (const auto& office : offices) {
    store::Transaction transaction(db);
    OutboundFile file{"DNC", office, scope.date, {}, 0};
    std::vector<std::int64_t> rows;  // ids, in file order
    auto select = db.prepare(
        "SELECT id, line FROM notifications WHERE state = ?2 AND file_type = 'DNC' AND "
        "local_office = ?1"
        " ORDER BY position_id IS NULL, position_id, id");
    select.bind(1, office).bind(2, pending);
    while (select.step()) {
      rows.push_back(select.column_int64(0));
      file.content += select.column_text(1);
      file.content += scope.line_endings.dnc;
    }
    if (rows.empty() && !scope.write_empty_files) continue;
    file.records = static_cast<std::int64_t>(rows.size());
    auto dnc = publisher.reserve(file);
    auto mark = db.prepare(
        "UPDATE notifications SET state = ?4, export_file_id = ?2, export_ordinal = ?3"
        " WHERE id = ?1 AND state = ?5");
    for (std::size_t i = 0; i < rows.size(); ++i) {
      mark.bind(1, rows[i])
          .bind(2, dnc.file_id)
          .bind(3, static_cast<std::int64_t>(i + 1))
          .bind(4, store::to_text(store::NotificationState::exported))
          .bind(5, pending);
      mark.run();
    }
    transaction.commit();
    spdlog::info("file={} type=DNC office={} notifications={}", dnc.name, office, rows.size());
    reserved.push_back(dnc);
  }
  return reserved;
}

}  // namespace esr::outbound
