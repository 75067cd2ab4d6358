// Streaming lines: endings, blank lines, encodings, NUL bytes, over-long lines, chunk boundaries.
#include "esr/dialect/line_reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "support/temp_dir.hpp"

namespace esr::dialect {
namespace {

using esr::test_support::TempDir;

constexpr std::size_t kMiB = 1 << 20;

struct ReadLine {
  std::string text;
  std::size_t number = 0;
  bool transcoded = false;
  bool too_long = false;
  bool has_nul = false;
};

std::vector<ReadLine> read_all(const std::filesystem::path& file,
                               std::size_t max_line = LineReader::default_max_line,
                               std::size_t* bytes = nullptr) {
  LineReader reader(file, max_line);
  std::vector<ReadLine> out;
  Line line;
  while (reader.next(line)) {
    out.push_back(
        {std::string(line.text), line.number, line.transcoded, line.too_long, line.has_nul});
  }
  Line after;
  EXPECT_FALSE(reader.next(after)) << "next() after the end must stay false";
  if (bytes != nullptr) *bytes = reader.bytes_read();
  return out;
}

std::vector<std::pair<std::size_t, std::string>> numbered(const std::vector<ReadLine>& lines) {
  std::vector<std::pair<std::size_t, std::string>> out;
  for (const auto& line : lines) out.emplace_back(line.number, line.text);
  return out;
}

using Numbered = std::vector<std::pair<std::size_t, std::string>>;

class LineReaderTest : public ::testing::Test {
 protected:
  std::vector<ReadLine> read(std::string_view bytes,
                             std::size_t max_line = LineReader::default_max_line) {
    return read_all(dir_.write("file.DAT", bytes), max_line);
  }
  TempDir dir_;
};

TEST_F(LineReaderTest, ReadsLfLines) {
  EXPECT_EQ(numbered(read("a,b\nc,d\n")), (Numbered{{1, "a,b"}, {2, "c,d"}}));
}

TEST_F(LineReaderTest, ReadsCrlfLinesWithoutTheCr) {
  EXPECT_EQ(numbered(read("a,b\r\nc,d\r\n")), (Numbered{{1, "a,b"}, {2, "c,d"}}));
}

TEST_F(LineReaderTest, ReadsMixedLineEndings) {
  EXPECT_EQ(numbered(read("a\r\nb\nc\r\n")), (Numbered{{1, "a"}, {2, "b"}, {3, "c"}}));
}

TEST_F(LineReaderTest, KeepsACarriageReturnInsideALine) {
  EXPECT_EQ(numbered(read("a\rb\r\n")), (Numbered{{1, "a\rb"}}));
}

TEST_F(LineReaderTest, SkipsBlankLinesButCountsThem) {
  EXPECT_EQ(numbered(read("\na\n\n\r\nb\r\n\n")), (Numbered{{2, "a"}, {5, "b"}}));
}

TEST_F(LineReaderTest, WhitespaceIsNotABlankLine) {
  EXPECT_EQ(numbered(read("a\n \n")), (Numbered{{1, "a"}, {2, " "}}));
}

TEST_F(LineReaderTest, AcceptsAMissingFinalNewline) {
  EXPECT_EQ(numbered(read("a\nb")), (Numbered{{1, "a"}, {2, "b"}}));
  EXPECT_EQ(numbered(read("only")), (Numbered{{1, "only"}}));
  EXPECT_EQ(numbered(read("a\r\nb\r")), (Numbered{{1, "a"}, {2, "b"}}));
}

TEST_F(LineReaderTest, EmptyFileHasNoLines) {
  EXPECT_TRUE(read("").empty());
  EXPECT_TRUE(read("\n\r\n\n").empty());
}

TEST_F(LineReaderTest, ValidUtf8IsNotTranscoded) {
  auto lines = read("\"Si\xC3\xA2n\",\"Zo\xC3\xAB\",\"\xE2\x82\xAC\"\n");
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_EQ(lines[0].text, "\"Si\xC3\xA2n\",\"Zo\xC3\xAB\",\"\xE2\x82\xAC\"");
  EXPECT_FALSE(lines[0].transcoded);
}

TEST_F(LineReaderTest, InvalidUtf8IsReadAsWindows1252) {
  auto lines = read(
      "cost \xA3"
      "5 and \x80"
      "3\r\nplain\n");
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[0].text,
            "cost \xC2\xA3"
            "5 and \xE2\x82\xAC"
            "3");  // £ and €
  EXPECT_TRUE(lines[0].transcoded);
  EXPECT_EQ(lines[1].text, "plain");
  EXPECT_FALSE(lines[1].transcoded);  // per line, not per file
}

TEST_F(LineReaderTest, Windows1252LettersBecomeTheirCharacters) {
  // "Siân" as Windows-1252: â is 0xE2 on its own, which is not valid UTF-8.
  auto lines = read("Si\xE2n\n");
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_EQ(lines[0].text, "Si\xC3\xA2n");
  EXPECT_TRUE(lines[0].transcoded);
}

TEST_F(LineReaderTest, UndefinedWindows1252BytesBecomeTheReplacementCharacter) {
  auto lines = read("a\x81z\n");
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_EQ(lines[0].text, "a\xEF\xBF\xBDz");
  EXPECT_TRUE(lines[0].transcoded);
}

TEST_F(LineReaderTest, OverlongAndSurrogateUtf8AreTranscoded) {
  auto lines = read("\xC0\xAF\n\xED\xA0\x80\n\xF4\x90\x80\x80\n");
  ASSERT_EQ(lines.size(), 3U);
  for (const auto& line : lines) EXPECT_TRUE(line.transcoded) << line.number;
}

TEST_F(LineReaderTest, FlagsANulByte) {
  auto lines = read(std::string("a\0b\nc\n", 6));
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_TRUE(lines[0].has_nul);
  EXPECT_EQ(lines[0].text, std::string("a\0b", 3));
  EXPECT_FALSE(lines[1].has_nul);
  EXPECT_EQ(lines[1].text, "c");
}

TEST_F(LineReaderTest, FlagsALineLongerThanTheLimitAndReadsTheNextLine) {
  std::string bytes(3'000'000, 'x');
  bytes += "\r\nnext,line\r\nlast";
  std::size_t read_bytes = 0;
  auto lines = read_all(dir_.write("long.DAT", bytes), LineReader::default_max_line, &read_bytes);
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_TRUE(lines[0].too_long);
  EXPECT_EQ(lines[0].number, 1U);
  EXPECT_FALSE(lines[0].text.empty());
  EXPECT_LE(lines[0].text.size(), LineReader::default_max_line);
  EXPECT_EQ(lines[0].text.find_first_not_of('x'), std::string::npos);  // the start of the line
  EXPECT_FALSE(lines[1].too_long);
  EXPECT_EQ(lines[1].number, 2U);
  EXPECT_EQ(lines[1].text, "next,line");
  EXPECT_EQ(lines[2].number, 3U);
  EXPECT_EQ(lines[2].text, "last");
  EXPECT_EQ(read_bytes, bytes.size());
}

TEST_F(LineReaderTest, FlagsALongLastLineWithoutNewline) {
  std::string bytes = "first\n" + std::string(3'000'000, 'y');
  auto lines = read(bytes);
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[0].text, "first");
  EXPECT_TRUE(lines[1].too_long);
  EXPECT_EQ(lines[1].number, 2U);
}

