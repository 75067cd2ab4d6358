// APC and DCC in the intake: a bad line never stops the rest of the file. It is left out and
// reported, as is a good line that confirms nothing; only a file with no good line is rejected.
#include <fmt/format.h>

#include "esr/inbound/confirmation_appliers.hpp"
#include "esr/state/unmatched_confirmations.hpp"
#include "esr_files.hpp"

namespace esr::inbound {

namespace {

class ConfirmationFile : public EsrFile {
 public:
  using EsrFile::EsrFile;

  Verdict validate(const std::filesystem::path& file, ProcessResult& result) override {
    auto summary = check_every_line(file, result);
    if (result.problem_count == 0) return {};
    if (summary.invalid_records == summary.records) {
      return {nothing_applied(result, summary), {}};
    }
    return {std::nullopt, fmt::format("{} line(s) rejected", summary.invalid_records)};
  }

  std::optional<Rejection> apply(db::Transaction& transaction, const std::filesystem::path& file,
                                 const FileContext& context, ProcessResult& result) override {
    auto applier = make_confirmation_applier(transaction, context);
    apply_every_record(file, context.name, *applier);
    result.effects = applier->finish();
    // Kept for `esrd status`: what ESR confirmed that esrd cannot find.
    state::UnmatchedConfirmationWriter keep(transaction, context.file_id);
    for (const auto& problem : applier->unmatched()) {
      keep.add(problem);
      note_problem(result, problem);
    }
    return std::nullopt;
  }
};

}  // namespace

std::unique_ptr<FileKind> make_confirmation_file(db::Database& db,
                                                 const spec::SchemaRegistry& schemas,
                                                 const spec::FileSpec& spec) {
  return std::make_unique<ConfirmationFile>(db, schemas, spec);
}

}  // namespace esr::inbound
