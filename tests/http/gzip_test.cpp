#include "netkeel/http/gzip.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace netkeel::http {
namespace {

std::string random_text(std::size_t size, unsigned seed) {
  std::mt19937 generator(seed);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string text(size, '\0');
  for (char& c : text) c = static_cast<char>(byte(generator));
  return text;
}

TEST(Gzip, RoundTripsEmptySmallAndLargeInputs) {
  for (const std::string& input : {std::string(), std::string("hello"), std::string(1 << 20, 'x'),
                                   random_text(300'000, 7)}) {
    const std::string compressed = gzip_compress(input);
    EXPECT_EQ(gzip_decompress(compressed, input.size()), input);
  }
}

TEST(Gzip, WritesTheGzipMagicSoHttpPeersAcceptIt) {
  const std::string compressed = gzip_compress("{}");
  ASSERT_GE(compressed.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(compressed[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(compressed[1]), 0x8b);
}

TEST(Gzip, CompressesRepetitiveJson) {
  std::string json;
  for (int i = 0; i < 1000; ++i) json += R"([0,1764150000000,12.0],)";
  EXPECT_LT(gzip_compress(json).size() * 10, json.size());
}

TEST(Gzip, DecompressesConcatenatedMembers) {
  EXPECT_EQ(gzip_decompress(gzip_compress("abc") + gzip_compress("def"), 100), "abcdef");
}

TEST(Gzip, RejectsEmptyInput) {
  EXPECT_THROW(gzip_decompress("", 100), CorruptGzip);
}

TEST(Gzip, RejectsDataThatIsNotGzip) {
  try {
    gzip_decompress(R"({"version":1})", 1000);
    FAIL() << "plain JSON was accepted as gzip";
  } catch (const CorruptGzip& error) {
    EXPECT_NE(std::string(error.what()).find("corrupt data at byte"), std::string::npos) << error.what();
  }
}

TEST(Gzip, RejectsAFlippedByteThroughTheChecksum) {
  std::string compressed = gzip_compress(std::string(10'000, 'a') + "payload");
  compressed[compressed.size() - 6] ^= 0x55;  // inside the CRC32 trailer
  EXPECT_THROW(gzip_decompress(compressed, 1 << 20), CorruptGzip);
}

TEST(Gzip, RejectsATruncatedStreamAndSaysSo) {
  const std::string compressed = gzip_compress(random_text(50'000, 3));
  for (std::size_t cut : {std::size_t{5}, compressed.size() / 2, compressed.size() - 1}) {
    try {
      gzip_decompress(std::string_view(compressed).substr(0, cut), 1 << 20);
      FAIL() << "a stream cut at " << cut << " bytes was accepted";
    } catch (const CorruptGzip& error) {
      EXPECT_NE(std::string(error.what()).find("truncated"), std::string::npos) << error.what();
    }
  }
}

TEST(Gzip, CutsAZipBombAtTheLimit) {
  const std::string bomb = gzip_compress(std::string(64 << 20, '\0'));  // 64 MiB of zeros, ~64 KiB gzip
  ASSERT_LT(bomb.size(), 200'000u);
  try {
    gzip_decompress(bomb, 1 << 20);
    FAIL() << "a 64 MiB expansion passed a 1 MiB limit";
  } catch (const GzipTooLarge& error) {
    EXPECT_NE(std::string(error.what()).find("1048576"), std::string::npos) << error.what();
  }
}

TEST(Gzip, AcceptsOutputExactlyAtTheLimitAndRejectsOneByteMore) {
  const std::string input(1000, 'z');
  EXPECT_EQ(gzip_decompress(gzip_compress(input), 1000), input);
  EXPECT_THROW(gzip_decompress(gzip_compress(input), 999), GzipTooLarge);
}

}  // namespace
}  // namespace netkeel::http
