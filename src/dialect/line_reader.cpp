#include "esr/dialect/line_reader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "esr/dialect/encoding.hpp"

namespace esr::dialect {

namespace {
constexpr std::size_t chunk_size = 1 << 20;
}

LineReader::LineReader(const std::filesystem::path& file, std::size_t max_line)
    : max_line_(max_line), path_(file.string()) {
  fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), path_);
  buffer_.resize(chunk_size + max_line_ + 1);
}

LineReader::~LineReader() {
  if (fd_ >= 0) ::close(fd_);
}

bool LineReader::fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  std::size_t room = buffer_.size() - end_;
  if (room == 0) return false;
  ssize_t got;
  do {
    got = ::read(fd_, buffer_.data() + end_, std::min(room, chunk_size));
  } while (got < 0 && errno == EINTR);
  if (got < 0) throw std::system_error(errno, std::generic_category(), path_);
  if (got == 0) {
    eof_ = true;
    return false;
  }
  end_ += static_cast<std::size_t>(got);
  bytes_read_ += static_cast<std::size_t>(got);
  return true;
}

bool LineReader::raw_line(std::string_view& text, bool& too_long) {
  too_long = false;
  std::size_t scanned = begin_;
  for (;;) {
    const char* start = buffer_.data() + scanned;
    const void* newline = std::memchr(start, '\n', end_ - scanned);
    if (newline != nullptr) {
      auto at = static_cast<std::size_t>(static_cast<const char*>(newline) - buffer_.data());
      text = std::string_view(buffer_.data() + begin_, at - begin_);
      begin_ = at + 1;
      if (text.size() > max_line_) {
        // A long line that happened to fit the buffer is still too long: same report.
        too_long = true;
        text = text.substr(0, 256);
      }
      return true;
    }
    if (end_ - begin_ > max_line_) {
      too_long = true;
      return discard_rest_of_line(text);
    }
    std::size_t old_begin = begin_;
    scanned = end_;
    if (!fill()) {
      if (end_ == begin_) return false;
      text = std::string_view(buffer_.data() + begin_, end_ - begin_);
      begin_ = end_;
      return true;
    }
    scanned -= old_begin - begin_;
  }
}

bool LineReader::discard_rest_of_line(std::string_view& text) {
  // Keep the start of the line for the report and drop the rest up to its end, so memory stays
  // bounded whatever the line's length.
  constexpr std::size_t kept = 256;
  std::memmove(buffer_.data(), buffer_.data() + begin_, kept);
  begin_ = 0;
  for (;;) {
    end_ = kept;
    ssize_t got;
    do {
      got = ::read(fd_, buffer_.data() + kept, chunk_size);
    } while (got < 0 && errno == EINTR);
    if (got < 0) throw std::system_error(errno, std::generic_category(), path_);
    text = std::string_view(buffer_.data(), kept);
    if (got == 0) {
      eof_ = true;
      begin_ = end_;
      return true;
    }
    bytes_read_ += static_cast<std::size_t>(got);
    end_ = kept + static_cast<std::size_t>(got);
    const void* found = std::memchr(buffer_.data() + kept, '\n', end_ - kept);
    if (found != nullptr) {
      begin_ = static_cast<std::size_t>(static_cast<const char*>(found) - buffer_.data()) + 1;
      return true;
    }
  }
}

bool LineReader::next(Line& line) {
  std::string_view text;
  bool too_long = false;
  while (raw_line(text, too_long)) {
    ++line_number_;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (text.empty() && !too_long) continue;
    line.number = line_number_;
    line.too_long = too_long;
    line.has_nul = std::memchr(text.data(), '\0', text.size()) != nullptr;
    line.transcoded = !is_valid_utf8(text);
    if (line.transcoded) {
      converted_ = windows1252_to_utf8(text);
      text = converted_;
    }
    line.text = text;
    return true;
  }
  return false;
}

}  // namespace esr::dialect
