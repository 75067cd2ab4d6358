#include "esr/inbound/rmt_applier.hpp"

#include <fmt/format.h>

#include <array>
#include <string>
#include <vector>

#include "esr/state/position_columns.hpp"
#include "esr/state/state_schema.hpp"
#include "esr/util/utc_time.hpp"

namespace esr::inbound {

namespace {

constexpr const char* rtc_insert =
    "INSERT INTO rtc_lines(file_id, ordinal, success, reason, record)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";

// Field positions of one record type, looked up by reference so the schema stays the truth;
// `kept` are those of its typed columns (state::kPorColumns or kPosColumns), in their order.
struct Layout {
  std::size_t id = 0, indicator = 0, number = 0, deanery = 0;
  bool por = false;
  std::vector<std::size_t> kept;
};

// "has_por, title, ..., location" (or the POS's), and the "title = excluded.title" updates.
template <std::size_t N>
std::string column_list(std::string_view flag, const std::array<state::RecordColumn, N>& columns) {
  std::string out(flag);
  for (const auto& c : columns) out += fmt::format(", {}", c.column);
  return out;
}

template <std::size_t N>
std::string column_updates(std::string_view flag,
                           const std::array<state::RecordColumn, N>& columns) {
  std::string out = fmt::format("{0} = excluded.{0}", flag);
  for (const auto& c : columns) out += fmt::format(", {0} = excluded.{0}", c.column);
  return out;
}

// "1, ?first, ?first+1, ...": the flag and one parameter per kept column.
std::string parameters(int first, std::size_t count) {
  std::string out = "1";
  for (std::size_t i = 0; i < count; ++i) out += fmt::format(", ?{}", first + static_cast<int>(i));
  return out;
}

// The source of an upsert: `m`, whether a TIS post with the deanery number (?3) is present,
// computed once for both the matched and the went_live columns. (An INSERT ... SELECT with an
// upsert clause needs a WHERE.)
constexpr const char* post_present =
    "(SELECT EXISTS(SELECT 1 FROM tis_posts WHERE npn = ?3 AND present = 1) AS m) WHERE 1";

// An update makes a position live and matched when it is matched now and was deleted, unmatched
// or on another post before (the unqualified columns are the row before the update). A flag set
// earlier in the same file stays set until finish() turns it into an event.
constexpr const char* went_live =
    "went_live OR (excluded.matched AND (deleted OR NOT matched"
    " OR deanery_number != excluded.deanery_number))";

// Turns the positions flagged as gone live (by this file, or by a rematch) into position_live
// events dated `date` from ledger file `file_id`, then clears the flags. Only offices whose TIS
// baseline is older get events: the engine ignores an event dated on or before the baseline, so
// a day-one file raises none.
std::int64_t record_live_positions(db::Database& db, std::int64_t file_id,
                                   const spec::BusinessDate& date) {
  auto insert = db.prepare(
      "INSERT INTO tis_events(file_id, business_date, local_office, kind, subject)"
      " SELECT ?1, ?2, p.local_office, 'position_live', p.position_id FROM positions p"
      " JOIN tis_baselines b ON b.local_office = p.local_office AND b.business_date < ?2"
      " WHERE p.went_live = 1 AND p.deleted = 0 AND p.matched = 1 ORDER BY p.position_id");
  insert.bind(1, file_id).bind(2, date.iso());
  insert.run();
  auto events = db.changes();
  db.exec("UPDATE positions SET went_live = 0 WHERE went_live = 1");
  return events;
}

Layout layout_of(const spec::RecordSpec& record, bool por) {
  auto at = [&](const char* ref) {
    auto index = record.index_of(ref);
    if (!index)
      throw std::logic_error(
          fmt::format("schema record {} lacks field {}", record.record_type, ref));
    return *index;
  };
  auto kept = [&](const auto& columns) {
    std::vector<std::size_t> indexes;
    for (const auto& c : columns) indexes.push_back(at(std::string(c.ref).c_str()));
    return indexes;
  };
  if (por)
    return {at("T_POR02"), at("T_POR04"), at("T_POR05"),
            at("T_POR07"), true,          kept(state::kPorColumns)};
  return {at("T_POS02"), at("T_POS04"), at("T_POS05"),
          at("T_POS10"), false,         kept(state::kPosColumns)};
}

}  // namespace

struct RmtApplier::Impl {
  db::Database& db;
  FileContext context;
  const spec::RecordSpec* por_spec;
  const spec::RecordSpec* pos_spec;
  Layout por, pos;
  db::Statement upsert_por, upsert_pos, upsert_pair, delete_position, keep_person, rtc;
  // A POR kept back until the next record: when that is the POS of the same position (as ESR
  // writes them), the two are one row write instead of two.
  // One object reused for every POR of the file (`held` says whether it holds one), so that its
  // strings keep their capacity: no allocation per record on the RMF path.
  struct PendingPor {
    bool held = false;
    std::int64_t id = 0;
    std::string deanery, number;
    std::vector<std::string> kept;  // the values of the POR's typed columns
  };
  PendingPor pending;
  std::int64_t changed = 0, deleted = 0, person_records = 0, records = 0;
  std::string now = util::utc_now_iso();

