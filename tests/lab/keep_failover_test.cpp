// Keep in the lab, end to end, as root: `lab up` of example 1 starts etcd on three hosts, a keeper in
// each and a stand-in for each service; each VIP is then held by exactly one host, answers ARP with its
// planned MAC only, and moves when its service dies on the holder or when the holder's host goes down.
// The lab is always removed when the suite ends.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/eventually.hpp"
#include "support/lab_test_support.hpp"

namespace netkeel {
namespace {

using lab_test::kNetkeel;
using lab_test::Result;
using lab_test::run_shell;
const std::string kSite = lab_test::kExamples + "1-one-rack-one-vlan.yaml";
const std::vector<std::string> kHosts = {"node1", "node2", "node3"};

struct VipView {
  std::string vip, mac, holder, state;
};

class KeepFailover : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    lab_ = lab_test::unique_lab("keep");
    Result up = run_shell(kNetkeel + " lab up " + kSite + " --no-agents --name " + lab_);
    ASSERT_EQ(up.exit_code, 0) << up.output;
    ASSERT_NE(up.output.find("keep: etcd on node1, node2, node3"), std::string::npos) << up.output;
  }
  static void TearDownTestSuite() {
    run_shell(kNetkeel + " lab down --name " + lab_);
    EXPECT_TRUE(lab_test::leftovers(lab_).empty());
  }
  void TearDown() override { run_shell(kNetkeel + " lab heal --all --name " + lab_); }

  static Result lab(const std::string& args) { return run_shell(kNetkeel + " lab " + args + " --name " + lab_); }
  static Result in(const std::string& host, const std::string& command) {
    return run_shell(kNetkeel + " lab exec --name " + lab_ + " " + host + " -- " + command);
  }

  static std::map<std::string, VipView> status() {
    std::map<std::string, VipView> out;
    Result r = run_shell(kNetkeel + " keep status --format json --lab " + lab_);
    if (r.exit_code != 0) return out;
    const auto json = nlohmann::json::parse(r.output, nullptr, false);
    if (!json.is_object()) return out;
    for (const auto& s : json["services"]) {
      out[s["name"]] = {s["vip"], s["mac"], s["holder"].is_string() ? s["holder"].get<std::string>() : "",
                        s["state"]};
    }
    return out;
  }

  // Polls (every 200 ms, at most DEADLINE) until CONDITION holds for the status.
  static std::map<std::string, VipView> wait_for(const std::function<bool(const std::map<std::string, VipView>&)>& condition,
                                                 std::chrono::seconds deadline) {
    return netkeel::testing::eventually(status, condition, deadline, std::chrono::milliseconds(200)).last;
  }

  static bool all_held(const std::map<std::string, VipView>& s) {
    if (s.size() != 2) return false;
    for (const auto& [name, view] : s)
      if (view.holder.empty() || view.state != "holding") return false;
    return true;
  }

  // Waits (at most DEADLINE) until SERVICE is held, in state holding, by a host other than OLD_HOLDER;
  // returns the new holder ("" when it did not move).
  static std::string wait_for_move(const std::string& service, const std::string& old_holder,
                                   std::chrono::seconds deadline) {
    const auto s = wait_for(
        [&](const auto& now) {
          auto it = now.find(service);
          return it != now.end() && !it->second.holder.empty() && it->second.holder != old_holder &&
                 it->second.state == "holding";
        },
        deadline);
    auto it = s.find(service);
    return it == s.end() || it->second.holder == old_holder ? "" : it->second.holder;
  }

  // "node2,node3" for HOST node1: the other side of a partition.
  static std::string hosts_other_than(const std::string& host) {
    std::string others;
    for (const auto& h : kHosts)
      if (h != host) others += (others.empty() ? "" : ",") + h;
    return others;
  }

  // Which hosts have the address on an interface right now.
  static std::set<std::string> hosts_with_address(const std::string& vip) {
    std::set<std::string> hosts;
    for (const auto& host : kHosts)
      if (in(host, "ip -o -4 addr show").output.find(" " + vip + "/") != std::string::npos) hosts.insert(host);
    return hosts;
  }

  static std::string lab_;
};
std::string KeepFailover::lab_;

