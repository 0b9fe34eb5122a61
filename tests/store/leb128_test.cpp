#include "netkeel/store/leb128.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace netkeel::store {
namespace {

std::vector<std::uint8_t> encoded(std::uint64_t value) {
  std::vector<std::uint8_t> out;
  append_leb128(out, value);
  return out;
}

TEST(Leb128, WritesTheStandardEncoding) {
  EXPECT_EQ(encoded(0), (std::vector<std::uint8_t>{0x00}));
  EXPECT_EQ(encoded(127), (std::vector<std::uint8_t>{0x7f}));
  EXPECT_EQ(encoded(128), (std::vector<std::uint8_t>{0x80, 0x01}));
  EXPECT_EQ(encoded(300), (std::vector<std::uint8_t>{0xac, 0x02}));
  EXPECT_EQ(encoded(624485), (std::vector<std::uint8_t>{0xe5, 0x8e, 0x26}));  // the DWARF specification's example
  EXPECT_EQ(encoded(std::numeric_limits<std::uint64_t>::max()).size(), 10u);
}

TEST(Leb128, WritesIntoAStringAsIntoBytes) {
  std::string text;
  append_leb128(text, 300);
  EXPECT_EQ(text, std::string("\xac\x02", 2));
}

TEST(Leb128, ReadsBackWhatItWroteAndMovesPastIt) {
  for (std::uint64_t value : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{127}, std::uint64_t{128},
                              std::uint64_t{16383}, std::uint64_t{16384}, std::uint64_t{1} << 35,
                              std::numeric_limits<std::uint64_t>::max()}) {
    std::vector<std::uint8_t> bytes = encoded(value);
    bytes.push_back(0x55);  // whatever follows is left alone
    std::size_t offset = 0;
    const Leb128Read read = read_leb128(bytes, offset);
    ASSERT_EQ(read.status, Leb128Status::ok) << value;
    EXPECT_EQ(read.value, value);
    EXPECT_EQ(offset, bytes.size() - 1) << value;
  }
}

TEST(Leb128, ReadsFromTheGivenOffset) {
  const std::vector<std::uint8_t> bytes = {0x01, 0xac, 0x02};
  std::size_t offset = 1;
  EXPECT_EQ(read_leb128(bytes, offset).value, 300u);
  EXPECT_EQ(offset, 3u);
}

TEST(Leb128, ANumberCutOffByTheEndIsTruncatedAndTheOffsetStays) {
  const std::vector<std::uint8_t> bytes = {0x80, 0x80};
  std::size_t offset = 0;
  EXPECT_EQ(read_leb128(bytes, offset).status, Leb128Status::truncated);
  EXPECT_EQ(offset, 0u);
  const std::vector<std::uint8_t> none;
  EXPECT_EQ(read_leb128(none, offset).status, Leb128Status::truncated);
}

TEST(Leb128, MoreContinuationBytesThanTheFormatAllowsAreTooLong) {
  const std::vector<std::uint8_t> six = {0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
  std::size_t offset = 0;
  EXPECT_EQ(read_leb128(six, offset, 5).status, Leb128Status::too_long);
  EXPECT_EQ(offset, 0u);
  EXPECT_EQ(read_leb128(six, offset, 6).status, Leb128Status::ok);

  const std::vector<std::uint8_t> eleven(11, 0xff);
  offset = 0;
  EXPECT_EQ(read_leb128(eleven, offset).status, Leb128Status::too_long);
}

}  // namespace
}  // namespace netkeel::store
