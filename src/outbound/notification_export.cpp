// DNC files: each office's pending DNC notifications, marked exported with the file reserved.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <stdexcept>

#include "esr/outbound/notifications.hpp"
#include "esr/outbound/office_export.hpp"
#include "esr/state/notifications.hpp"

namespace esr::outbound {

std::vector<Reserved> export_dnc(db::Database& db, Publisher& publisher,
                                 const spec::FileSpec& notification_spec,
                                 const ExportScope& scope) {
  // The lines were formatted with the NOT record when stored; a schema without it is broken all
  // the same.
  if (notification_spec.find_record("NOT") == nullptr)
    throw spec::SchemaError("the notification schema has no NOT record");
  // With write_empty_files, every office that has positions gets a file, even an empty one.
  auto offices = state::dnc_offices(db, scope.local_office, scope.write_empty_files);
  std::vector<Reserved> reserved;
  for (const auto& office : offices) {
    std::int64_t written = 0;
    auto fill = [&](db::Transaction& transaction, OutboundFile& file) {
      for (const auto& line : state::pending_dnc_lines(transaction.database(), office)) {
        file.content += line;
        file.content += scope.line_endings.dnc;
        ++written;
      }
      file.records = written;
      return written > 0 || scope.write_empty_files;
    };
    // Every pending one was written, in the file's order: one statement marks them all.
    auto mark = [&](db::Transaction& transaction, const Reserved& dnc) {
      auto marked = state::mark_dnc_exported(transaction, office, dnc.file_id);
      if (marked != written) {
        throw std::logic_error(fmt::format("DNC of {}: {} notification(s) written but {} marked",
                                           office, written, marked));
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
