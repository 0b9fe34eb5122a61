// libvirt domain XML -> interfaces with a target device.
#include "netkeel/collect/domain_interfaces.hpp"

#include <gtest/gtest.h>

#include "netkeel/core/error.hpp"

namespace netkeel::collect {
namespace {

TEST(DomainInterfaces, ReadsTargetAndMacOfEveryInterface) {
  const std::string xml = R"(<domain type='kvm' id='3'>
  <name>vm1</name>
  <devices>
    <interface type='network'>
      <mac address='52:54:00:aa:bb:01'/>
      <source network='default'/>
      <target dev='vnet0'/>
    </interface>
    <interface type="bridge">
      <mac address="52:54:00:aa:bb:02"/>
      <target dev="vnet1"/>
    </interface>
    <interface type='hostdev'>
      <mac address='52:54:00:aa:bb:03'/>
    </interface>
  </devices>
</domain>)";
  auto interfaces = domain_interfaces(xml);
  ASSERT_EQ(interfaces.size(), 2u);  // the hostdev has no host-side device to count
  EXPECT_EQ(interfaces[0].target, "vnet0");
  EXPECT_EQ(interfaces[0].mac, "52:54:00:aa:bb:01");
  EXPECT_EQ(interfaces[1].target, "vnet1");
  EXPECT_EQ(interfaces[1].mac, "52:54:00:aa:bb:02");
}

TEST(DomainInterfaces, NoInterfacesIsEmpty) {
  EXPECT_TRUE(domain_interfaces("<domain type='test'><name>x</name><devices/></domain>").empty());
}

TEST(DomainInterfaces, RejectsWhatIsNotADomainOrAnUnclosedInterface) {
  EXPECT_THROW(domain_interfaces("<network><name>default</name></network>"), RuntimeError);
  EXPECT_THROW(domain_interfaces("<domain><devices><interface type='network'><target dev='vnet0'/>"), RuntimeError);
}

}  // namespace
}  // namespace netkeel::collect
