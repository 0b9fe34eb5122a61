#include <gtest/gtest.h>

#include "netkeel/lab/lab_server.hpp"

namespace netkeel::lab {
namespace {

HostRecord host(std::string name, std::string configuration, std::map<std::string, std::string> addresses) {
  HostRecord h;
  h.name = name;
  h.netns = "nk-t-" + name;
  h.configuration = std::move(configuration);
  h.addresses = std::move(addresses);
  return h;
}

TEST(LabServerPlacement, FirstConfiguredHostOnTheMgmtNetwork) {
  LabManifest m;
  m.hosts = {host("a", "apply failed: no carrier", {{"mgmt", "10.10.0.1"}}),
             host("b", "applied", {{"api", "10.20.0.2"}, {"mgmt", "10.10.0.2"}}),
             host("c", "applied", {{"mgmt", "10.10.0.3"}})};
  auto placement = choose_server_placement(m);
  ASSERT_TRUE(placement);
  EXPECT_EQ(placement->host, "b");
  EXPECT_EQ(placement->netns, "nk-t-b");
  EXPECT_EQ(placement->network, "mgmt");
  EXPECT_EQ(placement->address, "10.10.0.2");
}

TEST(LabServerPlacement, WithoutMgmtTheFirstNetworkOfTheFirstConfiguredHost) {
  LabManifest m;
  m.hosts = {host("a", "applied", {{"storage", "10.40.0.1"}, {"cloud", "10.0.0.1"}}),
             host("b", "applied", {{"cloud", "10.0.0.2"}})};
  auto placement = choose_server_placement(m);
  ASSERT_TRUE(placement);
  EXPECT_EQ(placement->host, "a");
  EXPECT_EQ(placement->network, "cloud");
  EXPECT_EQ(placement->address, "10.0.0.1");
}

TEST(LabServerPlacement, NoConfiguredHostMeansNoServer) {
  LabManifest m;
  m.hosts = {host("a", "not configured (--no-apply)", {{"mgmt", "10.10.0.1"}})};
  EXPECT_FALSE(choose_server_placement(m));
}

}  // namespace
}  // namespace netkeel::lab
