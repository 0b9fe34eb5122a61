#include "netkeel/plan/deterministic_mac.hpp"

#include <set>

#include <gtest/gtest.h>

#include "netkeel/plan/sha256.hpp"

namespace netkeel::plan {
namespace {

TEST(DeterministicMac, FollowsTheDocumentedFormula) {
  const std::string key = logical_link_mac_key("acme", "ctl1", "bond0");
  EXPECT_EQ(key, "acme/link/ctl1/bond0");
  EXPECT_EQ(vip_mac_key("acme", "keystone", "api"), "acme/vip/keystone/api");
  const Sha256Digest d = sha256(key);
  const MacAddress m = derive_mac(key);
  EXPECT_EQ(m.bytes()[0], (d[0] & 0xfc) | 0x02);
  for (int i = 1; i < 6; ++i) EXPECT_EQ(m.bytes()[i], d[i]);
}

TEST(DeterministicMac, IsUnicastAndLocallyAdministered) {
  for (int i = 0; i < 500; ++i) {
    const MacAddress m = logical_link_mac("site", "host" + std::to_string(i), "bond0");
    EXPECT_FALSE(m.is_multicast()) << m.str();
    EXPECT_TRUE(m.is_locally_administered()) << m.str();
  }
}

TEST(DeterministicMac, SameNamesSameMacDifferentNamesDifferentMacs) {
  EXPECT_EQ(logical_link_mac("s", "h", "bond0.10"), logical_link_mac("s", "h", "bond0.10"));
  std::set<MacAddress> seen;
  for (const char* link : {"bond0", "bond0.10", "bond0.20"}) seen.insert(logical_link_mac("s", "h", link));
  seen.insert(logical_link_mac("other-site", "h", "bond0"));
  seen.insert(vip_mac("s", "h", "bond0"));  // same names, different kind: different MAC
  EXPECT_EQ(seen.size(), 5u);
}

}  // namespace
}  // namespace netkeel::plan
