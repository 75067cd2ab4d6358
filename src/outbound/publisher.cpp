#include "esr/outbound/publisher.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include "esr/db/transaction.hpp"
#include "esr/dialect/file_name.hpp"
#include "esr/ops/file_moves.hpp"
#include "esr/state/counters.hpp"
#include "esr/state/file_outcome.hpp"
#include "esr/state/ledger.hpp"
#include "esr/util/fault_point.hpp"
#include "esr/util/fsync.hpp"
#include "esr/util/sha256.hpp"

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

// Records a new outcome of outbound file `id` in a transaction of its own, committed at once.
void set_outcome(db::Database& db, std::int64_t id, state::FileOutcome outcome) {
  db::Transaction transaction(db);
  state::set_outbound_outcome(transaction, id, outcome);
  transaction.commit();
}

}  // namespace

Reserved Publisher::reserve(db::Transaction& transaction, const OutboundFile& file) {
  Reserved reserved;
  reserved.sequence = state::next_outbound_sequence(transaction);
  dialect::FileName name{file.local_office, file.type, file.date,
                         static_cast<std::uint64_t>(reserved.sequence)};
  reserved.name = name.str();
  reserved.file_id = state::add_pending_outbound(transaction, {.name = reserved.name,
                                                               .type = file.type,
                                                               .local_office = file.local_office,
                                                               .business_date = file.date.iso(),
                                                               .sequence = reserved.sequence,
                                                               .records = file.records,
                                                               .content = file.content});
  return reserved;
}

std::vector<std::string> Publisher::publish_pending() {
  auto pending = state::unsent_files(db_);
  std::vector<std::string> published;
  for (auto& file : pending) {
    auto started = std::chrono::steady_clock::now();
    auto final_path = dir_.outbox() / file.name;
    std::string part_name(1, '.');
    part_name += file.name;
    part_name += ".part";
    auto part = dir_.outbox() / part_name;
    auto date = spec::BusinessDate::from_iso(file.business_date).value_or(spec::BusinessDate{});
    util::fault_point("publish.before_part");
    bool part_written_now = false;  // then it holds the recorded bytes: no need to hash it again
    if (file.outcome == state::FileOutcome::pending) {
      write_synced(part, file.content);
      part_written_now = true;
      util::fault_point("publish.after_part");
      util::fsync_directory(dir_.outbox());
      auto archived = dir_.archive_for(date) / file.name;
      // A copy a crash cut short (SIGKILL during its write) is written again; a whole one stays.
      if (!std::filesystem::exists(archived) || util::sha256_hex(archived) != file.sha256) {
        ops::create_private_directories(archived.parent_path());
        write_synced(archived, file.content);
        util::fsync_directory(archived.parent_path());
      }
      set_outcome(db_, file.id, state::FileOutcome::publishing);
      util::fault_point("publish.after_publishing");
    }
    if (std::filesystem::exists(part)) {
      if (!part_written_now && util::sha256_hex(part) != file.sha256) {
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
                 file.sha256.substr(0, 16), file.content.size(), took.count());
    published.push_back(file.name);
  }
  return published;
}

}  // namespace esr::outbound
