#include "tis_extracts.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <unordered_set>
#include <vector>

#include "esr/dialect/file_identity.hpp"
#include "esr/dialect/single_line.hpp"
#include "esr/state/positions.hpp"
#include "tis_snapshot.hpp"

namespace esr::inbound {

namespace {

// Values whose line breaks were replaced are logged one by one up to this many per file.
constexpr std::int64_t kNormalisedLogged = 20;

class TisExtract : public FileKind {
 public:
  TisExtract(const spec::SchemaRegistry& schemas, const spec::FileSpec& spec)
      : schemas_(schemas), spec_(spec) {}

  // Checked while applied, in one pass.
  Verdict validate(const std::filesystem::path&, ProcessResult&) override { return {}; }

  // Streams the rows into the state, the ledger row already written so that they can name it. A
  // problem anywhere refuses the file, which the intake then rolls back.
  std::optional<Rejection> apply(db::Transaction& transaction, const std::filesystem::path& file,
                                 const FileContext& context, ProcessResult& result) override {
    const bool posts = spec_.type == "TIS_POSTS";
    tis_detail::SnapshotApplier applier(transaction, spec_.records.front(), context.file_id,
                                        context.business_date.iso(), posts);
    const std::size_t key_column = applier.key_column();
    std::unordered_set<std::string> keys;
    std::int64_t normalised = 0;
    std::vector<std::string> values;
    dialect::ParseCallbacks callbacks;
    callbacks.on_problem = [&](const spec::Problem& problem) { note_problem(result, problem); };
    callbacks.on_record = [&](const dialect::ParsedRecord& record) {
      if (!record.valid) return;
      values.clear();
      for (std::size_t i = 0; i < record.spec->fields.size(); ++i) {
        // A quoted CSV value may hold a line break (an address line, a name): it is one space in
        // the state, so no outbound record can ever carry it. The column is logged, never the
        // value.
        std::size_t replaced = 0;
        values.push_back(dialect::single_line(record.values[i], &replaced));
        if (replaced > 0 && ++normalised <= kNormalisedLogged) {
          spdlog::warn(
              "file={} line={} column={} line break or control character replaced by a "
              "space",
              result.file, record.line, record.spec->fields[i].name);
        }
      }
      const auto& key = values[key_column];
      if (!keys.insert(key).second) {
        note_problem(result, {result.file, record.line, posts ? "npn" : "placement_id",
                              fmt::format("{} appears twice in the snapshot", key)});
        return;
      }
      // Once the file is known to be rejected, reading on only collects its problems.
      if (result.problem_count == 0) applier.add(values);
    };
    auto summary = dialect::parse_file(file, result.file, spec_, schemas_, callbacks);
    result.records = summary.records;
    if (normalised > kNormalisedLogged) {
      spdlog::warn("file={} line breaks or control characters replaced in {} more values",
                   result.file, normalised - kNormalisedLogged);
    }
    if (result.problem_count > 0) {
      return Rejection{fmt::format("{} problem(s); nothing loaded", result.problem_count),
                       std::nullopt};
    }
    auto counts = applier.finish();
    if (normalised > 0) counts["values_normalised"] = normalised;
    if (posts) {
      auto rematch = state::rematch_positions(transaction, context.file_id, context.business_date);
      counts["positions_rematched"] = rematch.changed;
      counts["position_live"] = rematch.position_live;
    }
    for (const auto& [kind, count] : counts) {
      result.effects += fmt::format("{}{}={}", result.effects.empty() ? "" : " ", kind, count);
    }
    return std::nullopt;
  }

  Rejection name_reused(const std::string& name, const state::LedgerEntry&) const override {
    return {"a different file of this name was loaded before",
            spec::Problem{name, 0, "file name",
                          "a different extract of this name was loaded before; TIS must send a "
                          "new name"}};
  }

 private:
  const spec::SchemaRegistry& schemas_;
  const spec::FileSpec& spec_;
};

}  // namespace

Recognition TisExtracts::recognise(const std::string& name) const {
  Recognition recognition;
  auto identity = dialect::identify_file(name, schemas_);
  recognition.identity.date = identity.date;
  if (identity.spec == nullptr || identity.spec->layout != spec::Layout::csv || !identity.date) {
    recognition.refusal = Rejection{
        "not a TIS extract name",
        spec::Problem{name, 0, "file name",
                      "a TIS extract is named posts_YYYYMMDD.csv or placements_YYYYMMDD.csv"}};
    return recognition;
  }
  recognition.identity.type = identity.spec->type;
  recognition.kind = std::make_unique<TisExtract>(schemas_, *identity.spec);
  return recognition;
}

}  // namespace esr::inbound
