// Properties every plan has: determinism, stability under adding/removing a host, one owner per
// address and MAC. Checked on all six example sites.
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "netkeel/plan/planner.hpp"
#include "plan_dump.hpp"
#include "site_builder.hpp"

namespace netkeel::plan {
namespace {

using namespace test_support;
using namespace ::testing;

class EveryExample : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryExample, SameSiteGivesAByteIdenticalPlan) {
  const site::Site s = load_example(GetParam());
  auto first = plan_site(s);
  auto second = plan_site(load_example(GetParam()));
  ASSERT_TRUE(first.plan && second.plan);
  EXPECT_EQ(dump_plan(*first.plan), dump_plan(*second.plan));
}

// A host's plan minus what legitimately depends on the other hosts (its static neighbour list).
std::string host_without_neighbours(HostPlan h) {
  h.neighbours.clear();
  return dump_host(h);
}

TEST_P(EveryExample, RemovingAHostChangesNoOtherHost) {
  const site::Site full = load_example(GetParam());
  auto full_plan = plan_site(full);
  ASSERT_TRUE(full_plan.plan);
  for (size_t removed = 0; removed < full.hosts.size(); ++removed) {
    site::Site smaller = full;
    smaller.hosts.erase(smaller.hosts.begin() + static_cast<long>(removed));
    for (auto& service : smaller.services) std::erase(service.hosts, full.hosts[removed].name);
    auto smaller_plan = plan_site(smaller);
    ASSERT_TRUE(smaller_plan.plan) << format_diagnostics(smaller_plan.diagnostics);
    for (const auto& h : smaller_plan.plan->hosts) {
      EXPECT_EQ(host_without_neighbours(h), host_without_neighbours(*full_plan.plan->find_host(h.name)))
          << "removing " << full.hosts[removed].name << " changed " << h.name;
    }
    // VIPs never depend on hosts either.
    for (size_t v = 0; v < smaller_plan.plan->vips.size(); ++v) {
      EXPECT_EQ(smaller_plan.plan->vips[v].address, full_plan.plan->vips[v].address);
      EXPECT_EQ(smaller_plan.plan->vips[v].mac, full_plan.plan->vips[v].mac);
    }
  }
}

TEST_P(EveryExample, AddingAHostChangesNoOtherHost) {
  const site::Site base = load_example(GetParam());
  site::Site grown = base;
  site::Host extra = base.hosts.back();
  extra.name = "added-host";
  extra.id = 99;
  extra.addresses.clear();
  for (size_t i = 0; i < extra.nics.size(); ++i) {
    extra.nics[i].port = "added-" + std::to_string(i);
    extra.nics[i].mac = MacAddress({0x02, 0x99, 0, 0, 0, static_cast<uint8_t>(i)});
  }
  grown.hosts.push_back(extra);
  auto before = plan_site(base);
  auto after = plan_site(grown);
  ASSERT_TRUE(before.plan && after.plan) << format_diagnostics(after.diagnostics);
  for (const auto& h : before.plan->hosts) {
    EXPECT_EQ(host_without_neighbours(h), host_without_neighbours(*after.plan->find_host(h.name))) << h.name;
  }
}

TEST_P(EveryExample, NoAddressOrMacHasTwoOwners) {
  const site::Site s = load_example(GetParam());
  auto result = plan_site(s);
  ASSERT_TRUE(result.plan);
  const ClusterPlan& p = *result.plan;
  std::map<std::pair<std::string, uint32_t>, std::string> address_owner;  // (network, address) -> owner
  auto claim_address = [&](const std::string& network, Ipv4Address a, const std::string& owner) {
    auto [it, inserted] = address_owner.emplace(std::make_pair(network, a.value()), owner);
    EXPECT_TRUE(inserted) << a.str() << " on " << network << ": " << it->second << " and " << owner;
  };
  for (const auto& n : p.networks) {
    if (n.gateway) claim_address(n.name, *n.gateway, "gateway");
    for (const auto& [rack, g] : n.rack_gateways) claim_address(n.name, g, "gateway " + rack);
  }
  std::map<MacAddress, std::string> mac_owner;
  auto claim_mac = [&](const MacAddress& m, const std::string& owner) {
    auto [it, inserted] = mac_owner.emplace(m, owner);
    EXPECT_TRUE(inserted) << m.str() << ": " << it->second << " and " << owner;
  };
  for (const auto& h : p.hosts) {
    for (const auto& a : h.addresses) claim_address(a.network, a.address, "host " + h.name);
    for (const auto& l : h.links) {
      if (l.mac) claim_mac(*l.mac, h.name + " " + l.name);
      if (l.match_mac) claim_mac(*l.match_mac, h.name + " " + l.name);
    }
  }
  for (const auto& v : p.vips) {
    claim_address(v.network, v.address, "vip " + v.service);
    claim_mac(v.mac, "vip " + v.service);
  }
}

TEST_P(EveryExample, RoutingTableIdsAreUniqueAndRulesStayInNetkeelsPriorityRange) {
  auto result = plan_site(load_example(GetParam()));
  ASSERT_TRUE(result.plan);
  std::set<uint32_t> tables;
  for (const auto& n : result.plan->networks) EXPECT_TRUE(tables.insert(n.table).second) << n.name;
  for (const auto& h : result.plan->hosts) {
    for (const auto& r : h.rules) {
      EXPECT_GE(r.priority, kRulePriorityFirst);
      EXPECT_LE(r.priority, kRulePriorityLast);
    }
    for (const auto& l : h.links) {
      if (l.kind == LinkKind::vlan) {
        EXPECT_LE(l.mtu, h.find_link(l.parent)->mtu) << h.name << " " << l.name;
      }
      EXPECT_LE(l.mtu, result.plan->fabric_mtu);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Examples, EveryExample, ::testing::ValuesIn(example_files()),
                         [](const auto& info) { return "example" + info.param.substr(0, 1); });

}  // namespace
}  // namespace netkeel::plan
