#pragma once
// SHA-256 digests, as lower-case hex, for the file ledger.
#include <filesystem>
#include <string>
#include <string_view>

namespace esr::util {

/// The SHA-256 of a file's content, read in 64 KiB chunks (memory does not grow with the file),
/// as 64 lower-case hex digits. Throws FileError when the file cannot be read. Thread-safe.
[[nodiscard]] std::string sha256_hex(const std::filesystem::path& file);

/// The SHA-256 of `bytes`, as 64 lower-case hex digits. Thread-safe.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

}  // namespace esr::util
