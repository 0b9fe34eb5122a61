#include "netkeel/core/mac_address.hpp"

#include <gtest/gtest.h>

namespace netkeel {
namespace {

TEST(MacAddress, ParsesColonAndDashFormsInAnyCase) {
  EXPECT_EQ(MacAddress::parse("3c:fd:fe:00:01:0A")->str(), "3c:fd:fe:00:01:0a");
  EXPECT_EQ(MacAddress::parse("3C-FD-FE-00-01-0A")->str(), "3c:fd:fe:00:01:0a");
}

TEST(MacAddress, RejectsMalformedText) {
  for (const char* bad : {"", "3c:fd:fe:00:01", "3c:fd:fe:00:01:02:03", "3c:fd:fe:00:01:0g", "3c-fd:fe:00:01:02",
                          "3cfd.fe00.0102", "3c:fd:fe:00:01:2", " 3c:fd:fe:00:01:02", "3c:fd:fe:00:01:02 "}) {
    EXPECT_FALSE(MacAddress::parse(bad)) << bad;
  }
}

TEST(MacAddress, KnowsMulticastLocalAndZero) {
  EXPECT_TRUE(MacAddress::parse("01:00:5e:00:00:01")->is_multicast());
  EXPECT_FALSE(MacAddress::parse("3c:fd:fe:00:01:02")->is_multicast());
  EXPECT_TRUE(MacAddress::parse("02:00:00:00:00:01")->is_locally_administered());
  EXPECT_TRUE(MacAddress::parse("00:00:00:00:00:00")->is_zero());
}

}  // namespace
}  // namespace netkeel
