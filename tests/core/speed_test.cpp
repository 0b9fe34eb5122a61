#include "netkeel/core/speed.hpp"

#include <gtest/gtest.h>

namespace netkeel {
namespace {

TEST(Speed, ParsesTheSpeedsSiteFilesUse) {
  EXPECT_EQ(parse_speed_mbps("100M"), 100u);
  EXPECT_EQ(parse_speed_mbps("1G"), 1000u);
  EXPECT_EQ(parse_speed_mbps("2.5G"), 2500u);
  EXPECT_EQ(parse_speed_mbps("10G"), 10000u);
  EXPECT_EQ(parse_speed_mbps("25G"), 25000u);
  EXPECT_EQ(parse_speed_mbps("100G"), 100000u);
  EXPECT_EQ(parse_speed_mbps("10g"), 10000u);
}

TEST(Speed, RejectsMalformedOrZero) {
  for (const char* bad : {"", "G", "10", "10X", "0G", "0M", "1.25G", "1.G", ".5G", "-1G", "10 G", "1e3M", "2..5G",
                          "99999999G"}) {
    EXPECT_FALSE(parse_speed_mbps(bad)) << bad;
  }
}

TEST(Speed, FormatsRoundTrip) {
  for (uint64_t mbps : {100u, 1000u, 2500u, 10000u, 25000u, 40000u, 100000u}) {
    EXPECT_EQ(parse_speed_mbps(format_speed(mbps)), mbps) << mbps;
  }
  EXPECT_EQ(format_speed(2500), "2.5G");
  EXPECT_EQ(format_speed(100), "100M");
}

}  // namespace
}  // namespace netkeel