  Impl(db::Database& database, const spec::FileSpec& spec, FileContext file)
      : db(database),
        context(std::move(file)),
        por_spec(spec.find_record("POR")),
        pos_spec(spec.find_record("POS")),
        por(layout_of(*por_spec, true)),
        pos(layout_of(*pos_spec, false)),
        upsert_por(db.prepare(upsert_sql(true))),
        upsert_pos(db.prepare(upsert_sql(false))),
        upsert_pair(db.prepare(fmt::format(
            "INSERT INTO positions(position_id, local_office, deanery_number, position_number,"
            " {}, {}, deleted, matched, went_live, created_file_id,"
            " changed_file_id, changed_at) SELECT ?1, ?2, ?3,"
            " coalesce(nullif(?4, ''), nullif(?5, '')), {}, {}, 0, m, m, ?6, ?6, ?7 FROM {}"
            " ON CONFLICT(position_id) DO UPDATE SET local_office = excluded.local_office,"
            " deanery_number = excluded.deanery_number,"
            " position_number = coalesce(excluded.position_number, position_number),"
            " {}, {}, deleted = 0,"
            " matched = excluded.matched, went_live = {}, changed_file_id ="
            " excluded.changed_file_id, changed_at = excluded.changed_at",
            column_list("has_por", state::kPorColumns), column_list("has_pos", state::kPosColumns),
            parameters(kPairFirst, state::kPorColumns.size()),
            parameters(kPairFirst + static_cast<int>(state::kPorColumns.size()),
                       state::kPosColumns.size()),
            post_present, column_updates("has_por", state::kPorColumns),
            column_updates("has_pos", state::kPosColumns), went_live))),
        delete_position(db.prepare(
            "INSERT INTO positions(position_id, local_office, deanery_number, position_number,"
            " deleted, matched, created_file_id, changed_file_id, changed_at)"
            " VALUES (?1, ?2, ?3, nullif(?4, ''), 1, 0, ?5, ?5, ?6)"
            " ON CONFLICT(position_id) DO UPDATE SET deleted = 1, changed_file_id = ?5,"
            " changed_at = ?6")),
        keep_person(db.prepare("INSERT INTO person_records(file_id, ordinal, record_type, raw) "
                               "VALUES (?1, ?2, ?3, ?4)")),
        rtc(db.prepare(rtc_insert)) {}

  // The first parameter of the kept values: in a single upsert (after ?6, changed_at), and in
  // the POR+POS one (after ?7).
  static constexpr int kSingleFirst = 7;
  static constexpr int kPairFirst = 8;

  static std::string upsert_sql(bool por) {
    auto columns = por ? column_list("has_por", state::kPorColumns)
                       : column_list("has_pos", state::kPosColumns);
    auto updates = por ? column_updates("has_por", state::kPorColumns)
                       : column_updates("has_pos", state::kPosColumns);
    auto count = por ? state::kPorColumns.size() : state::kPosColumns.size();
    return fmt::format(
        "INSERT INTO positions(position_id, local_office, deanery_number, position_number, {0},"
        " deleted, matched, went_live, created_file_id, changed_file_id, changed_at)"
        " SELECT ?1, ?2, ?3, nullif(?4, ''), {1}, 0, m, m, ?5, ?5, ?6 FROM {2}"
        " ON CONFLICT(position_id) DO UPDATE SET local_office = excluded.local_office,"
        " deanery_number = excluded.deanery_number,"
        " position_number = coalesce(excluded.position_number, position_number),"
        " {3}, deleted = 0, matched = excluded.matched, went_live = {4},"
        " changed_file_id = excluded.changed_file_id, changed_at = excluded.changed_at",
        columns, parameters(kSingleFirst, count), post_present, updates, went_live);
  }

  void position(const dialect::ParsedRecord& record, const Layout& layout) {
    auto values = record.values;
    bool is_delete = values[layout.indicator] == "D";
    std::int64_t id = std::stoll(std::string(values[layout.id]));
    if (is_delete) {
      flush_pending();
      delete_position.bind(1, id)
          .bind(2, context.local_office)
          .bind(3, values[layout.deanery])
          .bind(4, values[layout.number])
          .bind(5, context.file_id)
          .bind(6, now);
      delete_position.run();
      ++deleted;
      return;
    }
    if (layout.por) {
      flush_pending();
      pending.held = true;
      pending.id = id;
      pending.deanery.assign(values[layout.deanery]);
      pending.number.assign(values[layout.number]);
      pending.kept.resize(layout.kept.size());
      for (std::size_t i = 0; i < layout.kept.size(); ++i)
        pending.kept[i].assign(values[layout.kept[i]]);
      return;
    }
    if (pending.held && pending.id == id) {
      // Exactly what the POR's upsert followed by this POS's would leave.
      upsert_pair.bind(1, id)
          .bind(2, context.local_office)
          .bind(3, values[layout.deanery])
          .bind(4, values[layout.number])
          .bind(5, pending.number)
          .bind(6, context.file_id)
          .bind(7, now);
      int parameter = kPairFirst;
      for (const auto& value : pending.kept) upsert_pair.bind(parameter++, value);
      for (auto index : layout.kept) upsert_pair.bind(parameter++, values[index]);
      upsert_pair.run();
      pending.held = false;
      changed += 2;
      return;
    }
    flush_pending();
    upsert_pos.bind(1, id)
        .bind(2, context.local_office)
        .bind(3, values[layout.deanery])
        .bind(4, values[layout.number])
        .bind(5, context.file_id)
        .bind(6, now);
    int parameter = kSingleFirst;
    for (auto index : layout.kept) upsert_pos.bind(parameter++, values[index]);
    upsert_pos.run();
    ++changed;
  }

