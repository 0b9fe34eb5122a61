#include "netkeel/plan/network_mtu.hpp"

#include <gtest/gtest.h>

namespace netkeel::plan {
namespace {

TEST(NetworkMtu, DefaultsTo1500OrTheFabricWhenSmaller) {
  site::Network n;
  EXPECT_EQ(network_mtu({2, 9000, {}}, n), 1500);
  EXPECT_EQ(network_mtu({2, 1400, {}}, n), 1400);
}

TEST(NetworkMtu, ExplicitMtuIsNeverAboveTheFabric) {
  site::Network n;
  n.mtu = 9000;
  EXPECT_EQ(network_mtu({2, 9000, {}}, n), 9000);
  EXPECT_EQ(network_mtu({2, 1500, {}}, n), 1500);
}

TEST(NetworkMtu, TenantMtuSubtractsTheEncapsulationOverhead) {
  EXPECT_EQ(tenant_mtu(site::Encapsulation::gre, 1500), 1458);
  EXPECT_EQ(tenant_mtu(site::Encapsulation::gre, 9000), 8958);
  EXPECT_EQ(tenant_mtu(site::Encapsulation::vxlan, 1500), 1450);
  EXPECT_FALSE(tenant_mtu(site::Encapsulation::none, 1500));
}

}  // namespace
}  // namespace netkeel::plan
