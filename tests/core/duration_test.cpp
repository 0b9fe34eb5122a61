#include "netkeel/core/duration.hpp"

#include <gtest/gtest.h>

namespace netkeel {
namespace {

TEST(Duration, ParsesAndFormats) {
  EXPECT_EQ(parse_duration_ms("250ms"), 250);
  EXPECT_EQ(parse_duration_ms("10s"), 10000);
  EXPECT_EQ(parse_duration_ms("10"), 10000);
  EXPECT_EQ(parse_duration_ms("5m"), 300000);
  EXPECT_EQ(parse_duration_ms("2h"), 7200000);
  EXPECT_EQ(parse_duration_ms("1d"), 86400000);
  EXPECT_EQ(parse_duration_ms("0s"), 0);
  for (const char* bad : {"", "s", "-1s", "1.5s", "5 m", "5min", "99999999999999999999s", "9223372036854775807d"}) {
    EXPECT_FALSE(parse_duration_ms(bad)) << bad;
  }
  EXPECT_EQ(format_duration_ms(60000), "1m");
  EXPECT_EQ(format_duration_ms(90000), "90s");
  EXPECT_EQ(format_duration_ms(1500), "1500ms");
  EXPECT_EQ(format_duration_ms(0), "0ms");
}

}  // namespace
}  // namespace netkeel
