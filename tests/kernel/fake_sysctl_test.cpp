#include "fakes/kernel/fake_sysctl.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <map>
#include <string>

#include "netkeel/kernel/netlink.hpp"

namespace netkeel::kernel {
namespace {

TEST(FakeSysctl, ReadsAndWritesDefinedKeys) {
  FakeSysctl s(std::map<std::string, std::string>{{"net.ipv4.conf.eno1.arp_filter", "0"}});
  EXPECT_EQ(s.get("net.ipv4.conf.eno1.arp_filter"), "0");
  s.set("net.ipv4.conf.eno1.arp_filter", "1");
  EXPECT_EQ(s.get("net.ipv4.conf.eno1.arp_filter"), "1");
  EXPECT_EQ(s.write_count(), 1);
}

TEST(FakeSysctl, MissingKeysReadAsNulloptAndFailToWrite) {
  FakeSysctl s;
  EXPECT_EQ(s.get("net.ipv4.conf.bond0/10.rp_filter"), std::nullopt);
  try {
    s.set("net.ipv4.conf.bond0/10.rp_filter", "2");
    FAIL() << "no error";
  } catch (const KernelError& e) {
    EXPECT_EQ(e.error_number(), ENOENT);
    EXPECT_NE(std::string(e.what()).find("bond0/10.rp_filter"), std::string::npos);
  }
  s.define("net.ipv4.conf.bond0/10.rp_filter", "0");
  s.set("net.ipv4.conf.bond0/10.rp_filter", "2");
  EXPECT_EQ(s.get("net.ipv4.conf.bond0/10.rp_filter"), "2");
}

TEST(FakeSysctl, InjectedFailureHitsOnceAndChangesNothing) {
  FakeSysctl s(std::map<std::string, std::string>{{"net.ipv4.ip_forward", "0"}});
  s.fail_next_set(EPERM);
  EXPECT_THROW(s.set("net.ipv4.ip_forward", "1"), KernelError);
  EXPECT_EQ(s.get("net.ipv4.ip_forward"), "0");
  s.set("net.ipv4.ip_forward", "1");
  EXPECT_EQ(s.get("net.ipv4.ip_forward"), "1");
}

}  // namespace
}  // namespace netkeel::kernel
