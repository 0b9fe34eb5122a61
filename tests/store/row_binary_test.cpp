#include "netkeel/store/row_binary.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "netkeel/core/error.hpp"

namespace netkeel::store {
namespace {

TEST(RowBinary, NumbersStringsAndArraysRoundTrip) {
  RowBinaryWriter out;
  out.number<std::uint64_t>(0x0102030405060708ULL);
  out.number<std::int64_t>(-2);
  out.number<double>(-0.0);
  out.number<double>(std::numeric_limits<double>::quiet_NaN());
  out.number<double>(5e-324);
  out.string("");
  out.string(std::string(200, 'x'));  // a two-byte length
  out.string_array({"src", "dst"});
  RowBinaryReader in(out.bytes(), "a test");
  EXPECT_EQ(0x0102030405060708ULL, in.number<std::uint64_t>());
  EXPECT_EQ(-2, in.number<std::int64_t>());
  const double zero = in.number<double>();
  EXPECT_TRUE(zero == 0.0 && std::signbit(zero));
  EXPECT_TRUE(std::isnan(in.number<double>()));
  EXPECT_EQ(5e-324, in.number<double>());
  EXPECT_EQ("", in.string());
  EXPECT_EQ(std::string(200, 'x'), in.string());
  EXPECT_THAT(in.string_array(), ::testing::ElementsAre("src", "dst"));
  EXPECT_TRUE(in.at_end());
}

TEST(RowBinary, LayoutIsClickHouses) {
  RowBinaryWriter out;
  out.number<std::uint16_t>(1);
  out.string("ab");
  EXPECT_EQ(std::string("\x01\x00\x02" "ab", 5), out.bytes());
  RowBinaryWriter big;
  big.string(std::string(300, 'y'));
  EXPECT_EQ(std::string("\xAC\x02", 2), big.bytes().substr(0, 2));  // LEB128 of 300
}

TEST(RowBinary, Float64Arrays) {
  std::string bytes("\x02", 1);  // the count, then the doubles
  const double values[] = {1.5, -2.0};
  bytes.append(reinterpret_cast<const char*>(values), sizeof(values));
  RowBinaryReader in(bytes, "an array");
  EXPECT_THAT(in.float64_array(), ::testing::ElementsAre(1.5, -2.0));
}

TEST(RowBinary, TruncatedAnswersAreRuntimeErrorsNamingTheQuery) {
  RowBinaryWriter out;
  out.string("hello");
  const std::string cut = out.bytes().substr(0, 3);
  RowBinaryReader in(cut, "read hosts");
  try {
    in.string();
    FAIL();
  } catch (const RuntimeError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("read hosts"));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("ended early"));
  }
  RowBinaryReader short_number(std::string_view("\x01\x02", 2), "x");
  EXPECT_THROW(short_number.number<std::uint32_t>(), RuntimeError);
  const std::string eleven_continuations(11, '\xff');  // the reader keeps a view: the bytes must outlive it
  RowBinaryReader endless_length(eleven_continuations, "x");
  EXPECT_THROW(endless_length.string(), RuntimeError);
  const std::string huge_count("\xff\xff\xff\xff\xff\xff\xff\xff\x7f", 9);
  RowBinaryReader huge_array(huge_count, "x");
  EXPECT_THROW(huge_array.float64_array(), RuntimeError);
}

TEST(RowBinary, DaysAreUtcAndClampedToDatesRange) {
  EXPECT_EQ(0, clickhouse_day(0));
  EXPECT_EQ(0, clickhouse_day(86'399'999));
  EXPECT_EQ(1, clickhouse_day(86'400'000));
  EXPECT_EQ(0, clickhouse_day(-1));  // before 1970: clamped
  EXPECT_EQ(20'418, clickhouse_day(1'764'115'200'000));  // 2025-11-26
  EXPECT_EQ(65535, clickhouse_day(std::numeric_limits<std::int64_t>::max()));
  EXPECT_EQ(0, clickhouse_day(std::numeric_limits<std::int64_t>::min()));
}

}  // namespace
}  // namespace netkeel::store
