#include "netkeel/core/ipv4.hpp"

#include <gtest/gtest.h>

namespace netkeel {
namespace {

TEST(Ipv4Address, ParsesStrictDottedQuads) {
  EXPECT_EQ(Ipv4Address::parse("10.0.0.1")->value(), 0x0a000001u);
  EXPECT_EQ(Ipv4Address::parse("0.0.0.0")->value(), 0u);
  EXPECT_EQ(Ipv4Address::parse("255.255.255.255")->value(), 0xffffffffu);
  EXPECT_EQ(Ipv4Address::parse("192.168.1.20")->str(), "192.168.1.20");
}

TEST(Ipv4Address, RejectsEverythingElse) {
  for (const char* bad : {"", "10", "10.0.0", "10.0.0.0.1", "256.0.0.1", "10.0.0.-1", "010.0.0.1", "10..0.1",
                          "10.0.0.1 ", " 10.0.0.1", "a.b.c.d", "10.0.0.1/24", "1000.0.0.1", "10.0.0.", "+1.0.0.1"}) {
    EXPECT_FALSE(Ipv4Address::parse(bad)) << bad;
  }
}

TEST(Ipv4Prefix, ParsesAndRequiresZeroHostBits) {
  auto p = Ipv4Prefix::parse("10.20.0.0/16");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->length(), 16);
  EXPECT_EQ(p->str(), "10.20.0.0/16");
  EXPECT_FALSE(Ipv4Prefix::parse("10.20.0.1/16"));
  EXPECT_EQ(Ipv4Prefix::parse("10.20.0.1/16", false)->str(), "10.20.0.0/16");
  EXPECT_TRUE(Ipv4Prefix::parse("0.0.0.0/0"));
  EXPECT_TRUE(Ipv4Prefix::parse("10.0.0.1/32"));
  for (const char* bad : {"10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/024", "/24", "10.0.0.0/2a"}) {
    EXPECT_FALSE(Ipv4Prefix::parse(bad)) << bad;
  }
}

TEST(Ipv4Prefix, ContainsOverlapsAndCountsHosts) {
  auto p = *Ipv4Prefix::parse("10.0.0.0/24");
  EXPECT_TRUE(p.contains(*Ipv4Address::parse("10.0.0.255")));
  EXPECT_FALSE(p.contains(*Ipv4Address::parse("10.0.1.0")));
  EXPECT_TRUE(p.overlaps(*Ipv4Prefix::parse("10.0.0.0/16")));
  EXPECT_TRUE(p.overlaps(*Ipv4Prefix::parse("10.0.0.128/25")));
  EXPECT_FALSE(p.overlaps(*Ipv4Prefix::parse("10.0.1.0/24")));
  EXPECT_EQ(p.usable_hosts(), 254u);
  EXPECT_EQ(Ipv4Prefix::parse("10.0.0.0/31")->usable_hosts(), 2u);
  EXPECT_EQ(Ipv4Prefix::parse("10.0.0.1/32")->usable_hosts(), 1u);
  EXPECT_EQ(Ipv4Prefix::parse("0.0.0.0/0")->usable_hosts(), 4294967294u);
  EXPECT_EQ(p.broadcast().str(), "10.0.0.255");
}

TEST(Ipv4Prefix, NthAddressStopsAtTheEnd) {
  auto p = *Ipv4Prefix::parse("10.0.0.0/30");
  EXPECT_EQ(p.nth(0)->str(), "10.0.0.0");
  EXPECT_EQ(p.nth(3)->str(), "10.0.0.3");
  EXPECT_FALSE(p.nth(4));
  EXPECT_EQ(Ipv4Prefix::parse("0.0.0.0/0")->nth(4294967295u)->str(), "255.255.255.255");
}

TEST(Ipv4Range, ParsesOrderedRanges) {
  auto r = Ipv4Range::parse("10.0.0.200-10.0.0.250");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->size(), 51u);
  EXPECT_TRUE(r->contains(*Ipv4Address::parse("10.0.0.200")));
  EXPECT_FALSE(r->contains(*Ipv4Address::parse("10.0.0.251")));
  EXPECT_EQ(Ipv4Range::parse("10.0.0.5-10.0.0.5")->size(), 1u);
  EXPECT_EQ(Ipv4Range::parse("0.0.0.0-255.255.255.255")->size(), 4294967296u);
  for (const char* bad : {"10.0.0.250-10.0.0.200", "10.0.0.1", "10.0.0.1-", "-10.0.0.1", "10.0.0.1 - 10.0.0.2",
                          "10.0.0.1-10.0.0.2-10.0.0.3"}) {
    EXPECT_FALSE(Ipv4Range::parse(bad)) << bad;
  }
}

}  // namespace
}  // namespace netkeel
