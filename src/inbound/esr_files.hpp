#pragma once
// ESR's inbound files for the intake (intake.hpp): RMF and RMC (rmt_file.cpp), APC and DCC
// (confirmation_file.cpp). Internal to inbound/.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "esr/db/database.hpp"
#include "esr/dialect/file_parser.hpp"
#include "esr/spec/schema_registry.hpp"
#include "file_kind.hpp"

namespace esr::inbound {

/// Files named DE_<LO>_<TYPE>_<YYYYMMDD>_<SEQ>.DAT of an inbound type (RMF, RMC, APC, DCC) from a
/// configured local office; any other name is refused. Holds references to its arguments.
class EsrFiles : public FileFamily {
 public:
  EsrFiles(db::Database& db, const spec::SchemaRegistry& schemas,
           const std::vector<std::string>& local_offices)
      : db_(db), schemas_(schemas), local_offices_(local_offices) {}

  [[nodiscard]] Recognition recognise(const std::string& name) const override;
  [[nodiscard]] bool names_an_office() const override { return true; }

 private:
  db::Database& db_;
  const spec::SchemaRegistry& schemas_;
  const std::vector<std::string>& local_offices_;
};

/// What ESR's kinds share: their two passes over the file, and the refusal of a reused name.
class EsrFile : public FileKind {
 public:
  EsrFile(db::Database& db, const spec::SchemaRegistry& schemas, const spec::FileSpec& spec)
      : db_(db), schemas_(schemas), spec_(spec) {}

  [[nodiscard]] Rejection name_reused(const std::string& name,
                                      const state::LedgerEntry& previous) const override;

 protected:
  /// Pass 1: every problem of every line into `result`, and its record count; a file without
  /// records is a problem.
  dialect::ParseSummary check_every_line(const std::filesystem::path& file,
                                         ProcessResult& result) const;
  /// The rejection of a file for the problems pass 1 found in it.
  [[nodiscard]] static Rejection nothing_applied(const ProcessResult& result,
                                                 const dialect::ParseSummary& summary);
  /// Every record in file order, valid or not, to `applier` with its line's problems (as
  /// line_reason() gives them). Problems are not counted again.
  void apply_every_record(const std::filesystem::path& file, const std::string& name,
                          RecordApplier& applier) const;

  db::Database& db_;
  const spec::SchemaRegistry& schemas_;
  const spec::FileSpec& spec_;
};

/// "Error: FIELD: message", the form a problem takes as the reason of an RTC line.
[[nodiscard]] std::string line_reason(const spec::Problem& problem);

/// RMF or RMC: rejected whole for any problem, and then ESR still gets an RTC of FAIL lines.
[[nodiscard]] std::unique_ptr<FileKind> make_rmt_file(db::Database& db,
                                                      const spec::SchemaRegistry& schemas,
                                                      const spec::FileSpec& spec, std::string type);
/// APC or DCC: a bad line is left out and reported, unless every line is bad.
[[nodiscard]] std::unique_ptr<FileKind> make_confirmation_file(db::Database& db,
                                                               const spec::SchemaRegistry& schemas,
                                                               const spec::FileSpec& spec);

}  // namespace esr::inbound