TEST_F(LineReaderTest, TwoLongLinesInARowAreBothFlagged) {
  std::string bytes = std::string(2'500'000, 'a') + "\n" + std::string(2'500'000, 'b') + "\nend\n";
  auto lines = read(bytes);
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_TRUE(lines[0].too_long);
  EXPECT_EQ(lines[0].text.front(), 'a');
  EXPECT_TRUE(lines[1].too_long);
  EXPECT_EQ(lines[1].text.front(), 'b');
  EXPECT_EQ(lines[2].text, "end");
  EXPECT_EQ(lines[2].number, 3U);
}

TEST_F(LineReaderTest, ALineJustUnderTheLimitIsRead) {
  std::string line(LineReader::default_max_line - 10, 'z');
  auto lines = read("a\n" + line + "\r\nb\n");
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_FALSE(lines[1].too_long);
  EXPECT_EQ(lines[1].text, line);
  EXPECT_EQ(lines[2].text, "b");
}

TEST_F(LineReaderTest, ALineLongerThanTheLimitIsFlaggedWhateverTheBufferHolds) {
  auto lines = read(std::string(1000, 'q') + "\nnext\n", 300);
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_TRUE(lines[0].too_long);
  EXPECT_LE(lines[0].text.size(), 300U);
  EXPECT_EQ(lines[1].text, "next");
}