TEST_F(KeepFailover, EachVipIsHeldByExactlyOneHostAndAnswersArpWithItsPlannedMacOnly) {
  const auto s = wait_for(all_held, std::chrono::seconds(30));
  ASSERT_TRUE(all_held(s)) << run_shell(kNetkeel + " keep status --lab " + lab_).output;
  for (const auto& [name, view] : s) {
    EXPECT_EQ(hosts_with_address(view.vip), std::set<std::string>{view.holder}) << name;
    const std::string asker = view.holder == "node1" ? "node2" : "node1";
    // arping prints "42 bytes from MAC (IP): ..." per reply.
    Result arp = in(asker, "arping -c 3 -w 5 -I eno1 " + view.vip);
    EXPECT_NE(arp.output.find(view.mac), std::string::npos) << name << ":\n" << arp.output;
    std::size_t replies = 0, from_planned = 0;
    for (std::size_t at = arp.output.find("bytes from"); at != std::string::npos;
         at = arp.output.find("bytes from", at + 1)) {
      ++replies;
      const auto line_end = arp.output.find('\n', at);
      if (arp.output.substr(at, line_end - at).find(view.mac) != std::string::npos) ++from_planned;
    }
    EXPECT_GT(replies, 0u) << arp.output;
    EXPECT_EQ(replies, from_planned) << "a MAC other than the planned " << view.mac << " answered:\n" << arp.output;
  }
}

TEST_F(KeepFailover, AVipMovesWhenItsServiceDiesOnTheHolder) {
  auto before = wait_for(all_held, std::chrono::seconds(30));
  ASSERT_TRUE(all_held(before));
  const std::string old_holder = before["mysql"].holder;
  ASSERT_EQ(lab("fault service-down mysql@" + old_holder).exit_code, 0);
  const std::string new_holder = wait_for_move("mysql", old_holder, std::chrono::seconds(10));
  ASSERT_FALSE(new_holder.empty()) << run_shell(kNetkeel + " keep status --lab " + lab_).output;
  EXPECT_EQ(hosts_with_address(before["mysql"].vip), std::set<std::string>{new_holder});
}

TEST_F(KeepFailover, AVipMovesWhenItsHolderGoesDown) {
  auto before = wait_for(all_held, std::chrono::seconds(30));
  ASSERT_TRUE(all_held(before));
  const std::string old_holder = before["keystone"].holder;
  ASSERT_EQ(lab("fault host-down " + old_holder).exit_code, 0);
  const std::string new_holder = wait_for_move("keystone", old_holder, std::chrono::seconds(15));
  ASSERT_FALSE(new_holder.empty()) << run_shell(kNetkeel + " keep status --lab " + lab_).output;
}

TEST_F(KeepFailover, AHolderPartitionedFromEtcdAndItsPeersDropsItsVipAndAnotherTakesIt) {
  auto before = wait_for(all_held, std::chrono::seconds(30));
  ASSERT_TRUE(all_held(before));
  const std::string old_holder = before["mysql"].holder;
  ASSERT_EQ(lab("fault partition " + old_holder + " " + hosts_other_than(old_holder)).exit_code, 0);
  const std::string new_holder = wait_for_move("mysql", old_holder, std::chrono::seconds(10));
  ASSERT_FALSE(new_holder.empty()) << run_shell(kNetkeel + " keep status --lab " + lab_).output;
  // The cut-off host dropped it by itself (its fence closed with its last confirmed write's deadline):
  // only the new holder has the address.
  EXPECT_EQ(hosts_with_address(before["mysql"].vip), std::set<std::string>{new_holder});
}

