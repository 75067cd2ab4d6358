#include "esr/inbound/rmt_applier.hpp"

#include <fmt/format.h>

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "esr/state/position_columns.hpp"
#include "esr/state/positions.hpp"
#include "esr/state/rtc_lines.hpp"

namespace esr::inbound {

namespace {

// Field positions of one record type, looked up by reference so the schema stays the truth;
// `kept` pairs the field of each of its typed columns (state::kPorColumns or kPosColumns) with
// the member it fills. Values are assigned into objects reused for every record of the file, so
// that their strings keep their capacity: no allocation per record on the RMF path.
template <class Fields>
struct Layout {
  std::size_t id = 0, indicator = 0, number = 0, deanery = 0;
  std::vector<std::pair<std::size_t, std::string Fields::*>> kept;

  [[nodiscard]] bool is_delete(const dialect::ParsedRecord& record) const {
    return record.values[indicator] == "D";
  }
  void read(const dialect::ParsedRecord& record, state::PositionRecord& position) const {
    position.position_id = std::stoll(std::string(record.values[id]));
    position.deanery_number.assign(record.values[deanery]);
    position.position_number.assign(record.values[number]);
  }
  void read(const dialect::ParsedRecord& record, Fields& fields) const {
    for (auto [at, member] : kept) (fields.*member).assign(record.values[at]);
  }
};

template <class Fields, std::size_t N>
Layout<Fields> layout_of(const spec::RecordSpec& record, std::string_view id,
                         std::string_view indicator, std::string_view number,
                         std::string_view deanery,
                         const std::array<state::RecordColumn<Fields>, N>& columns) {
  auto at = [&](std::string_view ref) {
    auto index = record.index_of(ref);
    if (!index)
      throw std::logic_error(
          fmt::format("schema record {} lacks field {}", record.record_type, ref));
    return *index;
  };
  Layout<Fields> layout;
  layout.id = at(id);
  layout.indicator = at(indicator);
  layout.number = at(number);
  layout.deanery = at(deanery);
  for (const auto& c : columns) layout.kept.emplace_back(at(c.ref), c.member);
  return layout;
}

}  // namespace

struct RmtApplier::Impl {
  db::Transaction& transaction;
  FileContext context;
  const spec::RecordSpec* por_spec;
  const spec::RecordSpec* pos_spec;
  Layout<state::PorFields> por;
  Layout<state::PosFields> pos;
  state::PositionWrites positions;
  state::PersonRecordWrites persons;
  state::RtcLineWriter rtc;
  // A POR kept back until the next record (`por_held` says whether `held` and `held_por` hold
  // one): when that is the POS of the same position (as ESR writes them), the two are one row
  // write instead of two.
  bool por_held = false;
  state::PositionRecord held, record;
  state::PorFields held_por;
  state::PosFields pos_fields;
  std::int64_t changed = 0, deleted = 0, person_records = 0, records = 0;

  Impl(db::Transaction& open, const spec::FileSpec& spec, FileContext file)
      : transaction(open),
        context(std::move(file)),
        por_spec(spec.find_record("POR")),
        pos_spec(spec.find_record("POS")),
        por(layout_of(*por_spec, "T_POR02", "T_POR04", "T_POR05", "T_POR07", state::kPorColumns)),
        pos(layout_of(*pos_spec, "T_POS02", "T_POS04", "T_POS05", "T_POS10", state::kPosColumns)),
        positions(open, context.file_id, context.local_office),
        persons(open, context.file_id),
        rtc(open, context.file_id) {}

  void apply_por(const dialect::ParsedRecord& line) {
    if (por.is_delete(line)) return mark_deleted(line, por);
    flush_pending();
    por.read(line, held);
    por.read(line, held_por);
    por_held = true;
  }

  void apply_pos(const dialect::ParsedRecord& line) {
    if (pos.is_delete(line)) return mark_deleted(line, pos);
    pos.read(line, record);
    pos.read(line, pos_fields);
    if (por_held && held.position_id == record.position_id) {
      // What the POR's upsert followed by this POS's would leave (state/positions.hpp).
      positions.upsert(held, held_por, record, pos_fields);
      por_held = false;
      changed += 2;
      return;
    }
    flush_pending();
    positions.upsert(record, pos_fields);
    ++changed;
  }

  template <class Fields>
  void mark_deleted(const dialect::ParsedRecord& line, const Layout<Fields>& layout) {
    layout.read(line, record);
    flush_pending();
    positions.mark_deleted(record);
    ++deleted;
  }

  // Writes a POR kept back; before any other write to positions, so the order of effects holds.
  void flush_pending() {
    if (!por_held) return;
    positions.upsert(held, held_por);
    ++changed;
    por_held = false;
  }
};

RmtApplier::RmtApplier(db::Transaction& transaction, const spec::FileSpec& spec,
                       FileContext context)
    : impl_(std::make_unique<Impl>(transaction, spec, std::move(context))) {}

RmtApplier::~RmtApplier() = default;

void RmtApplier::apply(const dialect::ParsedRecord& record, const std::string&) {
  auto& impl = *impl_;
  ++impl.records;
  if (record.spec == impl.por_spec) {
    impl.apply_por(record);
  } else if (record.spec == impl.pos_spec) {
    impl.apply_pos(record);
  } else {
    impl.persons.add({static_cast<std::int64_t>(record.ordinal), record.record_type, record.raw});
    ++impl.person_records;
  }
  impl.rtc.add(static_cast<std::int64_t>(record.ordinal), true, {}, record.raw);
}

std::string RmtApplier::finish() {
  auto& impl = *impl_;
  impl.flush_pending();
  impl.rtc.finish();
  std::int64_t absent = 0;
  if (impl.context.type == "RMF") {
    // A full file replaces its office's positions: what it did not mention is gone.
    absent = impl.positions.mark_unmentioned_deleted();
  }
  auto live = state::record_live_positions(impl.transaction, impl.context.file_id,
                                           impl.context.business_date);
  return fmt::format(
      "position_records={} deleted={} absent_from_rmf={} person_records={} position_live={}",
      impl.changed, impl.deleted, absent, impl.person_records, live);
}

RmtRejectionLines::RmtRejectionLines(db::Transaction& transaction, FileContext context,
                                     std::string every_line_reason)
    : context_(std::move(context)),
      every_line_reason_(
          every_line_reason.empty()
              ? std::string("Not applied: the file was rejected for errors on other lines")
              : std::move(every_line_reason)),
      lines_(transaction, context_.file_id) {}

void RmtRejectionLines::apply(const dialect::ParsedRecord& record, const std::string& problems) {
  lines_.add(static_cast<std::int64_t>(record.ordinal), false,
             problems.empty() ? every_line_reason_ : problems, record.raw);
}

std::string RmtRejectionLines::finish() {
  lines_.finish();
  return {};
}

}  // namespace esr::inbound
