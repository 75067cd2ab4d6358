#include "esr/state/counters.hpp"

namespace esr::state {

std::int64_t next_outbound_sequence(db::Transaction& transaction) {
  auto next = transaction.database().prepare(
      "UPDATE counters SET value = value + 1 WHERE name = 'outbound_sequence' RETURNING value");
  if (!next.step()) throw db::StoreError("the outbound sequence counter is missing");
  auto sequence = next.column_int64(0);
  next.reset();
  return sequence;
}

std::optional<std::int64_t> counter_value(db::Database& db, std::string_view name) {
  auto select = db.prepare("SELECT value FROM counters WHERE name = ?1");
  select.bind(1, name);
  if (!select.step()) return std::nullopt;
  return select.column_int64(0);
}

void raise_counter(db::Transaction& transaction, std::string_view name, std::int64_t value) {
  auto save = transaction.database().prepare(
      "INSERT INTO counters(name, value) VALUES (?1, ?2)"
      " ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value)");
  save.bind(1, name).bind(2, value);
  save.run();
}

}  // namespace esr::state