  // Writes a POR kept back; before any other write to positions, so the order of effects holds.
  void flush_pending() {
    if (!pending.held) return;
    upsert_por.bind(1, pending.id)
        .bind(2, context.local_office)
        .bind(3, pending.deanery)
        .bind(4, pending.number)
        .bind(5, context.file_id)
        .bind(6, now);
    int parameter = kSingleFirst;
    for (const auto& value : pending.kept) upsert_por.bind(parameter++, value);
    upsert_por.run();
    ++changed;
    pending.held = false;
  }
};

RmtApplier::RmtApplier(db::Database& db, const spec::FileSpec& spec, FileContext context)
    : impl_(std::make_unique<Impl>(db, spec, std::move(context))) {}

RmtApplier::~RmtApplier() = default;

void RmtApplier::apply(const dialect::ParsedRecord& record, const std::string&) {
  auto& impl = *impl_;
  ++impl.records;
  if (record.spec == impl.por_spec) {
    impl.position(record, impl.por);
  } else if (record.spec == impl.pos_spec) {
    impl.position(record, impl.pos);
  } else {
    impl.keep_person.bind(1, impl.context.file_id)
        .bind(2, static_cast<std::int64_t>(record.ordinal))
        .bind(3, record.record_type)
        .bind(4, record.raw);
    impl.keep_person.run();
    ++impl.person_records;
  }
  impl.rtc.bind(1, impl.context.file_id)
      .bind(2, static_cast<std::int64_t>(record.ordinal))
      .bind(3, 1)
      .bind(4, std::string_view())
      .bind(5, record.raw);
  impl.rtc.run();
}

std::string RmtApplier::finish() {
  auto& impl = *impl_;
  impl.flush_pending();
  std::int64_t absent = 0;
  if (impl.context.type == "RMF") {
    // A full file replaces its office's positions: what it did not mention is gone.
    auto statement = impl.db.prepare(
        "UPDATE positions SET deleted = 1, changed_file_id = ?1, changed_at = ?3"
        " WHERE local_office = ?2 AND deleted = 0 AND changed_file_id != ?1");
    statement.bind(1, impl.context.file_id).bind(2, impl.context.local_office).bind(3, impl.now);
    statement.run();
    absent = impl.db.changes();
  }
  auto live = record_live_positions(impl.db, impl.context.file_id, impl.context.business_date);
  return fmt::format(
      "position_records={} deleted={} absent_from_rmf={} person_records={} position_live={}",
      impl.changed, impl.deleted, absent, impl.person_records, live);
}

RmtRejectionLines::RmtRejectionLines(db::Database& db, FileContext context,
                                     std::string every_line_reason)
    : db_(db),
      context_(std::move(context)),
      every_line_reason_(
          every_line_reason.empty()
              ? std::string("Not applied: the file was rejected for errors on other lines")
              : std::move(every_line_reason)),
      insert_(db.prepare(rtc_insert)) {}

void RmtRejectionLines::apply(const dialect::ParsedRecord& record, const std::string& problems) {
  insert_.bind(1, context_.file_id)
      .bind(2, static_cast<std::int64_t>(record.ordinal))
      .bind(3, 0)
      .bind(4, problems.empty() ? every_line_reason_ : problems)
      .bind(5, record.raw);
  insert_.run();
}

std::string RmtRejectionLines::finish() { return {}; }

RematchCounts rematch_positions(db::Database& db, std::int64_t file_id,
                                const spec::BusinessDate& date) {
  // Only rows whose status flips are written; one that was unmatched is now matched, and goes
  // live unless ESR deleted it.
  db.exec(
      "UPDATE positions SET matched = EXISTS(SELECT 1 FROM tis_posts"
      " WHERE tis_posts.npn = positions.deanery_number AND tis_posts.present = 1),"
      " went_live = (matched = 0 AND deleted = 0)"
      " WHERE matched != EXISTS(SELECT 1 FROM tis_posts"
      " WHERE tis_posts.npn = positions.deanery_number AND tis_posts.present = 1)");
  RematchCounts counts;
  counts.changed = db.changes();
  counts.position_live = record_live_positions(db, file_id, date);
  return counts;
}

}  // namespace esr::inbound
