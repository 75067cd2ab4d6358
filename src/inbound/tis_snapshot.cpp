#include "tis_snapshot.hpp"

#include <fmt/format.h>

#include <set>
#include <string_view>

#include "esr/spec/identifiers.hpp"
#include "esr/spec/schema_registry.hpp"

namespace esr::inbound::tis_detail {

ExtractColumns ExtractColumns::of(const spec::RecordSpec& record, bool posts) {
  auto index = [&](std::string_view name) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < record.fields.size(); ++i)
      if (record.fields[i].name == name) return i;
    return std::nullopt;
  };
  auto required = [&](std::string_view name) {
    if (auto i = index(name)) return *i;
    throw spec::SchemaError(
        fmt::format("the {} extract schema has no column '{}', which esrd keeps",
                    posts ? "posts" : "placements", name));
  };
  ExtractColumns columns;
  columns.npn = required("npn");
  std::set<std::string_view> kept = {"npn"};
  if (posts) {
    columns.key = columns.npn;
    columns.status = index("status");
    columns.local_office = index("local_office");
    kept.insert({"status", "local_office"});
  } else {
    columns.key = required("placement_id");
    kept.insert("placement_id");
    auto require_all = [&](const auto& fields, auto& out) {
      for (const auto& field : fields) {
        out.emplace_back(required(field.name), field.member);
        kept.insert(field.name);
      }
    };
    require_all(state::kPlacementFields, columns.placement);
    require_all(state::kPersonFields, columns.person);
  }
  // A column the state has nowhere to keep would be read and silently dropped.
  for (const auto& field : record.fields) {
    if (!kept.count(field.name)) {
      throw spec::SchemaError(
          fmt::format("the {} extract schema has column '{}', which the state does not keep "
                      "(state/tis_columns.hpp)",
                      posts ? "posts" : "placements", field.name));
    }
  }
  return columns;
}

SnapshotApplier::SnapshotApplier(db::Transaction& transaction, const spec::RecordSpec& record,
                                 std::int64_t file_id, const std::string& date, bool posts)
    : columns_(ExtractColumns::of(record, posts)) {
  if (posts) {
    posts_.emplace(transaction, file_id, date);
  } else {
    placements_.emplace(transaction, file_id, date);
  }
}

void SnapshotApplier::add(std::span<std::string> values) {
  if (posts_) {
    post_.npn = std::move(values[columns_.npn]);
    // As stored: CURRENT when the extract leaves the status empty, and the npn's office when it
    // leaves the office empty.
    post_.status = columns_.status ? std::move(values[*columns_.status]) : std::string();
    if (post_.status.empty()) post_.status = "CURRENT";
    post_.local_office =
        columns_.local_office ? std::move(values[*columns_.local_office]) : std::string();
    if (post_.local_office.empty()) post_.local_office = spec::office_of_npn(post_.npn);
    posts_->add(post_);
    return;
  }
  placement_.placement_id = std::move(values[columns_.key]);
  placement_.npn = std::move(values[columns_.npn]);
  placement_.local_office = spec::office_of_npn(placement_.npn);
  for (auto [at, member] : columns_.placement) placement_.columns.*member = std::move(values[at]);
  for (auto [at, member] : columns_.person) placement_.person.*member = std::move(values[at]);
  placements_->add(placement_);
}

state::SnapshotCounts SnapshotApplier::finish() {
  return posts_ ? posts_->finish() : placements_->finish();
}

}  // namespace esr::inbound::tis_detail
