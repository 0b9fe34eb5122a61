// ProcSysctl against a directory tree shaped like /proc/sys (the real one is tested in a namespace,
// tests/lab/kernel_sysctl_namespace_test.cpp).
#include "netkeel/kernel/proc_sysctl.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "netkeel/kernel/netlink.hpp"

namespace netkeel::kernel {
namespace {

TEST(SysctlKeyToPath, DotsAreLevelsAndSlashesAreDotsInsideALevel) {
  EXPECT_EQ(sysctl_key_to_path("net.ipv4.ip_forward"), "net/ipv4/ip_forward");
  EXPECT_EQ(sysctl_key_to_path("net.ipv4.conf.bond0/20.arp_filter"), "net/ipv4/conf/bond0.20/arp_filter");
  for (const char* bad : {"", "net..ipv4", ".net", "net.", "net.ipv4.conf.../x"}) {
    EXPECT_THROW(sysctl_key_to_path(bad), KernelError) << bad;
  }
}

class ProcSysctlTree : public ::testing::Test {
 protected:
  void SetUp() override {
    root = std::filesystem::path(::testing::TempDir()) / ("nk-proc-sys-" + std::to_string(getpid()));
    std::filesystem::create_directories(root / "net/ipv4/conf/eth0.10");
    std::ofstream(root / "net/ipv4/conf/eth0.10/rp_filter") << "0\n";
  }
  void TearDown() override { std::filesystem::remove_all(root); }
  std::filesystem::path root;
};

TEST_F(ProcSysctlTree, ReadsWithoutTheNewlineAndWritesWithOne) {
  ProcSysctl s(root.string());
  EXPECT_EQ(s.get("net.ipv4.conf.eth0/10.rp_filter"), "0");
  s.set("net.ipv4.conf.eth0/10.rp_filter", "2");
  std::ifstream in(root / "net/ipv4/conf/eth0.10/rp_filter");
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "2\n");
  EXPECT_EQ(s.get("net.ipv4.conf.eth0/10.rp_filter"), "2");
}

TEST_F(ProcSysctlTree, MissingKeysReadAsNulloptAndFailToWriteWithENOENT) {
  ProcSysctl s(root.string());
  EXPECT_EQ(s.get("net.ipv4.conf.eth1.rp_filter"), std::nullopt);
  try {
    s.set("net.ipv4.conf.eth1.rp_filter", "2");
    FAIL() << "no error";
  } catch (const KernelError& e) {
    EXPECT_EQ(e.error_number(), ENOENT);
    EXPECT_NE(std::string(e.what()).find("net.ipv4.conf.eth1.rp_filter"), std::string::npos);
  }
}

}  // namespace
}  // namespace netkeel::kernel