TEST_F(KeepFailover, APartialPartitionMovesTheVipWithoutEverHavingTwoHolders) {
  // keepalived's split-brain case: the holder loses its peers (and etcd) on the management network but
  // still reaches every client on the VIP's network.
  auto before = wait_for(all_held, std::chrono::seconds(30));
  ASSERT_TRUE(all_held(before));
  const std::string old_holder = before["keystone"].holder;
  ASSERT_EQ(lab("fault partition " + old_holder + " " + hosts_other_than(old_holder) + " --network mgmt").exit_code, 0);
  const std::string vip = before["keystone"].vip;
  // Sampled while the move happens: never two hosts with the address at once.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::string new_holder;
  while (std::chrono::steady_clock::now() < until) {
    const auto holders = hosts_with_address(vip);
    ASSERT_LE(holders.size(), 1u) << "two holders of " << vip;
    if (holders.size() == 1 && *holders.begin() != old_holder) {
      new_holder = *holders.begin();
      break;
    }
  }
  ASSERT_FALSE(new_holder.empty()) << run_shell(kNetkeel + " keep status --lab " + lab_).output;
  // The clients still reach the VIP, now on the new holder.
  const std::string client = old_holder == "node1" ? (new_holder == "node2" ? "node3" : "node2")
                                                   : (new_holder == "node1" ? (old_holder == "node2" ? "node3" : "node2") : "node1");
  const Result ping = in(client, "ping -c 5 -i 0.2 -W 1 " + vip);
  EXPECT_EQ(ping.exit_code, 0) << client << " -> " << vip << " (old holder " << old_holder << ", new " << new_holder
                               << "):\n" << ping.output << run_shell(kNetkeel + " keep status --lab " + lab_).output;
}

TEST_F(KeepFailover, MysqlDownEverywhereDegradesKeystoneEverywhereAndMovesNothing) {
  auto before = wait_for(all_held, std::chrono::seconds(30));
  ASSERT_TRUE(all_held(before));
  const std::string keystone_holder = before["keystone"].holder;
  ASSERT_EQ(lab("fault service-down mysql").exit_code, 0);
  // Every keystone instance is reported degraded with mysql as the cause...
  auto degraded_everywhere = [&] {
    const auto json = nlohmann::json::parse(run_shell(kNetkeel + " keep status --format json --lab " + lab_).output,
                                            nullptr, false);
    if (!json.is_object()) return false;
    for (const auto& s : json["services"]) {
      if (s["name"] != "keystone") continue;
      if (s["instances"].size() != kHosts.size()) return false;
      for (const auto& i : s["instances"])
        if (i["health"] != "degraded" || i["reason"].get<std::string>().find("depends on mysql") == std::string::npos)
          return false;
      return true;
    }
    return false;
  };
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (!degraded_everywhere() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_TRUE(degraded_everywhere()) << run_shell(kNetkeel + " keep status --lab " + lab_).output;
  // ... and keystone's VIP stays where it was: moving it would only spread mysql's outage.
  const auto after = status();
  EXPECT_EQ(after.at("keystone").holder, keystone_holder);
  EXPECT_EQ(after.at("keystone").state, "holding");
  EXPECT_EQ(after.at("mysql").holder, "");  // mysql itself has no healthy host to go to
}

TEST_F(KeepFailover, AFrozenKeepersVipIsFencedByTheKernelAndTakenOver) {
  auto before = wait_for(all_held, std::chrono::seconds(30));
  ASSERT_TRUE(all_held(before));
  const std::string old_holder = before["mysql"].holder;
  const std::string vip = before["mysql"].vip;
  // The keeper's pid from `lab status` ("keeper@node1  pid 1234  running ...").
  const std::string status_text = lab("status").output;
  const auto at = status_text.find("keeper@" + old_holder);
  ASSERT_NE(at, std::string::npos) << status_text;
  const int pid = std::stoi(status_text.substr(status_text.find("pid", at) + 3));
  ASSERT_EQ(::kill(pid, SIGSTOP), 0);
  const std::string new_holder = wait_for_move("mysql", old_holder, std::chrono::seconds(10));
  // The frozen keeper could not remove anything: the address is still on its device, but the kernel
  // fence closed on its own (the VIP's element in open_vips timed out), so the old host no longer answers.
  const bool address_left = hosts_with_address(vip).count(old_holder) == 1;
  const std::string open = in(old_holder, "nft list set inet netkeel_vip_fence open_vips").output;
  ::kill(pid, SIGCONT);
  ASSERT_FALSE(new_holder.empty()) << run_shell(kNetkeel + " keep status --lab " + lab_).output;
  EXPECT_TRUE(address_left) << "the frozen keeper's host lost the address: the test proves nothing about the fence";
  EXPECT_EQ(open.find(vip), std::string::npos) << "the fence is still open for " << vip << ":\n" << open;
  // Thawed, it sees the new holder and takes its own copy away.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (hosts_with_address(vip).count(old_holder) && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(hosts_with_address(vip), std::set<std::string>{new_holder});
}

}  // namespace
}  // namespace netkeel
