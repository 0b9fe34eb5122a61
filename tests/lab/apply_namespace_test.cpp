// `netkeel apply --netns` on the real kernel, as root, inside namespaces this test creates (and
// always removes): a host namespace whose veth NICs are named and MAC'd as the site file says, and a
// switch namespace with a bridge that holds the gateway address. The state is compared with
// `ip -d -j` dumps of link, addr, route (table all), rule and neigh.
#include <sys/wait.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "netkeel/kernel/kernel_features.hpp"
#include "support/eventually.hpp"
#include "support/lab_test_support.hpp"
#include "support/test_namespace.hpp"

namespace netkeel {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using lab_test::run_shell;
using netkeel::testing::TestNamespace;

const std::string kSites = std::string(NETKEEL_SOURCE_DIR) + "/tests/lab/sites/";

std::string must_run(const std::string& command) {
  auto r = run_shell(command);
  if (r.exit_code != 0) throw std::runtime_error("failed: " + command + "\n" + r.output);
  return r.output;
}

// Dynamic neighbour entries age by themselves (REACHABLE -> STALE); their presence counts, their state not.
nlohmann::json without_dynamic_state(nlohmann::json neighbours) {
  for (auto& n : neighbours) {
    bool permanent = false;
    for (auto& s : n.value("state", nlohmann::json::array())) permanent |= s == "PERMANENT";
    if (!permanent) n.erase("state");
  }
  return neighbours;
}

class ApplyLab : public ::testing::Test {
 protected:
  TestNamespace host;
  TestNamespace sw;
  std::string state_dir;

  void SetUp() override {
    state_dir = ::testing::TempDir() + "nk-apply-lab-" + host.name();
    std::filesystem::remove_all(state_dir);
    // IPv6 autoconfiguration would add addresses and routes on its own schedule: keep it out.
    for (const char* key : {"net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"}) {
      must_run("ip netns exec " + host.name() + " sysctl -qw " + key);
      must_run("ip netns exec " + sw.name() + " sysctl -qw " + key);
    }
    sw.must_ip({"link", "add", "br0", "type", "bridge"});
    sw.must_ip({"link", "set", "br0", "up"});
    sw.must_ip({"addr", "add", "10.77.0.1/24", "dev", "br0"});
    sw.must_ip({"link", "set", "lo", "up"});
  }
  void TearDown() override { std::filesystem::remove_all(state_dir); }

  // A NIC of the host: one end of a veth pair in the host namespace, the other on the bridge. It has
  // been up once, as any NIC of a running host has (a link's first up attaches its queueing
  // discipline for good, which no rollback could undo), and is down now.
  void add_nic(const std::string& name, const std::string& mac, const std::string& port) {
    host.must_ip({"link", "add", name, "address", mac, "type", "veth", "peer", "name", port, "netns", sw.name()});
    sw.must_ip({"link", "set", port, "master", "br0", "up"});
    host.must_ip({"link", "set", name, "up"});
    host.must_ip({"link", "set", name, "down"});
  }

  lab_test::Result apply(const std::string& site, const std::string& host_name, const std::string& extra = "") {
    return run_shell(std::string(NETKEEL_BINARY_DIR) + "/netkeel apply " + kSites + site + " --host " + host_name +
                     " --netns " + host.name() + " --state-dir " + state_dir + " " + extra);
  }

  std::string ip_json(const std::string& args) { return must_run("ip -n " + host.name() + " -d -j " + args); }

