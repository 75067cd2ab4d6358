// DNC files: each office's pending DNC notifications, marked exported with the file reserved.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <stdexcept>

#include "esr/outbound/notifications.hpp"
#include "esr/outbound/office_export.hpp"
#include "esr/state/notification_state.hpp"

namespace esr::outbound {

namespace {

// An office's (?1) DNC notifications waiting in state ?2, and the order the DNC lists them in.
constexpr std::string_view kPending =
    "FROM notifications WHERE state = ?2 AND file_type = 'DNC' AND local_office = ?1";
constexpr std::string_view kDncOrder = "position_id IS NULL, position_id, id";

}  // namespace

std::vector<Reserved> export_dnc(db::Database& db, Publisher& publisher,
                                 const spec::FileSpec& notification_spec,
                                 const ExportScope& scope) {
  // The lines were formatted with the NOT record when stored; a schema without it is broken all
  // the same.
  if (notification_spec.find_record("NOT") == nullptr)
    throw spec::SchemaError("the notification schema has no NOT record");
  const auto pending = state::to_text(state::NotificationState::pending);
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
    std::int64_t written = 0;
    auto fill = [&](OutboundFile& file) {
      auto select = db.prepare(fmt::format("SELECT line {} ORDER BY {}", kPending, kDncOrder));
      select.bind(1, office).bind(2, pending);
      while (select.step()) {
        file.content += select.column_text(0);
        file.content += scope.line_endings.dnc;
        ++written;
      }
      file.records = written;
      return written > 0 || scope.write_empty_files;
    };
    // Every pending one was written, in the file's order: one statement marks them all.
    auto mark = [&](const Reserved& dnc) {
      auto update = db.prepare(
          fmt::format("UPDATE notifications SET state = ?3, export_file_id = ?4, export_ordinal = "
                      "w.line FROM (SELECT id, row_number() OVER (ORDER BY {}) AS line {}) w"
                      " WHERE notifications.id = w.id",
                      kDncOrder, kPending));
      update.bind(1, office)
          .bind(2, pending)
          .bind(3, state::to_text(state::NotificationState::exported))
          .bind(4, dnc.file_id);
      update.run();
      if (db.changes() != written) {
        throw std::logic_error(fmt::format("DNC of {}: {} notification(s) written but {} marked",
                                           office, written, db.changes()));
      }
    };
    auto dnc = export_office_file(db, publisher, {"DNC", office, scope.date, {}, 0}, fill, mark);
    if (!dnc) continue;
    spdlog::info("file={} type=DNC office={} notifications={}", dnc->name, office, written);
    reserved.push_back(*dnc);
  }
  return reserved;
}

}  // namespace esr::outbound
