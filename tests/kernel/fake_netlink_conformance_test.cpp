// The conformance suite on the in-memory kernel.
#include "fakes/kernel/fake_netlink.hpp"

#include "kernel/netlink_conformance.hpp"

namespace netkeel::kernel::conformance {
namespace {

class FakeKernel : public KernelUnderTest {
 public:
  Netlink& netlink() override { return fake_; }
  void add_physical_link(const std::string& name, const MacAddress& mac, int mtu) override {
    fake_.add_physical_link(name, mac, mtu, "veth");
  }
  bool supports(const std::string& kind) override { 
    return kind == "bond" || kind == "vlan" || kind == "bridge" || kind == "dummy" || kind == "macvlan";
  }

 private:
  FakeNetlink fake_;
};

// The fake again, configured like this machine's kernel (no bonding, 802.1q or dummy), so the
// missing-feature branches run on the fake too.
class FakeKernelWithoutModules : public FakeKernel {
 public:
  FakeKernelWithoutModules() { static_cast<FakeNetlink&>(netlink()).set_supported_kinds({"bridge", "macvlan"}); }
  bool supports(const std::string& kind) override { return kind == "bridge" || kind == "macvlan"; }
};

INSTANTIATE_TEST_SUITE_P(Fake, NetlinkConformance,
                         ::testing::Values(NetlinkFactory{"Fake", [] { return std::make_unique<FakeKernel>(); }},
                                           NetlinkFactory{"FakeWithoutModules",
                                                          [] { return std::make_unique<FakeKernelWithoutModules>(); }}),
                         factory_name);

}  // namespace
}  // namespace netkeel::kernel::conformance
