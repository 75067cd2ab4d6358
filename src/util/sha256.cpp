#include "esr/util/sha256.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <memory>
#include <string_view>
#include <vector>

#include "esr/util/fsync.hpp"

namespace esr::util {

namespace {

constexpr std::size_t chunk_size = std::size_t{64} * 1024;

// One running digest; OpenSSL failures (out of memory, a broken provider) are reported as
// FileError about `subject`.
class Sha256 {
 public:
  explicit Sha256(const std::filesystem::path& subject)
      : context_(EVP_MD_CTX_new(), &EVP_MD_CTX_free), subject_(subject) {
    if (!context_ || EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) != 1) {
      throw FileError("OpenSSL cannot start SHA-256 of", subject_, 0);
    }
  }

  void update(const char* data, std::size_t size) {
    if (EVP_DigestUpdate(context_.get(), data, size) != 1) {
      throw FileError("OpenSSL cannot compute SHA-256 of", subject_, 0);
    }
  }

  std::string hex() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (EVP_DigestFinal_ex(context_.get(), digest.data(), &size) != 1) {
      throw FileError("OpenSSL cannot finish SHA-256 of", subject_, 0);
    }
    constexpr std::string_view hex_digits = "0123456789abcdef";
    std::string text;
    text.reserve(std::size_t{2} * size);
    for (unsigned int i = 0; i < size; ++i) {
      text += hex_digits[digest[i] >> 4];
      text += hex_digits[digest[i] & 0x0f];
    }
    return text;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context_;
  const std::filesystem::path& subject_;
};

}  // namespace

std::string sha256_hex(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw FileError("cannot open", file, errno);
  }
  try {
    Sha256 digest(file);
    std::vector<char> chunk(chunk_size);
    for (;;) {
      const ssize_t got = ::read(fd, chunk.data(), chunk.size());
      if (got < 0) {
        if (errno == EINTR) {
          continue;
        }
        throw FileError("cannot read", file, errno);
      }
      if (got == 0) {
        break;
      }
      digest.update(chunk.data(), static_cast<std::size_t>(got));
    }
    ::close(fd);
    return digest.hex();
  } catch (...) {
    ::close(fd);
    throw;
  }
}

std::string sha256_hex(std::string_view bytes) {
  static const std::filesystem::path in_memory("<bytes in memory>");
  Sha256 digest(in_memory);
  digest.update(bytes.data(), bytes.size());
  return digest.hex();
}

}  // namespace esr::util
