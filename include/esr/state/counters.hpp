#pragma once
// counters: named integers the state keeps between runs. The only place that writes them; a write
// takes the open transaction, a read the database.
#include <cstdint>
#include <optional>
#include <string_view>

#include "esr/db/database.hpp"
#include "esr/db/transaction.hpp"

namespace esr::state {

/// Draws the next outbound sequence number: the one counter ('outbound_sequence') shared by every
/// office and type, incremented in the transaction that reserves the file. Throws StoreError when
/// the counter is missing.
[[nodiscard]] std::int64_t next_outbound_sequence(db::Transaction& transaction);

/// The value of counter `name`, if it has one.
[[nodiscard]] std::optional<std::int64_t> counter_value(db::Database& db, std::string_view name);

/// Sets counter `name` to `value`, creating it, unless it already holds more: a counter of
/// progress (the last day the notification engine evaluated) never goes back.
void raise_counter(db::Transaction& transaction, std::string_view name, std::int64_t value);

}  // namespace esr::state