TEST_F(LineReaderTest, ReadsAFileLargerThanTheChunkWithLinesAcrossChunkBoundaries) {
  // About 5 MB of numbered lines of varying length, some CRLF, so that line ends fall at every
  // offset relative to the 1 MiB reads.
  std::string bytes;
  std::vector<std::string> expected;
  for (std::size_t i = 1; bytes.size() < 5 * kMiB; ++i) {
    std::string line =
        "line " + std::to_string(i) + "," + std::string(i % 211, static_cast<char>('a' + i % 26));
    expected.push_back(line);
    bytes += line;
    bytes += i % 3 == 0 ? "\r\n" : "\n";
  }
  std::size_t read_bytes = 0;
  auto lines = read_all(dir_.write("big.DAT", bytes), LineReader::default_max_line, &read_bytes);
  ASSERT_EQ(lines.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (lines[i].text != expected[i] || lines[i].number != i + 1) {
      FAIL() << "line " << i + 1 << " came back as number " << lines[i].number << ": '"
             << lines[i].text.substr(0, 40) << "'";
    }
    EXPECT_FALSE(lines[i].too_long);
  }
  EXPECT_EQ(read_bytes, bytes.size());
}

TEST_F(LineReaderTest, HandlesLineEndsExactlyAtTheChunkBoundary) {
  // Short lines up to near byte 1 MiB, then a line whose "\r\n" falls on each side of that
  // byte, the CR and the LF split across it too.
  for (std::size_t at : {kMiB - 2, kMiB - 1, kMiB, kMiB + 1}) {
    SCOPED_TRACE(at);
    const std::string short_line(99, 'p');
    std::size_t count = (at - 500) / 100;
    std::string bytes;
    for (std::size_t i = 0; i < count; ++i) bytes += short_line + "\n";
    std::string filler(at - 1 - bytes.size(), 'f');  // its "\r" is byte at - 1, "\n" byte at
    bytes += filler + "\r\nsecond\r\n\r\nthird";
    auto lines = read(bytes);
    ASSERT_EQ(lines.size(), count + 3);
    EXPECT_EQ(lines[count - 1].text, short_line);
    EXPECT_EQ(lines[count].text, filler);
    EXPECT_EQ(lines[count].number, count + 1);
    EXPECT_EQ(lines[count + 1].text, "second");
    EXPECT_EQ(lines[count + 2].text, "third");
    EXPECT_EQ(lines[count + 2].number, count + 4);
  }
}

TEST_F(LineReaderTest, CountsEveryByteRead) {
  std::size_t read_bytes = 0;
  (void)read_all(dir_.write("count.DAT", "a\r\n\r\nbc"), LineReader::default_max_line, &read_bytes);
  EXPECT_EQ(read_bytes, 7U);
}

TEST_F(LineReaderTest, MissingFileThrowsSystemError) {
  EXPECT_THROW(LineReader(dir_.path() / "missing.DAT"), std::system_error);
}

TEST_F(LineReaderTest, AFolderCannotBeRead) {
  EXPECT_THROW(
      {
        LineReader reader(dir_.path());
        Line line;
        (void)reader.next(line);
      },
      std::system_error);
}

}  // namespace
}  // namespace esr::dialect
