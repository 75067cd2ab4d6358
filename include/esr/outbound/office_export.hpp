#pragma once
// The one way every outbound file (RTC, APP, DNC, DNF) is made for one office.
#include <functional>
#include <optional>

#include "esr/db/transaction.hpp"
#include "esr/outbound/publisher.hpp"

namespace esr::outbound {

/// In one transaction: `fill` selects and formats the file's records into `file` (content and
/// records) and says whether there is a file to send; the file is then reserved (sequence number,
/// ledger row and exact bytes: Publisher::reserve) and `mark` marks what it wrote as exported with
/// the reserved file's id; the transaction commits. Both are given the open transaction, which a
/// state/ write takes. When `fill` says there is nothing to send, the transaction is rolled back:
/// nothing `fill` changed stays, nothing is reserved, and the result is empty. The file is written
/// to the outbox later, by Publisher::publish_pending. Fault points `<type>.before_commit` and
/// `<type>.after_commit` (type in lower case) let the crash tests stop it on either side of the
/// commit. Throws what the callbacks or the store throw, with the transaction rolled back.
[[nodiscard]] std::optional<Reserved> export_office_file(
    db::Database& db, Publisher& publisher, OutboundFile file,
    const std::function<bool(db::Transaction& transaction, OutboundFile& file)>& fill,
    const std::function<void(db::Transaction& transaction, const Reserved& reserved)>& mark);

}  // namespace esr::outbound
