// Corpus replay: linked with one fuzz entry point (fuzz/*.cpp, LLVMFuzzerTestOneInput) in the
// normal g++ build, it feeds that entry point every file of the given folders (or files), so the
// corpus found by libFuzzer keeps running as a regression test without clang.
//
//   esr_fuzz_replay_<target> DIR_OR_FILE...
//
// Exits 0 when every input ran (an input that breaks an invariant aborts the process, which
// CTest reports as a failure), 2 when an argument cannot be read or names no input at all.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::filesystem::path> inputs_of(const std::filesystem::path& argument) {
  std::vector<std::filesystem::path> found;
  if (std::filesystem::is_directory(argument)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(argument)) {
      if (entry.is_regular_file()) found.push_back(entry.path());
    }
    std::sort(found.begin(), found.end());
  } else if (std::filesystem::is_regular_file(argument)) {
    found.push_back(argument);
  }
  return found;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR_OR_FILE...\n", argv[0]);
    return 2;
  }
  std::size_t ran = 0;
  for (int i = 1; i < argc; ++i) {
    auto inputs = inputs_of(argv[i]);
    if (inputs.empty()) {
      std::fprintf(stderr, "%s: no input files\n", argv[i]);
      return 2;
    }
    for (const auto& input : inputs) {
      std::ifstream in(input, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "%s: cannot be read\n", input.c_str());
        return 2;
      }
      std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
      std::fprintf(stderr, "replay %s (%zu bytes)\n", input.c_str(), bytes.size());
      try {
        // A copy of exactly `size` bytes, as libFuzzer gives: reading past it is a bug.
        std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
        LLVMFuzzerTestOneInput(data.data(), data.size());
      } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: uncaught exception: %s\n", input.c_str(), e.what());
        return 1;
      }
      ++ran;
    }
  }
  std::fprintf(stderr, "replayed %zu input(s), all passed\n", ran);
  return 0;
}
