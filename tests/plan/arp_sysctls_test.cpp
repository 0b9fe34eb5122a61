#include "netkeel/plan/arp_sysctls.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace netkeel::plan {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> keys_and_values(const std::vector<SysctlPlan>& sysctls) {
  std::vector<std::string> out;
  for (const auto& s : sysctls) {
    out.push_back(s.key + "=" + s.value);
    EXPECT_FALSE(s.reason.empty()) << s.key;
  }
  return out;
}

LinkPlan link(std::string name) {
  LinkPlan l;
  l.name = std::move(name);
  return l;
}

HostNetworkPlan on(std::string interface, ArpMode arp) {
  HostNetworkPlan n;
  n.interface = std::move(interface);
  n.arp = arp;
  return n;
}

TEST(ArpSysctls, InterfaceCentricSettingsOnEveryInterfaceWithAddressesOnly) {
  const auto sysctls = plan_arp_sysctls({link("eno1"), link("bond0"), link("bond0.10")},
                                        {on("bond0.10", ArpMode::static_entries)});
  EXPECT_THAT(keys_and_values(sysctls),
              ElementsAre("net.ipv4.conf.bond0/10.arp_filter=1", "net.ipv4.conf.bond0/10.arp_ignore=1",
                          "net.ipv4.conf.bond0/10.arp_announce=2", "net.ipv4.conf.bond0/10.arp_notify=1",
                          "net.ipv4.conf.bond0/10.rp_filter=2"));
}

TEST(ArpSysctls, LongTimeoutNetworksRaiseTheNeighbourTimers) {
  const auto sysctls = plan_arp_sysctls({link("eno1")}, {on("eno1", ArpMode::static_entries), on("eno1", ArpMode::long_timeout)});
  ASSERT_EQ(sysctls.size(), 7u);
  EXPECT_EQ(sysctls[5].key, "net.ipv4.neigh.eno1.base_reachable_time_ms");
  EXPECT_EQ(sysctls[5].value, "600000");
  EXPECT_EQ(sysctls[6].key, "net.ipv4.neigh.eno1.gc_stale_time");
  EXPECT_EQ(sysctls[6].value, "3600");
}

}  // namespace
}  // namespace netkeel::plan
