#include "netkeel/ha/vip_device_name.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "netkeel/core/error.hpp"
#include "netkeel/ha/gratuitous_arp_frame.hpp"
#include "netkeel/ha/vip_holder_spec.hpp"

namespace netkeel::ha {
namespace {

TEST(VipDeviceName, FitsInFifteenBytesIsStableAndTellsServicesApart) {
  for (const char* service : {"mysql", "keystone", "keystone-admin", "keystone-public", "a", "rabbit.mq/x y"}) {
    const std::string name = vip_device_name(service);
    EXPECT_LE(name.size(), 15u) << name;
    EXPECT_TRUE(std::regex_match(name, std::regex("nkv-[A-Za-z0-9_-]{1,6}-[0-9a-f]{4}"))) << name;
    EXPECT_EQ(name, vip_device_name(service));
  }
  EXPECT_EQ(vip_device_name("mysql").substr(0, 10), "nkv-mysql-");
  EXPECT_EQ(vip_device_name("rabbit.mq").substr(0, 11), "nkv-rabbit-");
  EXPECT_EQ(vip_device_name("a.b").substr(0, 8), "nkv-a_b-");
  EXPECT_NE(vip_device_name("keystone-admin"), vip_device_name("keystone-public"));
}

TEST(GratuitousArpFrame, IsABroadcastRequestWithTheVipAsSenderAndTarget) {
  const auto f = gratuitous_arp_frame(*MacAddress::parse("02:4e:4b:aa:00:01"), *Ipv4Address::parse("10.20.0.200"));
  const std::array<std::uint8_t, 42> expected{
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x4e, 0x4b, 0xaa, 0x00, 0x01, 0x08, 0x06,  // Ethernet
      0x00, 0x01, 0x08, 0x00, 6,    4,    0x00, 0x01,                                      // ARP request
      0x02, 0x4e, 0x4b, 0xaa, 0x00, 0x01, 10,   20,   0,    200,                           // sender
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 10,   20,   0,    200};                          // target
  EXPECT_EQ(f, expected);
}

TEST(VipHolderSpec, TakesTheParentFromTheHostsInterfaceOnTheVipNetwork) {
  plan::VipPlan vip{.service = "keystone", .network = "api", .address = *Ipv4Address::parse("10.20.0.200"),
                    .prefix_length = 32, .mac = *MacAddress::parse("02:4e:4b:aa:00:01")};
  plan::HostPlan host;
  host.name = "node1";
  host.networks.push_back(plan::HostNetworkPlan{.network = "mgmt", .interface = "bond0.10"});
  host.networks.push_back(plan::HostNetworkPlan{.network = "api", .interface = "bond0.20"});
  const VipHolderSpec spec = vip_holder_spec(vip, host);
  EXPECT_EQ(spec.parent, "bond0.20");
  EXPECT_EQ(spec.mac, vip.mac);
  EXPECT_EQ(spec.address, vip.address);
  host.networks.pop_back();
  try {
    vip_holder_spec(vip, host);
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("host node1: cannot hold the VIP 10.20.0.200 of service keystone: the host is "
                                         "not on network api"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace netkeel::ha
