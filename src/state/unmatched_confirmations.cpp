#include "esr/state/unmatched_confirmations.hpp"

namespace esr::state {

UnmatchedConfirmationWriter::UnmatchedConfirmationWriter(db::Transaction& transaction,
                                                         std::int64_t file_id)
    : file_id_(file_id),
      insert_(transaction.database().prepare(
          "INSERT INTO unmatched_confirmations(file_id, line, field, message) VALUES (?1, ?2, ?3, "
          "?4)")) {}

void UnmatchedConfirmationWriter::add(const spec::Problem& problem) {
  insert_.bind(1, file_id_)
      .bind(2, static_cast<std::int64_t>(problem.line))
      .bind(3, problem.field)
      .bind(4, problem.message);
  insert_.run();
}

}  // namespace esr::state
