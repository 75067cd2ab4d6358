#include "esr/state/exclusions.hpp"

namespace esr::state {

ExclusionWriter::ExclusionWriter(db::Transaction& tx)
    : db_(tx.database()),
      insert_(db_.prepare(
          "INSERT OR IGNORE INTO exclusions(placement_id, local_office, source, added_at) VALUES "
          "(?1, nullif(?2, ''), ?3, ?4)")) {}

bool ExclusionWriter::add(const Exclusion& exclusion) {
  insert_.bind(1, exclusion.placement_id)
      .bind(2, exclusion.local_office)
      .bind(3, exclusion.source)
      .bind(4, exclusion.added_at);
  insert_.run();
  return db_.changes() > 0;
}

std::set<std::string> excluded_placements(db::Database& db) {
  std::set<std::string> excluded;
  auto select = db.prepare("SELECT placement_id FROM exclusions");
  while (select.step()) excluded.insert(select.column_text(0));
  return excluded;
}

}  // namespace esr::state
