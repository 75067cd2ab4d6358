#pragma once
// Shared by the libFuzzer entry points (fuzz/*.cpp) and their corpus-replay builds
// (tests/fuzz/replay_main.cpp): the real schemas, loaded once, an in-memory file to hand to
// dialect::parse_file, and a check that aborts (which libFuzzer reports as a crash).
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include "esr/spec/schema_registry.hpp"

#ifndef ESRD_SOURCE_DIR
#error "ESRD_SOURCE_DIR must name the repository root (for schemas/)"
#endif

namespace esr::fuzz {

/// An invariant of the code under test does not hold: say which, then abort so that libFuzzer
/// keeps the input as a crash and a replay run fails.
[[noreturn]] inline void fail(std::string_view what, std::string_view detail = {}) {
  std::fprintf(stderr, "esrd fuzz invariant broken: %.*s\n", static_cast<int>(what.size()),
               what.data());
  if (!detail.empty()) {
    std::fprintf(stderr, "  detail: %.*s\n", static_cast<int>(detail.size()), detail.data());
  }
  std::abort();
}

inline void check(bool condition, std::string_view what, std::string_view detail = {}) {
  if (!condition) fail(what, detail);
}

/// The schemas of the repository (or of $ESRD_FUZZ_SCHEMAS), loaded on first use.
inline const spec::SchemaRegistry& registry() {
  static const spec::SchemaRegistry loaded = [] {
    const char* override_dir = std::getenv("ESRD_FUZZ_SCHEMAS");
    std::filesystem::path folder = override_dir != nullptr && *override_dir != '\0'
                                       ? std::filesystem::path(override_dir)
                                       : std::filesystem::path(ESRD_SOURCE_DIR) / "schemas";
    return spec::SchemaRegistry::load(folder);
  }();
  return loaded;
}

/// One anonymous in-memory file (memfd), rewritten for every input; parse_file opens it again
/// through /proc/self/fd, so the real LineReader reads it like any file.
class MemoryFile {
 public:
  MemoryFile() {
    fd_ = ::memfd_create("esrd-fuzz-input", MFD_CLOEXEC);
    if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "memfd_create");
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~MemoryFile() { ::close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  /// Replaces the content with `bytes` and returns the path to open.
  const std::filesystem::path& hold(const unsigned char* bytes, std::size_t size) {
    if (::ftruncate(fd_, 0) != 0) {
      throw std::system_error(errno, std::generic_category(), "ftruncate");
    }
    std::size_t done = 0;
    while (done < size) {
      auto wrote = ::pwrite(fd_, bytes + done, size - done, static_cast<off_t>(done));
      if (wrote < 0) {
        if (errno == EINTR) continue;
        throw std::system_error(errno, std::generic_category(), "pwrite");
      }
      done += static_cast<std::size_t>(wrote);
    }
    return path_;
  }

 private:
  int fd_ = -1;
  std::filesystem::path path_;
};

}  // namespace esr::fuzz
