// The OVS backend's VIP device against FakeOvsdb and FakeSysctl.
#include "netkeel/ha/ovs_internal_port_vip_device.hpp"

#include <gtest/gtest.h>

#include "fakes/apply/fake_ovsdb.hpp"
#include "fakes/kernel/fake_sysctl.hpp"
#include "netkeel/apply/ovs_backend.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/ha/vip_device_name.hpp"

namespace netkeel::ha {
namespace {

const MacAddress kVipMac = *MacAddress::parse("02:4e:4b:aa:00:01");

class OvsInternalPortVipDeviceTest : public ::testing::Test {
 protected:
  OvsInternalPortVipDeviceTest() {
    apply::OvsPort parent;
    parent.name = "bond0.20";
    parent.kind = apply::OvsPortKind::internal;
    parent.interfaces = {"bond0.20"};
    parent.tag = 20;
    parent.mac = MacAddress::parse("02:4e:4b:00:00:20");
    parent.mtu = 9000;
    ovsdb_.bridges[apply::kOvsBridgeName] = apply::OvsBridge{apply::kOvsBridgeName, "netdev", {parent}};
    sysctl_.define("net.ipv6.conf." + name() + ".addr_gen_mode", "0");
  }
  std::string name() const { return vip_device_name("keystone"); }
  OvsInternalPortVipDevice device(const std::string& parent = "bond0.20") {
    return OvsInternalPortVipDevice(VipHolderSpec{"keystone", *Ipv4Address::parse("10.20.0.200"), 32, kVipMac, parent},
                                    ovsdb_, sysctl_, apply::kOvsBridgeName);
  }
  const apply::OvsPort* port() { return ovsdb_.bridges[apply::kOvsBridgeName].find_port(name()); }

  apply::FakeOvsdb ovsdb_;
  kernel::FakeSysctl sysctl_;
};

TEST_F(OvsInternalPortVipDeviceTest, EnsureAddsAnInternalPortBesideTheParentWithThePlannedMac) {
  auto d = device();
  d.ensure();
  const apply::OvsPort* p = port();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->kind, apply::OvsPortKind::internal);
  EXPECT_EQ(p->tag, 20);     // the parent's VLAN
  EXPECT_EQ(p->mtu, 9000);   // and MTU
  EXPECT_EQ(p->mac, kVipMac);
  EXPECT_EQ(sysctl_.get("net.ipv6.conf." + name() + ".addr_gen_mode"), "1");
  const int transactions = ovsdb_.transactions;
  d.ensure();  // already right: no transaction
  EXPECT_EQ(ovsdb_.transactions, transactions);
}

TEST_F(OvsInternalPortVipDeviceTest, AStalePortIsSetRightAndRemoveDeletesIt) {
  auto d = device();
  d.ensure();
  apply::OvsPort stale = *port();
  stale.mac = MacAddress::parse("02:00:00:00:00:99");
  stale.tag = 30;
  for (auto& p : ovsdb_.bridges[apply::kOvsBridgeName].ports)
    if (p.name == name()) p = stale;
  d.ensure();
  EXPECT_EQ(port()->mac, kVipMac);
  EXPECT_EQ(port()->tag, 20);
  d.remove();
  EXPECT_EQ(port(), nullptr);
  d.remove();  // absent: fine
}

TEST_F(OvsInternalPortVipDeviceTest, AMissingBridgeOrParentIsNamedWithTheFix) {
  auto d = device("bond0.30");
  try {
    d.ensure();
    FAIL();
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("the parent bond0.30 is not an internal port of OVS bridge nk-br0"),
              std::string::npos)
        << e.what();
  }
  ovsdb_.bridges.clear();
  try {
    device().ensure();
    FAIL();
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("no OVS bridge nk-br0 at fake; apply the host plan with the OVS backend"),
              std::string::npos)
        << e.what();
  }
  ovsdb_.unreachable = true;
  EXPECT_THROW(device().ensure(), RuntimeError);
  EXPECT_THROW(device().remove(), RuntimeError);
}

}  // namespace
}  // namespace netkeel::ha
