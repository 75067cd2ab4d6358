#pragma once
// Streams a file line by line with a fixed-size buffer: a file is never read whole.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace esr::dialect {

/// One line as read. `text` has no line ending and is UTF-8 (converted from Windows-1252 when
/// the raw bytes were not valid UTF-8, in which case `transcoded` is set). A line longer than the
/// reader's limit is cut off: `too_long` is set and `text` holds only its start.
struct Line {
  std::string_view text;
  std::size_t number = 0;  // 1-based physical line number
  bool transcoded = false;
  bool too_long = false;
  bool has_nul = false;
};

/// Reads LF or CRLF lines; skips blank lines (their numbers still count); accepts a missing
/// final newline. Throws std::system_error when the file cannot be opened or read.
/// Not thread-safe; one reader per file.
class LineReader {
 public:
  static constexpr std::size_t default_max_line = 1 << 20;  // 1 MiB

  explicit LineReader(const std::filesystem::path& file, std::size_t max_line = default_max_line);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  /// Fills `line` with the next non-blank line; false at the end of the file. The view stays
  /// valid until the next call.
  [[nodiscard]] bool next(Line& line);
  [[nodiscard]] std::size_t bytes_read() const { return bytes_read_; }

 private:
  bool fill();
  [[nodiscard]] bool raw_line(std::string_view& text, bool& too_long);
  bool discard_rest_of_line(std::string_view& text);

  int fd_ = -1;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  std::size_t max_line_;
  std::size_t line_number_ = 0;
  std::size_t bytes_read_ = 0;
  std::string converted_;
  std::string path_;
};

}  // namespace esr::dialect
