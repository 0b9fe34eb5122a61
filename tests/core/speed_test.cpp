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
                          "99999999G", "7G", "3G", "20G", "1.5G", "1000G", "200M"}) {
    EXPECT_FALSE(parse_speed_mbps(bad)) << bad;
  }
}

TEST(Speed, AcceptsEveryEthernetSpeed) {
  for (const char* speed : {"10M", "100M", "1G", "2.5G", "5G", "10G", "25G", "40G", "50G", "100G", "200G", "400G",
                            "800G", "1000M", "0.1G"}) {
    EXPECT_TRUE(parse_speed_mbps(speed)) << speed;
  }
  EXPECT_EQ(ethernet_speeds_text(), "10M, 100M, 1G, 2.5G, 5G, 10G, 25G, 40G, 50G, 100G, 200G, 400G, 800G");
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
