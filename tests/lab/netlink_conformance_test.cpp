// The conformance suite on the real kernel: LibnlNetlink in a fresh network namespace per test.
// The test enters the namespace only long enough to open the netlink socket (a socket stays in the
// namespace it was opened in), so the test process itself never works in the root namespace's stead.
#include "netkeel/kernel/kernel_features.hpp"
#include "netkeel/kernel/libnl_netlink.hpp"
#include "netkeel/kernel/network_namespace.hpp"

#include "kernel/netlink_conformance.hpp"
#include "support/test_namespace.hpp"

namespace netkeel::kernel::conformance {
namespace {

class RealKernel : public KernelUnderTest {
 public:
  RealKernel() {
    ScopedNetworkNamespace inside(namespace_.name());
    netlink_ = std::make_unique<LibnlNetlink>();
  }
  Netlink& netlink() override { return *netlink_; }
  void add_physical_link(const std::string& name, const MacAddress& mac, int mtu) override {
    // veth is not in the Netlink interface (netkeel never creates one): the test bench makes them.
    namespace_.must_ip({"link", "add", name, "address", mac.str(), "mtu", std::to_string(mtu), "type", "veth", "peer",
                        "name", name + "p"});
  }
  bool supports(const std::string& kind) override {
    static const std::vector<FeatureStatus> features = detect_kernel_features();
    const auto status = feature_for_link_kind(features, kind);
    return status && status->available;
  }

 private:
  netkeel::testing::TestNamespace namespace_;  // destroyed last: removes everything the test made
  std::unique_ptr<LibnlNetlink> netlink_;
};

INSTANTIATE_TEST_SUITE_P(Libnl, NetlinkConformance,
                         ::testing::Values(NetlinkFactory{"Libnl", [] { return std::make_unique<RealKernel>(); }}),
                         factory_name);

}  // namespace
}  // namespace netkeel::kernel::conformance
