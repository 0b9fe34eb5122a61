// Which libvirt URIs are known not to answer without loading libvirt: a local system URI on a host
// without /run/libvirt. Everything else is left to libvirt itself.
#include "netkeel/collect/local_libvirt_daemon.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

namespace netkeel::collect {
namespace {

using ::testing::HasSubstr;

TEST(LocalLibvirtDaemon, LocalSystemUrisOfDaemonDrivers) {
  EXPECT_TRUE(uses_local_system_daemon("qemu:///system"));
  EXPECT_TRUE(uses_local_system_daemon("lxc:///system"));
  EXPECT_TRUE(uses_local_system_daemon("xen:///system"));
}

TEST(LocalLibvirtDaemon, OtherUrisAreLeftToLibvirt) {
  EXPECT_FALSE(uses_local_system_daemon("test:///default"));
  EXPECT_FALSE(uses_local_system_daemon("qemu:///session"));
  EXPECT_FALSE(uses_local_system_daemon("qemu+ssh://host/system"));
  EXPECT_FALSE(uses_local_system_daemon("qemu+unix:///system?socket=/tmp/sock"));
  EXPECT_FALSE(uses_local_system_daemon("qemu:///system?mode=legacy"));
  EXPECT_FALSE(uses_local_system_daemon("qemu://host/system"));
  EXPECT_FALSE(uses_local_system_daemon("test:///system"));
  EXPECT_FALSE(uses_local_system_daemon(":///system"));
  EXPECT_FALSE(uses_local_system_daemon(""));
}

TEST(LocalLibvirtDaemon, MissingOnlyWithoutTheRunDirectory) {
  const auto dir = std::filesystem::temp_directory_path() / ("netkeel-run-libvirt-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  EXPECT_THAT(missing_local_daemon("qemu:///system", dir.string()), HasSubstr(dir.string() + " does not exist"));
  EXPECT_EQ(missing_local_daemon("test:///default", dir.string()), "");  // not a daemon URI: always tried
  std::filesystem::create_directory(dir);
  EXPECT_EQ(missing_local_daemon("qemu:///system", dir.string()), "");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace netkeel::collect
