#include "esr/state/rtc_lines.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <deque>

#include "esr/db/store_error.hpp"

namespace esr::state {

namespace {

// A blob of rtc_echoes holds, per record, its ordinal and its byte length as LEB128 varints,
// then its bytes: exact for any record (quotes, commas, line breaks inside quotes, any byte).
void append_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

// Reads a varint at `at` of `blob`, advancing `at`; nullopt when the blob ends inside one.
std::optional<std::uint64_t> read_varint(std::string_view blob, std::size_t& at) {
  std::uint64_t value = 0;
  for (int shift = 0; at < blob.size() && shift < 64; shift += 7) {
    auto byte = static_cast<unsigned char>(blob[at++]);
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  return std::nullopt;
}

[[noreturn]] void corrupt(std::int64_t file_id, std::int64_t chunk) {
  throw db::StoreError("rtc_echoes of file id " + std::to_string(file_id) + " chunk " +
                       std::to_string(chunk) +
                       " is not a sequence of records: the database is "
                       "damaged; restore it from a backup");
}

}  // namespace

RtcLineWriter::RtcLineWriter(db::Transaction& transaction, std::int64_t file_id)
    : file_id_(file_id),
      insert_fail_(transaction.database().prepare(
          "INSERT INTO rtc_lines(file_id, ordinal, success, reason, record)"
          " VALUES (?1, ?2, 0, ?3, ?4)")),
      insert_chunk_(transaction.database().prepare(
          "INSERT INTO rtc_echoes(file_id, chunk, records) VALUES (?1, ?2, ?3)")) {}

void RtcLineWriter::add(std::int64_t ordinal, bool success, std::string_view reason,
                        std::string_view record) {
  if (!success) {
    insert_fail_.bind(1, file_id_).bind(2, ordinal).bind(3, reason).bind(4, record);
    insert_fail_.run();
    return;
  }
  append_varint(chunk_, static_cast<std::uint64_t>(ordinal));
  append_varint(chunk_, record.size());
  chunk_ += record;
  if (chunk_.size() >= kChunkBytes) write_chunk();
}

void RtcLineWriter::finish() {
  if (!chunk_.empty()) write_chunk();
}

void RtcLineWriter::write_chunk() {
  insert_chunk_.bind(1, file_id_).bind(2, chunks_written_).bind_blob(3, chunk_);
  insert_chunk_.run();
  ++chunks_written_;
  chunk_.clear();
}

void for_each_rtc_line(db::Database& db, std::int64_t file_id,
                       const std::function<bool(const RtcLine&)>& visit) {
  // The rows are few: FAIL lines (all of a rejected file's, none of an applied one's), and the
  // SUCCESS lines of a file applied before rtc_echoes existed. Read them first, then merge them
  // into the lines of the blobs as those are read in order.
  std::deque<RtcLine> rows;
  auto fails = db.prepare(
      "SELECT ordinal, success, reason, record FROM rtc_lines WHERE file_id = ?1 ORDER BY "
      "ordinal");
  fails.bind(1, file_id);
  while (fails.step()) {
    rows.push_back({fails.column_int64(0), fails.column_int(1) != 0, fails.column_text(2),
                    fails.column_text(3)});
  }
  auto chunks =
      db.prepare("SELECT chunk, records FROM rtc_echoes WHERE file_id = ?1 ORDER BY chunk");
  chunks.bind(1, file_id);
  RtcLine line;
  line.success = true;
  while (chunks.step()) {
    const auto chunk = chunks.column_int64(0);
    const auto blob = chunks.column_blob(1);
    std::size_t at = 0;
    while (at < blob.size()) {
      auto ordinal = read_varint(blob, at);
      auto size = read_varint(blob, at);
      if (!ordinal || !size || *size > blob.size() - at) corrupt(file_id, chunk);
      line.ordinal = static_cast<std::int64_t>(*ordinal);
      for (; !rows.empty() && rows.front().ordinal < line.ordinal; rows.pop_front()) {
        if (!visit(rows.front())) return;
      }
      line.record.assign(blob, at, *size);
      at += *size;
      if (!visit(line)) return;
    }
  }
  for (const auto& rest : rows) {
    if (!visit(rest)) return;
  }
}

std::vector<RtcLine> rtc_lines_of(db::Database& db, std::int64_t file_id) {
  std::vector<RtcLine> lines;
  for_each_rtc_line(db, file_id, [&](const RtcLine& line) {
    lines.push_back(line);
    return true;
  });
  return lines;
}

std::optional<RtcLine> first_line_of_position(db::Database& db, std::int64_t file_id,
                                              std::int64_t position_id) {
  const auto id = std::to_string(position_id);
  std::array<std::string, 4> prefixes = {"\"POR\"," + id + ",", "POR," + id + ",",
                                         "\"POS\"," + id + ",", "POS," + id + ","};
  auto starts_with = [](std::string_view record, std::string_view prefix) {
    return record.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), record.begin(), [](char a, char b) {
             return std::toupper(static_cast<unsigned char>(a)) ==
                    std::toupper(static_cast<unsigned char>(b));
           });
  };
  std::optional<RtcLine> found;
  for_each_rtc_line(db, file_id, [&](const RtcLine& line) {
    for (const auto& prefix : prefixes) {
      if (starts_with(line.record, prefix)) {
        found = line;
        return false;
      }
    }
    return true;
  });
  return found;
}

std::int64_t failed_rtc_lines(db::Database& db, std::int64_t file_id) {
  auto count = db.prepare("SELECT count(*) FROM rtc_lines WHERE file_id = ?1 AND success = 0");
  count.bind(1, file_id);
  return count.step() ? count.column_int64(0) : 0;
}

std::vector<RtcDue> files_awaiting_rtc(db::Database& db,
                                       const std::optional<std::string>& local_office) {
  auto select = db.prepare(
      "SELECT id, name, local_office FROM files WHERE direction = 'in' AND type IN ('RMF', 'RMC')"
      " AND confirmed_by IS NULL AND local_office IS NOT NULL"
      " AND (?1 = '' OR local_office = ?1)"
      " AND (EXISTS (SELECT 1 FROM rtc_lines WHERE rtc_lines.file_id = files.id)"
      " OR EXISTS (SELECT 1 FROM rtc_echoes WHERE rtc_echoes.file_id = files.id)) ORDER BY id");
  select.bind(1, local_office.value_or(""));
  std::vector<RtcDue> due;
  while (select.step()) {
    due.push_back({select.column_int64(0), select.column_text(1), select.column_text(2)});
  }
  return due;
}

}  // namespace esr::state
