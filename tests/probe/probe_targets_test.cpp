#include "netkeel/probe/probe_targets.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "netkeel/core/error.hpp"
#include "netkeel/plan/planner.hpp"
#include "netkeel/site/site_validator.hpp"

namespace netkeel::probe {
namespace {

plan::ClusterPlan plan_of(const std::string& example) {
  auto checked = site::load_and_validate(std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/" + example);
  EXPECT_TRUE(checked.ok()) << example;
  auto planned = plan::plan_site(*checked.site);
  EXPECT_TRUE(planned.plan.has_value()) << example;
  return *planned.plan;
}

std::vector<std::string> example_sites() {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(std::string(NETKEEL_SOURCE_DIR) + "/examples/sites"))
    if (e.path().extension() == ".yaml") names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(ProbeTargets, OneRackOneVlanNode1) {
  const auto plan = plan_of("1-one-rack-one-vlan.yaml");
  const auto targets = probe_targets(plan, "node1");
  // 4 networks x 2 peers x (icmp + udp + pmtu) = 24; api: 2 VIPs x (icmp + tcp) = 4; mgmt gateway icmp = 1.
  EXPECT_EQ(targets.size(), 29u);
  std::set<std::string> keys;
  for (const auto& t : targets) {
    EXPECT_EQ(t.src, "node1");
    EXPECT_NE(t.dst, "node1");
    EXPECT_TRUE(keys.insert(t.key()).second) << "duplicate " << t.key();
    if (t.kind == ProbeKind::udp) {
      EXPECT_EQ(t.port, kDefaultResponderPort);
    }
    if (t.kind == ProbeKind::icmp) {
      EXPECT_EQ(t.port, 0);
    }
    if (t.kind == ProbeKind::pmtu) {
      EXPECT_EQ(t.packet_size, plan.find_network(t.network)->mtu) << t.key();
    } else {
      EXPECT_EQ(t.packet_size, 0) << t.key();
    }
  }
  const auto& first = targets.front();
  EXPECT_EQ(first.network, "mgmt");
  EXPECT_EQ(first.dst, "node2");
  EXPECT_EQ(first.kind, ProbeKind::icmp);
  EXPECT_EQ(first.source.str(), "10.0.0.11");
  EXPECT_EQ(first.address.str(), "10.0.0.12");
  int tcp = 0, gateways = 0;
  for (const auto& t : targets) {
    if (t.kind == ProbeKind::tcp) {
      ++tcp;
      EXPECT_EQ(t.role, TargetRole::vip);
      EXPECT_TRUE(t.port == 3306 || t.port == 5000);
      EXPECT_TRUE(plan.vips.size() == 2 && (t.address == plan.vips[0].address || t.address == plan.vips[1].address));
    }
    if (t.role == TargetRole::gateway) {
      ++gateways;
      EXPECT_EQ(t.address.str(), "10.0.0.1");
      EXPECT_EQ(t.network, "mgmt");
    }
  }
  EXPECT_EQ(tcp, 2);
  EXPECT_EQ(gateways, 1);
}

TEST(ProbeTargets, KindsCanBeTurnedOff) {
  const auto plan = plan_of("1-one-rack-one-vlan.yaml");
  ProbeTargetOptions only_udp{.responder_port = 7000, .icmp = false, .udp = true, .tcp = false, .pmtu = false};
  const auto targets = probe_targets(plan, "node2", only_udp);
  ASSERT_EQ(targets.size(), 8u);
  for (const auto& t : targets) {
    EXPECT_EQ(t.kind, ProbeKind::udp);
    EXPECT_EQ(t.port, 7000);
  }
}

TEST(ProbeTargets, OnlyPathMtuProbesGoOnceEveryFewIntervals) {
  const auto plan = plan_of("1-one-rack-one-vlan.yaml");
  const auto targets = probe_targets(plan, "node2", ProbeTargetOptions{.pmtu_every = 10});
  size_t pmtu = 0;
  for (const auto& t : targets) {
    EXPECT_EQ(t.every, t.kind == ProbeKind::pmtu ? 10u : 1u) << t.key();
    pmtu += t.kind == ProbeKind::pmtu;
  }
  EXPECT_GT(pmtu, 0u);
}

TEST(ProbeTargets, UnknownHostIsAUsageError) {
  const auto plan = plan_of("1-one-rack-one-vlan.yaml");
  EXPECT_THROW(probe_targets(plan, "node9"), UsageError);
}

// Every example, every host: each peer sharing a network is probed on that network with icmp and
// udp from the host's own address there; every VIP on the host's networks; no self, no duplicates.
TEST(ProbeTargets, EveryExampleHostProbesEveryPeerOnEverySharedNetwork) {
  for (const auto& example : example_sites()) {
    const auto plan = plan_of(example);
    for (const auto& host : plan.hosts) {
      const auto targets = probe_targets(plan, host.name);
      std::set<std::string> keys;
      for (const auto& t : targets) EXPECT_TRUE(keys.insert(t.key()).second) << example << " " << t.key();
      for (const auto& mine : host.networks) {
        for (const auto& peer : plan.hosts) {
          if (peer.name == host.name) continue;
          for (const auto& theirs : peer.networks) {
            if (theirs.network != mine.network) continue;
            for (ProbeKind kind : {ProbeKind::icmp, ProbeKind::udp}) {
              ProbeTarget want{host.name, peer.name, TargetRole::host, mine.network, kind, mine.address,
                               theirs.address, kind == ProbeKind::udp ? kDefaultResponderPort : uint16_t{0}};
              EXPECT_TRUE(keys.count(want.key())) << example << ": " << host.name << " misses " << want.key();
            }
          }
        }
        for (const auto& vip : plan.vips) {
          if (vip.network != mine.network) continue;
          ProbeTarget want{host.name, vip.service, TargetRole::vip, mine.network, ProbeKind::icmp, mine.address, vip.address, 0};
          EXPECT_TRUE(keys.count(want.key())) << example << ": " << host.name << " misses " << want.key();
        }
        if (mine.gateway) {
          ProbeTarget want{host.name, "gateway", TargetRole::gateway, mine.network, ProbeKind::icmp, mine.address, *mine.gateway, 0};
          EXPECT_TRUE(keys.count(want.key())) << example << ": " << host.name << " misses its gateway on " << mine.network;
        }
      }
      for (const auto& t : targets) {
        EXPECT_NE(t.address, t.source) << example << " " << t.key();
        EXPECT_EQ(t.src, host.name);
      }
    }
  }
}

}  // namespace
}  // namespace netkeel::probe