  // Everything apply may touch, as iproute2 sees it.
  nlohmann::json dump() {
    nlohmann::json d;
    d["link"] = nlohmann::json::parse(ip_json("link show"));
    d["addr"] = nlohmann::json::parse(ip_json("addr show"));
    d["route"] = nlohmann::json::parse(ip_json("route show table all"));
    d["rule"] = nlohmann::json::parse(ip_json("rule show"));
    d["neigh"] = without_dynamic_state(nlohmann::json::parse(ip_json("neigh show")));
    return d;
  }
};

TEST_F(ApplyLab, BringsANamespaceToItsPlanAndASecondApplyChangesNothing) {
  add_nic("eno1", "52:54:00:77:00:11", "p1");
  auto first = apply("apply-access.yaml", "h1");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_THAT(first.output, HasSubstr("NIC eno1 is eno1 (found by MAC)"));
  EXPECT_THAT(first.output, HasSubstr("verified: state read back equals the plan"));
  EXPECT_THAT(first.output, HasSubstr("verified: gateway of mgmt 10.77.0.1 on eno1 answers (ARP, ICMP)"));

  // What iproute2 reads back is the plan.
  const std::string addr = ip_json("addr show dev eno1");
  EXPECT_THAT(addr, HasSubstr("\"local\":\"10.77.0.11\",\"prefixlen\":24"));
  EXPECT_THAT(addr, HasSubstr("\"local\":\"10.77.1.11\",\"prefixlen\":24"));
  EXPECT_THAT(ip_json("link show dev eno1"), HasSubstr("\"UP\""));
  EXPECT_THAT(ip_json("rule show"), HasSubstr("\"priority\":1000,\"src\":\"10.77.0.11\",\"table\":\"100\""));
  EXPECT_THAT(ip_json("route show table 100"), HasSubstr("\"dst\":\"default\",\"gateway\":\"10.77.0.1\""));
  EXPECT_THAT(ip_json("neigh show nud permanent"), HasSubstr("\"dst\":\"10.77.0.12\""));
  EXPECT_THAT(must_run("ip netns exec " + host.name() + " sysctl -n net.ipv4.conf.eno1.arp_ignore"), HasSubstr("1"));
  EXPECT_TRUE(std::filesystem::exists(state_dir + "/netns-" + host.name() + ".owned.json"));

  auto before = dump();
  auto second = apply("apply-access.yaml", "h1");
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_THAT(second.output, HasSubstr("host h1: 0 changes"));
  EXPECT_THAT(second.output, HasSubstr("verified: gateway of mgmt 10.77.0.1 on eno1 answers"));
  EXPECT_EQ(dump(), before);
}

TEST_F(ApplyLab, AChangedPlanMakesExactlyTheExpectedChanges) {
  add_nic("eno1", "52:54:00:77:00:11", "p1");
  ASSERT_EQ(apply("apply-access.yaml", "h1").exit_code, 0);
  auto grown = apply("apply-access-grown.yaml", "h1");
  ASSERT_EQ(grown.exit_code, 0) << grown.output;
  EXPECT_THAT(grown.output, HasSubstr("host h1: 2 changes\n"
                                      "  + neighbour 10.77.0.13 lladdr 52:54:00:77:00:13 on eno1 permanent\n"
                                      "  + neighbour 10.77.1.13 lladdr 52:54:00:77:00:13 on eno1 permanent\n"));
  EXPECT_THAT(ip_json("neigh show nud permanent"), HasSubstr("\"dst\":\"10.77.1.13\""));
}

TEST_F(ApplyLab, PruneRemovesOnlyNetkeelsObjects) {
  add_nic("eno1", "52:54:00:77:00:11", "p1");
  ASSERT_EQ(apply("apply-access.yaml", "h1").exit_code, 0);
  // Someone else's objects on the same NIC.
  host.must_ip({"addr", "add", "10.77.9.5/24", "dev", "eno1"});
  host.must_ip({"route", "add", "10.99.0.0/24", "via", "10.77.0.1", "dev", "eno1"});
  host.must_ip({"rule", "add", "pref", "500", "from", "10.77.9.5", "lookup", "main"});
  host.must_ip({"neigh", "replace", "10.77.0.200", "lladdr", "02:00:00:00:02:00", "dev", "eno1", "nud", "permanent"});

  auto kept = apply("apply-access-mgmt-only.yaml", "h1");
  ASSERT_EQ(kept.exit_code, 0) << kept.output;
  EXPECT_THAT(kept.output, HasSubstr("host h1: 0 changes"));  // without --prune nothing goes

  auto pruned = apply("apply-access-mgmt-only.yaml", "h1", "--prune");
  ASSERT_EQ(pruned.exit_code, 0) << pruned.output;
  EXPECT_THAT(pruned.output, HasSubstr("- address 10.77.1.11/24 on eno1"));
  EXPECT_THAT(pruned.output, HasSubstr("- rule 1001: from 10.77.1.11/32 lookup 101"));
  EXPECT_THAT(pruned.output, HasSubstr("- neighbour 10.77.1.12 lladdr 52:54:00:77:00:12 on eno1 permanent"));
  const std::string addr = ip_json("addr show dev eno1");
  EXPECT_THAT(addr, Not(HasSubstr("10.77.1.11")));
  EXPECT_THAT(addr, HasSubstr("10.77.9.5"));
  EXPECT_THAT(addr, HasSubstr("10.77.0.11"));
  EXPECT_THAT(ip_json("route show table all"), HasSubstr("\"dst\":\"10.99.0.0/24\""));
  EXPECT_THAT(ip_json("route show table all"), Not(HasSubstr("\"table\":\"101\"")));
  const std::string rules = ip_json("rule show");
  EXPECT_THAT(rules, HasSubstr("\"priority\":500"));
  EXPECT_THAT(rules, Not(HasSubstr("\"priority\":1001")));
  const std::string neigh = ip_json("neigh show nud permanent");
  EXPECT_THAT(neigh, HasSubstr("\"dst\":\"10.77.0.200\""));
  EXPECT_THAT(neigh, Not(HasSubstr("\"dst\":\"10.77.1.12\"")));
  EXPECT_THAT(apply("apply-access-mgmt-only.yaml", "h1", "--prune").output, HasSubstr("host h1: 0 changes"));
}

TEST_F(ApplyLab, APeerThatDoesNotAnswerRestoresTheEarlierStateExactly) {
  add_nic("eno1", "52:54:00:77:00:11", "p1");
  ASSERT_EQ(apply("apply-access.yaml", "h1").exit_code, 0);
  host.must_ip({"addr", "add", "10.77.9.5/24", "dev", "eno1"});
  auto before = dump();
  auto failed = apply("apply-access-grown.yaml", "h1", "--check-peer 10.77.0.99");
  EXPECT_EQ(failed.exit_code, 3) << failed.output;
  EXPECT_THAT(failed.output, HasSubstr("verification failed: peer on mgmt 10.77.0.99 on eno1 does not answer"));
  EXPECT_THAT(failed.output, HasSubstr("rolled back: the state equals the snapshot taken before the first change"));
  EXPECT_EQ(dump(), before);
}

TEST_F(ApplyLab, AnAbsentGatewayRestoresTheUntouchedNamespaceExactly) {
  add_nic("eno1", "52:54:00:77:00:11", "p1");
  sw.must_ip({"addr", "del", "10.77.0.1/24", "dev", "br0"});
  auto before = dump();
  auto failed = apply("apply-access.yaml", "h1");
  EXPECT_EQ(failed.exit_code, 3) << failed.output;
  EXPECT_THAT(failed.output, HasSubstr("verification failed: gateway of mgmt 10.77.0.1 on eno1 does not answer"));
  EXPECT_EQ(dump(), before);
  EXPECT_FALSE(std::filesystem::exists(state_dir + "/netns-" + host.name() + ".owned.json"));
}

TEST_F(ApplyLab, NoConfirmationInTimeRollsBackAndConfirmationKeeps) {
  add_nic("eno1", "52:54:00:77:00:11", "p1");
  auto before = dump();
  auto expired = apply("apply-access.yaml", "h1", "--confirm-timeout 1");
  EXPECT_EQ(expired.exit_code, 3) << expired.output;
  EXPECT_THAT(expired.output, HasSubstr("no confirmation within the timeout"));
  EXPECT_EQ(dump(), before);

  auto waiting = std::async(std::launch::async, [&] { return apply("apply-access.yaml", "h1", "--confirm-timeout 60"); });
  const auto pending = state_dir + "/netns-" + host.name() + ".pending";
  netkeel::testing::eventually([&] { return std::filesystem::exists(pending); }, std::chrono::seconds(50),
                               std::chrono::milliseconds(50));  // then confirm either way, as before
  auto confirm = run_shell(std::string(NETKEEL_BINARY_DIR) + "/netkeel apply --confirm --netns " + host.name() +
                           " --state-dir " + state_dir);
  EXPECT_EQ(confirm.exit_code, 0) << confirm.output;
  auto kept = waiting.get();
  EXPECT_EQ(kept.exit_code, 0) << kept.output;
  EXPECT_THAT(kept.output, HasSubstr("confirmed"));
  EXPECT_THAT(ip_json("addr show dev eno1"), HasSubstr("10.77.0.11"));
}

TEST_F(ApplyLab, APlanNeedingAMissingKernelFeatureChangesNothing) {
  auto features = kernel::detect_kernel_features();
  auto bonding = kernel::feature_for_link_kind(features, "bond");
  if (bonding && bonding->available) GTEST_SKIP() << "this kernel has bonding: " << bonding->evidence;
  add_nic("eno1", "52:54:00:78:00:11", "p1");
  add_nic("eno2", "52:54:00:78:01:11", "p2");
  auto before = dump();
  auto refused = apply("apply-bonded.yaml", "b1");
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_THAT(refused.output, HasSubstr("this plan needs bonding"));
  EXPECT_THAT(refused.output, HasSubstr("this plan needs 802.1q"));
  EXPECT_THAT(refused.output, HasSubstr("  fix: "));  // modprobe, or another kernel when it has no module
  EXPECT_THAT(refused.output, HasSubstr("nothing was changed"));
  EXPECT_EQ(dump(), before);
}

TEST_F(ApplyLab, DryRunChangesNothing) {
  add_nic("eno1", "52:54:00:77:00:11", "p1");
  auto before = dump();
  auto dry = apply("apply-access.yaml", "h1", "--dry-run");
  EXPECT_EQ(dry.exit_code, 0) << dry.output;
  EXPECT_THAT(dry.output, HasSubstr("+ address 10.77.0.11/24 on eno1"));
  EXPECT_THAT(dry.output, HasSubstr("dry run: nothing was changed"));
  EXPECT_EQ(dump(), before);
}

}  // namespace
}  // namespace netkeel
