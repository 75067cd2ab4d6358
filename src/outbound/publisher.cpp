#include "esr/outbound/publisher.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include "esr/db/transaction.hpp"
#include "esr/dialect/file_name.hpp"
#include "esr/ops/file_moves.hpp"
#include "esr/state/file_outcome.hpp"
#include "esr/state/state_schema.hpp"
#include "esr/util/fault_point.hpp"
#include "esr/util/fsync.hpp"
#include "esr/util/sha256.hpp"
#include "esr/util/utc_time.hpp"

namespace esr::outbound {

namespace {

enum class OnFailure { remove, keep };

// Writes `content` to `path` (created or truncated, mode 0600) and fsyncs it. On failure the
// partial file is removed by default: the bytes live in the database until the file is sent, so
// nothing is lost, and a full disk gets its space back instead of keeping a hidden .part (or a
// short archive copy) until the next run. A .part rewritten while `publishing` is kept instead:
// there, a missing .part means "already renamed", so removing it would mark the file sent.
void write_synced(const std::filesystem::path& path, std::string_view content,
                  OnFailure on_failure = OnFailure::remove) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw util::FileError("cannot create", path, errno);
  auto give_up = [&](const char* what, int error) {
    ::close(fd);
    if (on_failure == OnFailure::remove) ::unlink(path.c_str());
    throw util::FileError(what, path, error);
  };
  std::size_t done = 0;
  while (done < content.size()) {
    auto wrote = ::write(fd, content.data() + done, content.size() - done);
    if (wrote < 0) {
      if (errno == EINTR) continue;
      give_up("cannot write", errno);
    }
    done += static_cast<std::size_t>(wrote);
  }
  if (::fsync(fd) != 0) give_up("cannot fsync", errno);
  if (::close(fd) != 0) {
    int error = errno;
    if (on_failure == OnFailure::remove) ::unlink(path.c_str());
    throw util::FileError("cannot close", path, error);
  }
}

void set_outcome(db::Database& db, std::int64_t id, state::FileOutcome outcome) {
  auto statement = db.prepare(
      "UPDATE files SET outcome = ?2, finished_at = ?3,"
      " content = CASE WHEN ?2 = 'sent' THEN NULL ELSE content END WHERE id = ?1");
  statement.bind(1, id).bind(2, state::to_text(outcome)).bind(3, util::utc_now_iso());
  statement.run();
}

}  // namespace

Reserved Publisher::reserve(const OutboundFile& file) {
  auto next = db_.prepare(
      "UPDATE counters SET value = value + 1 WHERE name = 'outbound_sequence' RETURNING value");
  if (!next.step()) throw db::StoreError("the outbound sequence counter is missing");
  Reserved reserved;
  reserved.sequence = next.column_int64(0);
  next.reset();
  dialect::FileName name{file.local_office, file.type, file.date,
                         static_cast<std::uint64_t>(reserved.sequence)};
  reserved.name = name.str();
  auto insert = db_.prepare(
      "INSERT INTO files(name, direction, type, local_office, business_date, sequence, sha256,"
      " size, records, outcome, started_at, content)"
      " VALUES (?1, 'out', ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'pending', ?9, ?10)");
  insert.bind(1, reserved.name)
      .bind(2, file.type)
      .bind(3, file.local_office)
      .bind(4, file.date.iso())
      .bind(5, reserved.sequence)
      .bind(6, util::sha256_hex(std::string_view(file.content)))
      .bind(7, static_cast<std::int64_t>(file.content.size()))
      .bind(8, file.records)
      .bind(9, util::utc_now_iso())
      .bind_blob(10, file.content);
  insert.run();
  reserved.file_id = db_.last_insert_rowid();
  return reserved;
}

std::vector<std::string> Publisher::publish_pending() {
  struct Pending {
    std::int64_t id;
    std::string name, outcome, date, sha;
    std::string content;
  };
  std::vector<Pending> pending;
  {
    auto select = db_.prepare(
        "SELECT id, name, outcome, business_date, sha256, content FROM files"
        " WHERE direction = 'out' AND outcome IN ('pending', 'publishing') ORDER BY sequence");
    while (select.step()) {
      pending.push_back({select.column_int64(0), select.column_text(1), select.column_text(2),
                         select.column_text(3), select.column_text(4), select.column_blob(5)});
    }
  }
  std::vector<std::string> published;
  for (auto& file : pending) {
    auto started = std::chrono::steady_clock::now();
    auto final_path = dir_.outbox() / file.name;
    std::string part_name(1, '.');
    part_name += file.name;
    part_name += ".part";
    auto part = dir_.outbox() / part_name;
    auto date = spec::BusinessDate::from_iso(file.date).value_or(spec::BusinessDate{});
    util::fault_point("publish.before_part");
    if (file.outcome == "pending") {
      write_synced(part, file.content);
      util::fault_point("publish.after_part");
      util::fsync_directory(dir_.outbox());
      auto archived = dir_.archive_for(date) / file.name;
      // A copy a crash cut short (SIGKILL during its write) is written again; a whole one stays.
      if (!std::filesystem::exists(archived) || util::sha256_hex(archived) != file.sha) {
        ops::create_private_directories(archived.parent_path());
        write_synced(archived, file.content);
        util::fsync_directory(archived.parent_path());
      }
      set_outcome(db_, file.id, state::FileOutcome::publishing);
      util::fault_point("publish.after_publishing");
    }
    if (std::filesystem::exists(part)) {
      if (util::sha256_hex(part) != file.sha) {
        // A .part that does not hold the recorded bytes was cut short: write it again.
        write_synced(part, file.content, OnFailure::keep);
      }
      util::rename_no_replace(part, final_path);
      util::fsync_directory(dir_.outbox());
      util::fault_point("publish.after_rename");
    } else {
      spdlog::info("file={} recovery=already_renamed", file.name);
    }
    set_outcome(db_, file.id, state::FileOutcome::sent);
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    spdlog::info("file={} outcome=sent sha256={} bytes={} duration_ms={}", file.name,
                 file.sha.substr(0, 16), file.content.size(), took.count());
    published.push_back(file.name);
  }
  return published;
}

}  // namespace esr::outbound
