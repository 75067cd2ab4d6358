#include "esr/outbound/office_export.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "esr/db/transaction.hpp"
#include "esr/util/fault_point.hpp"

namespace esr::outbound {

std::optional<Reserved> export_office_file(
    db::Database& db, Publisher& publisher, OutboundFile file,
    const std::function<bool(db::Transaction& transaction, OutboundFile& file)>& fill,
    const std::function<void(db::Transaction& transaction, const Reserved& reserved)>& mark) {
  std::string point = file.type;
  std::transform(point.begin(), point.end(), point.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  db::Transaction transaction(db);
  if (!fill(transaction, file)) return std::nullopt;
  auto reserved = publisher.reserve(transaction, file);
  mark(transaction, reserved);
  util::fault_point(point + ".before_commit");
  transaction.commit();
  util::fault_point(point + ".after_commit");
  return reserved;
}

}  // namespace esr::outbound
