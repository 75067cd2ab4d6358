// RMF and RMC in the intake: any problem rejects the whole file, and ESR is still sent an RTC
// that says FAIL for each of its lines.
#include "esr/inbound/rmt_applier.hpp"
#include "esr_files.hpp"

namespace esr::inbound {

namespace {

class RmtFile : public EsrFile {
 public:
  RmtFile(db::Database& db, const spec::SchemaRegistry& schemas, const spec::FileSpec& spec,
          std::string type)
      : EsrFile(db, schemas, spec), type_(std::move(type)) {}

  Verdict validate(const std::filesystem::path& file, ProcessResult& result) override {
    auto summary = check_every_line(file, result);
    if (type_ == "RMF" && result.problem_count == 0 && !summary.by_record_type.contains("POR") &&
        !summary.by_record_type.contains("POS")) {
      // A full file replaces the office's positions: one without any would delete them all.
      note_problem(result,
                   {result.file, 0, "file",
                    "an RMF with no POR or POS record would delete every position of the office"});
    }
    if (result.problem_count == 0) return {};
    return {nothing_applied(result, summary), {}};
  }

  std::optional<Rejection> apply(db::Transaction& transaction, const std::filesystem::path& file,
                                 const FileContext& context, ProcessResult& result) override {
    RmtApplier applier(transaction, spec_, context);
    apply_every_record(file, context.name, applier);
    result.effects = applier.finish();
    return std::nullopt;
  }

  // Each line FAIL, with its own problems, or else the file's: the cause that refused it whole,
  // or the default "rejected for errors on other lines".
  void record_rejection(db::Transaction& transaction, const std::filesystem::path& file,
                        const FileContext& context, const Rejection& rejection) override {
    RmtRejectionLines lines(transaction, context,
                            rejection.cause ? line_reason(*rejection.cause) : "");
    apply_every_record(file, context.name, lines);
  }

 private:
  std::string type_;
};

}  // namespace

std::unique_ptr<FileKind> make_rmt_file(db::Database& db, const spec::SchemaRegistry& schemas,
                                        const spec::FileSpec& spec, std::string type) {
  return std::make_unique<RmtFile>(db, schemas, spec, std::move(type));
}

}  // namespace esr::inbound
