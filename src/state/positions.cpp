#include "esr/state/positions.hpp"

#include <fmt/format.h>

#include <array>
#include <span>
#include <string_view>
#include <utility>

#include "esr/state/tis_events.hpp"
#include "esr/util/utc_time.hpp"
#include "sql_text.hpp"

namespace esr::state {

namespace {

template <class Fields, std::size_t N>
constexpr std::array<std::string_view, N> column_names(
    const std::array<RecordColumn<Fields>, N>& kept) {
  std::array<std::string_view, N> names{};
  for (std::size_t i = 0; i < N; ++i) names[i] = kept[i].column;
  return names;
}

constexpr auto kPorNames = column_names(kPorColumns);
constexpr auto kPosNames = column_names(kPosColumns);

// "has_por, title, ..., location" (or the POS's): the flag, then the kept columns.
std::string kept_columns(std::string_view flag, std::span<const std::string_view> names) {
  return fmt::format("{}, {}", flag, sql::column_list(names));
}

// "has_por = excluded.has_por, title = excluded.title, ...".
std::string kept_updates(std::string_view flag, std::span<const std::string_view> names) {
  return fmt::format("{0} = excluded.{0}{1}", flag, sql::excluded_updates(names));
}

// "1, ?first, ?first+1, ...": the flag and one parameter per kept column.
std::string kept_parameters(int first, std::size_t count) {
  return fmt::format("1, {}", sql::placeholders(first, count));
}

// The source of an upsert: `m`, whether a TIS post with the deanery number (?3) is present,
// computed once for both the matched and the went_live columns. (An INSERT ... SELECT with an
// upsert clause needs a WHERE.)
constexpr const char* post_present =
    "(SELECT EXISTS(SELECT 1 FROM tis_posts WHERE npn = ?3 AND present = 1) AS m) WHERE 1";

// An update makes a position live and matched when it is matched now and was deleted, unmatched
// or on another post before (the unqualified columns are the row before the update). A flag set
// earlier in the same file stays set until record_live_positions turns it into an event.
constexpr const char* went_live =
    "went_live OR (excluded.matched AND (deleted OR NOT matched"
    " OR deanery_number != excluded.deanery_number))";

// The first parameter of the kept values: in a single upsert (after ?6, changed_at), and in
// the POR+POS one (after ?7).
constexpr int kSingleFirst = 7;
constexpr int kPairFirst = 8;

std::string upsert_sql(std::string_view flag, std::span<const std::string_view> names) {
  return fmt::format(
      "INSERT INTO positions(position_id, local_office, deanery_number, position_number, {0},"
      " deleted, matched, went_live, created_file_id, changed_file_id, changed_at)"
      " SELECT ?1, ?2, ?3, nullif(?4, ''), {1}, 0, m, m, ?5, ?5, ?6 FROM {2}"
      " ON CONFLICT(position_id) DO UPDATE SET local_office = excluded.local_office,"
      " deanery_number = excluded.deanery_number,"
      " position_number = coalesce(excluded.position_number, position_number),"
      " {3}, deleted = 0, matched = excluded.matched, went_live = {4},"
      " changed_file_id = excluded.changed_file_id, changed_at = excluded.changed_at",
      kept_columns(flag, names), kept_parameters(kSingleFirst, names.size()), post_present,
      kept_updates(flag, names), went_live);
}

std::string upsert_pair_sql() {
  return fmt::format(
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
      kept_columns("has_por", kPorNames), kept_columns("has_pos", kPosNames),
      kept_parameters(kPairFirst, kPorNames.size()),
      kept_parameters(kPairFirst + static_cast<int>(kPorNames.size()), kPosNames.size()),
      post_present, kept_updates("has_por", kPorNames), kept_updates("has_pos", kPosNames),
      went_live);
}

// Binds `fields`' kept columns from parameter `first` on; returns the parameter after them.
template <class Fields, std::size_t N>
int bind_kept(db::Statement& statement, int first, const std::array<RecordColumn<Fields>, N>& kept,
              const Fields& fields) {
  for (const auto& column : kept) statement.bind(first++, fields.*column.member);
  return first;
}

}  // namespace

PositionWrites::PositionWrites(db::Transaction& transaction, std::int64_t file_id,
                               std::string local_office)
    : db_(transaction.database()),
      file_id_(file_id),
      local_office_(std::move(local_office)),
      changed_at_(util::utc_now_iso()),
      upsert_por_(db_.prepare(upsert_sql("has_por", kPorNames))),
      upsert_pos_(db_.prepare(upsert_sql("has_pos", kPosNames))),
      upsert_pair_(db_.prepare(upsert_pair_sql())),
      delete_(db_.prepare(
          "INSERT INTO positions(position_id, local_office, deanery_number, position_number,"
          " deleted, matched, created_file_id, changed_file_id, changed_at)"
          " VALUES (?1, ?2, ?3, nullif(?4, ''), 1, 0, ?5, ?5, ?6)"
          " ON CONFLICT(position_id) DO UPDATE SET deleted = 1, changed_file_id = ?5,"
          " changed_at = ?6")) {}

void PositionWrites::bind_record(db::Statement& statement, const PositionRecord& record) {
  statement.bind(1, record.position_id)
      .bind(2, local_office_)
      .bind(3, record.deanery_number)
      .bind(4, record.position_number)
      .bind(5, file_id_)
      .bind(6, changed_at_);
}

void PositionWrites::upsert(const PositionRecord& record, const PorFields& por) {
  bind_record(upsert_por_, record);
  bind_kept(upsert_por_, kSingleFirst, kPorColumns, por);
  upsert_por_.run();
}

void PositionWrites::upsert(const PositionRecord& record, const PosFields& pos) {
  bind_record(upsert_pos_, record);
  bind_kept(upsert_pos_, kSingleFirst, kPosColumns, pos);
  upsert_pos_.run();
}

void PositionWrites::upsert(const PositionRecord& por_record, const PorFields& por,
                            const PositionRecord& pos_record, const PosFields& pos) {
  // The POS's deanery number wins, and its position number unless it has none.
  upsert_pair_.bind(1, pos_record.position_id)
      .bind(2, local_office_)
      .bind(3, pos_record.deanery_number)
      .bind(4, pos_record.position_number)
      .bind(5, por_record.position_number)
      .bind(6, file_id_)
      .bind(7, changed_at_);
  int parameter = bind_kept(upsert_pair_, kPairFirst, kPorColumns, por);
  bind_kept(upsert_pair_, parameter, kPosColumns, pos);
  upsert_pair_.run();
}

void PositionWrites::mark_deleted(const PositionRecord& record) {
  bind_record(delete_, record);
  delete_.run();
}

std::int64_t PositionWrites::mark_unmentioned_deleted() {
  auto statement = db_.prepare(
      "UPDATE positions SET deleted = 1, changed_file_id = ?1, changed_at = ?3"
      " WHERE local_office = ?2 AND deleted = 0 AND changed_file_id != ?1");
  statement.bind(1, file_id_).bind(2, local_office_).bind(3, changed_at_);
  statement.run();
  return db_.changes();
}

PersonRecordWrites::PersonRecordWrites(db::Transaction& transaction, std::int64_t file_id)
    : file_id_(file_id),
      insert_(transaction.database().prepare(
          "INSERT INTO person_records(file_id, ordinal, record_type, raw) "
          "VALUES (?1, ?2, ?3, ?4)")) {}

void PersonRecordWrites::add(const PersonRecord& record) {
  insert_.bind(1, file_id_).bind(2, record.ordinal).bind(3, record.record_type).bind(4, record.raw);
  insert_.run();
}

std::int64_t record_live_positions(db::Transaction& transaction, std::int64_t file_id,
                                   const spec::BusinessDate& date) {
  auto events = add_position_live_events(transaction, file_id, date);
  transaction.database().exec("UPDATE positions SET went_live = 0 WHERE went_live = 1");
  return events;
}

RematchCounts rematch_positions(db::Transaction& transaction, std::int64_t file_id,
                                const spec::BusinessDate& date) {
  auto& db = transaction.database();
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
  counts.position_live = record_live_positions(transaction, file_id, date);
  return counts;
}

}  // namespace esr::state
