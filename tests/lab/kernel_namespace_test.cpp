// The kernel layer against the real kernel, in namespaces the tests create: feature detection agrees with
// what the kernel actually does, /proc/sys follows the namespace, and namespace entry fails clearly.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdio>
#include <functional>
#include <memory>

#include "netkeel/kernel/kernel_features.hpp"
#include "netkeel/kernel/libnl_netlink.hpp"
#include "netkeel/kernel/network_namespace.hpp"
#include "netkeel/kernel/proc_sysctl.hpp"
#include "support/test_namespace.hpp"

namespace netkeel::kernel {
namespace {

using netkeel::testing::TestNamespace;

int errno_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const KernelError& e) {
    return e.error_number();
  }
  return 0;
}

// Never probe by creating links in the root namespace: every creation here happens in a fresh namespace.
TEST(KernelFeaturesOnThisKernel, DetectionAgreesWithWhatTheKernelCreates) {
  const auto features = detect_kernel_features();
  for (const auto& status : features) std::printf("  %s\n", status.message().c_str());
  TestNamespace ns;
  ns.must_ip({"link", "add", "nkp0", "type", "veth", "peer", "name", "nkp1"});
  std::unique_ptr<LibnlNetlink> nl;
  {
    ScopedNetworkNamespace inside(ns.name());
    nl = std::make_unique<LibnlNetlink>();
  }
  for (const char* kind : {"bond", "vlan", "bridge", "dummy", "macvlan"}) {
    const auto status = feature_for_link_kind(features, kind);
    ASSERT_TRUE(status) << kind;
    LinkSpec spec{.name = std::string("nkf-") + kind, .kind = kind, .parent = "nkp0", .vlan_id = 10};
    if (std::string(kind) == "bond") spec.bond = BondAttributes{.mode = "active-backup", .miimon_ms = 100};
    const int result = errno_of([&] { nl->create_link(spec); });
    if (status->available) {
      EXPECT_EQ(result, 0) << kind << ": detection says available (" << status->evidence << ") but creating failed";
    } else {
      EXPECT_EQ(result, EOPNOTSUPP) << kind << ": detection says missing (" << status->evidence << ")";
      EXPECT_FALSE(status->remedy.empty()) << kind;
    }
  }
  // What a bond reads back as, where the kernel has bonding.
  for (const Link& l : nl->links()) {
    if (l.kind != "bond") continue;
    ASSERT_TRUE(l.bond.has_value());
    EXPECT_EQ(l.bond->mode, "active-backup");
    EXPECT_EQ(l.bond->miimon_ms, 100);
  }
}

TEST(KernelFeaturesOnThisKernel, BridgeAndVethAreDetectedWhereTheTestsRun) {
  // The netns tests need both; if this fails, the machine cannot run them at all.
  const auto features = detect_kernel_features();
  EXPECT_TRUE(feature_for_link_kind(features, "bridge")->available);
  EXPECT_TRUE(feature_for_link_kind(features, "veth")->available);
}

TEST(ProcSysctlInANamespace, ReadsAndWritesTheNamespaceItIsIn) {
  TestNamespace ns;
  ns.must_ip({"link", "add", "nk0.5", "type", "veth", "peer", "name", "nk0p"});
  ProcSysctl sysctl;
  const auto root_forwarding = sysctl.get("net.ipv4.ip_forward");  // read only, in the root namespace
  ASSERT_TRUE(root_forwarding);
  {
    ScopedNetworkNamespace inside(ns.name());
    EXPECT_EQ(sysctl.get("net.ipv4.conf.nk0/5.arp_filter"), "0");
    sysctl.set("net.ipv4.conf.nk0/5.arp_filter", "1");
    EXPECT_EQ(sysctl.get("net.ipv4.conf.nk0/5.arp_filter"), "1");
    const std::string flipped = *root_forwarding == "1" ? "0" : "1";
    sysctl.set("net.ipv4.ip_forward", flipped);
    EXPECT_EQ(sysctl.get("net.ipv4.ip_forward"), flipped);
    EXPECT_EQ(sysctl.get("net.ipv4.conf.nk-missing.arp_filter"), std::nullopt);
    EXPECT_EQ(errno_of([&] { sysctl.set("net.ipv4.conf.nk-missing.arp_filter", "1"); }), ENOENT);
  }
  EXPECT_EQ(sysctl.get("net.ipv4.ip_forward"), root_forwarding);  // the root namespace never changed
  EXPECT_EQ(sysctl.get("net.ipv4.conf.nk0/5.arp_filter"), std::nullopt);
}

TEST(NetworkNamespaceEntry, MissingNamespaceSaysHowToCreateIt) {
  try {
    ScopedNetworkNamespace inside("nk-test-does-not-exist");
    FAIL() << "entered a namespace that does not exist";
  } catch (const KernelError& e) {
    EXPECT_EQ(e.error_number(), ENOENT);
    EXPECT_NE(std::string(e.what()).find("`ip netns add nk-test-does-not-exist`"), std::string::npos) << e.what();
  }
  EXPECT_EQ(errno_of([] { enter_network_namespace("../etc"); }), EINVAL);
}

TEST(NetworkNamespaceEntry, ScopedEntryReturnsToTheOriginalNamespace) {
  TestNamespace ns;
  ns.must_ip({"link", "add", "nkonly", "type", "veth", "peer", "name", "nkonlyp"});
  auto has_link = [](const std::string& name) {
    LibnlNetlink nl;
    for (const Link& l : nl.links()) {
      if (l.name == name) return true;
    }
    return false;
  };
  ASSERT_FALSE(has_link("nkonly"));
  {
    ScopedNetworkNamespace inside(ns.name());
    EXPECT_TRUE(has_link("nkonly"));
  }
  EXPECT_FALSE(has_link("nkonly"));
}

}  // namespace
}  // namespace netkeel::kernel
