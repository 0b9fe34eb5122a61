// Keep operations in the lab, end to end, as root: ten services with a VIP each over three hosts
// (tests/lab/sites/keep-ten-services.yaml). The placement puts at most 4 VIPs on a host; `keep drain`
// moves a host's VIPs one at a time, each with a short gap and never two holders; `keep move`,
// `keep undrain` and `keep rebalance` work, a drain that has nowhere to go fails and moves nothing, and
// every operation is in `keep status --history`. The lab (ops1) is always removed when the suite ends.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/address_monitor.hpp"
#include "support/eventually.hpp"
#include "support/lab_test_support.hpp"

namespace netkeel {
namespace {

using lab_test::kNetkeel;
using lab_test::Result;
using lab_test::run_shell;
const std::string kSite = std::string(NETKEEL_SOURCE_DIR) + "/tests/lab/sites/keep-ten-services.yaml";
const std::string kLab = "ops1";
const std::vector<std::string> kHosts = {"node1", "node2", "node3"};
constexpr std::size_t kServices = 10;

struct VipView {
  std::string vip, holder, state, ideal;
};
using Status = std::map<std::string, VipView>;

Status status() {
  Status out;
  Result r = run_shell(kNetkeel + " keep status --format json --lab " + kLab);
  if (r.exit_code != 0) return out;
  const auto json = nlohmann::json::parse(r.output, nullptr, false);
  if (!json.is_object()) return out;
  for (const auto& s : json["services"]) {
    out[s["name"]] = {s["vip"], s["holder"].is_string() ? s["holder"].get<std::string>() : "", s["state"],
                      s["ideal"].is_string() ? s["ideal"].get<std::string>() : ""};
  }
  return out;
}

bool all_held(const Status& s) {
  if (s.size() != kServices) return false;
  for (const auto& [name, view] : s)
    if (view.holder.empty() || view.state != "holding") return false;
  return true;
}

std::map<std::string, int> vips_per_host(const Status& s) {
  std::map<std::string, int> out;
  for (const auto& [name, view] : s) ++out[view.holder];
  return out;
}

Status wait_for(const std::function<bool(const Status&)>& condition, std::chrono::seconds deadline) {
  return netkeel::testing::eventually(status, condition, deadline, std::chrono::milliseconds(200)).last;
}

Result keep(const std::string& args) { return run_shell(kNetkeel + " keep " + args + " --lab " + kLab + " 2>&1"); }

// HOST's keeper's /metrics; this lab runs no server, so what a keeper says is read there.
std::string keeper_metrics(const std::string& host) { return netkeel::lab_test::keeper_metrics(kLab, host); }

using lab_test::AddressMonitor;

class KeepOperations : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    run_shell(kNetkeel + " lab down --name " + kLab);  // a leftover from an interrupted run
    Result up = run_shell(kNetkeel + " lab up " + kSite + " --no-agents --name " + kLab);
    ASSERT_EQ(up.exit_code, 0) << up.output;
  }
  static void TearDownTestSuite() {
    run_shell(kNetkeel + " lab down --name " + kLab);
    EXPECT_TRUE(lab_test::leftovers(kLab).empty());
  }
  // Whatever a test drained, the next one starts with every host in.
  void TearDown() override {
    for (const auto& host : kHosts) keep("undrain " + host);
  }
};

TEST_F(KeepOperations, TenServicesOverThreeHostsPutAtMostFourVipsOnAHost) {
  const Status s = wait_for(all_held, std::chrono::seconds(40));
  ASSERT_TRUE(all_held(s)) << keep("status").output;
  for (const auto& [host, count] : vips_per_host(s)) EXPECT_LE(count, 4) << host << "\n" << keep("status").output;
  EXPECT_NE(s.at("svc01").holder, s.at("svc02").holder) << "anti-affinity group [svc01, svc02]\n"
                                                        << keep("status").output;
}

TEST_F(KeepOperations, DrainMovesEachVipOneAtATimeWithAShortGapAndNeverTwoHolders) {
  const Status before = wait_for(all_held, std::chrono::seconds(40));
  ASSERT_TRUE(all_held(before)) << keep("status").output;
  std::string drained;
  int most = 0;
  for (const auto& [host, count] : vips_per_host(before))
    if (count > most) most = count, drained = host;
  ASSERT_GE(most, 3) << keep("status").output;
  std::set<std::string> moved_vips;
  for (const auto& [name, view] : before)
    if (view.holder == drained) moved_vips.insert(view.vip);

  AddressMonitor monitor(kLab, kHosts);
  const Result drain = keep("drain " + drained);
  monitor.stop();
  ASSERT_EQ(drain.exit_code, 0) << drain.output;
  std::printf("%s", drain.output.c_str());

  // Per VIP: never on two hosts, and the gap from its removal on the old holder to its addition on the
  // new one under 0.5 s; the gaps of different VIPs do not overlap (one at a time).
  const auto events = monitor.events();
  std::vector<std::pair<double, double>> gaps;
  for (const auto& vip : moved_vips) {
    std::set<std::string> holders = {drained};
    double emptied = -1;
    int moves = 0;
    for (const auto& e : events) {
      if (e.vip != vip) continue;
      if (e.added) {
        holders.insert(e.host);
        EXPECT_LE(holders.size(), 1u) << vip << " on two hosts at " << e.t;
        if (emptied >= 0) {
          gaps.emplace_back(emptied, e.t);
          EXPECT_LT(e.t - emptied, 0.5) << vip << "'s outage";
          std::printf("  %s: %.3f s without a holder, then on %s\n", vip.c_str(), e.t - emptied, e.host.c_str());
          emptied = -1;
          ++moves;
        }
      } else {
        holders.erase(e.host);
        if (holders.empty()) emptied = e.t;
      }
    }
    EXPECT_EQ(moves, 1) << vip;
    EXPECT_EQ(holders.size(), 1u) << vip;
    EXPECT_EQ(holders.count(drained), 0u) << vip;
  }
  std::sort(gaps.begin(), gaps.end());
  for (std::size_t i = 1; i < gaps.size(); ++i)
    EXPECT_LE(gaps[i - 1].second, gaps[i].first) << "two handovers overlapped";

  const Status after = status();
  for (const auto& [name, view] : after) EXPECT_NE(view.holder, drained) << name;
  // It stays out: nothing comes back to it while drained.
  const Result text = keep("status");
  EXPECT_NE(text.output.find("drained: " + drained), std::string::npos) << text.output;
  // Its keeper says so on its /metrics (and in a keep_drain event to a lab's server, when it runs one).
  const auto said = netkeel::testing::eventually(
      [&] { return keeper_metrics(drained); },
      [&](const std::string& page) { return page.find("\nnetkeel_keeper_drained 1\n") != std::string::npos; },
      std::chrono::seconds(10), std::chrono::milliseconds(500));
  EXPECT_TRUE(said.held) << said.last.substr(0, 2000);
}

TEST_F(KeepOperations, MoveUndrainRebalanceAndADrainWithNowhereToGo) {
  Status s = wait_for(all_held, std::chrono::seconds(40));
  ASSERT_TRUE(all_held(s)) << keep("status").output;
  // move: svc03 to a host that does not hold it.
  const std::string from = s.at("svc03").holder;
  const std::string to = from == "node1" ? "node2" : "node1";
  Result move = keep("move svc03 " + to);
  ASSERT_EQ(move.exit_code, 0) << move.output;
  EXPECT_EQ(status().at("svc03").holder, to);
  EXPECT_EQ(keep("move svc03 " + to).exit_code, 0);         // already there
  EXPECT_EQ(keep("move svc03 nowhere").exit_code, 2);       // not a host
  EXPECT_EQ(keep("move nosuch " + to).exit_code, 2);        // not a service

  // Drain two hosts: everything ends on the third; draining it too has nowhere to go.
  const std::string last = kHosts[2];
  ASSERT_EQ(keep("drain " + kHosts[0]).exit_code, 0);
  ASSERT_EQ(keep("drain " + kHosts[1]).exit_code, 0);
  for (const auto& [host, count] : vips_per_host(status())) EXPECT_EQ(host, last);
  EXPECT_EQ(keep("move svc03 " + kHosts[0]).exit_code, 1);  // drained
  const Result nowhere = keep("drain " + last + " --deadline 20s");
  EXPECT_EQ(nowhere.exit_code, 1) << nowhere.output;
  EXPECT_NE(nowhere.output.find("no other healthy, undrained host"), std::string::npos) << nowhere.output;
  s = wait_for(all_held, std::chrono::seconds(10));  // the keepers' reports follow within 0.5 s
  ASSERT_TRUE(all_held(s)) << keep("status").output;
  for (const auto& [host, count] : vips_per_host(s)) EXPECT_EQ(host, last);  // nothing was dropped

  // Undrain all: nothing moves back by itself (watched for 2 s, four renewals); rebalance restores the bound.
  for (const auto& host : kHosts) ASSERT_EQ(keep("undrain " + host).exit_code, 0);
  std::set<std::string> left;
  for (const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
       std::chrono::steady_clock::now() < until;) {
    for (const auto& [name, view] : status())
      if (view.holder != last) left.insert(name);
  }
  // A VIP may still leave for a reason of its own: on a loaded machine a renewal not confirmed before its
  // deadline drops it (cause "lost"), and that is no failback. Any other release is.
  for (const auto& name : left) {
    const std::string page = keeper_metrics(last);
    const std::string counted =
        "netkeel_keeper_vip_releases_by_cause_total{service=\"" + name + "\",cause=\"lost\"} ";
    const auto at = page.find(counted);
    EXPECT_TRUE(at != std::string::npos && page.compare(at + counted.size(), 2, "0\n") != 0)
        << name << " left " << last << " after undrain, not because its renewal was lost:\n"
        << keep("status").output << page.substr(0, 3000);
  }
  const Result rebalance = keep("rebalance");
  ASSERT_EQ(rebalance.exit_code, 0) << rebalance.output;
  s = wait_for(all_held, std::chrono::seconds(10));
  ASSERT_TRUE(all_held(s)) << keep("status").output;
  for (const auto& [host, count] : vips_per_host(s)) EXPECT_LE(count, 4) << host;
  for (const auto& [name, view] : s) EXPECT_EQ(view.holder, view.ideal) << name;

  // Every operation is in the history, with who ran it.
  const Result history = run_shell(kNetkeel + " keep status --history --format json --lab " + kLab);
  const auto json = nlohmann::json::parse(history.output, nullptr, false);
  ASSERT_TRUE(json.is_object()) << history.output;
  std::set<std::string> operations;
  for (const auto& r : json["history"]) {
    operations.insert(r["operation"].get<std::string>());
    EXPECT_NE(r["by"].get<std::string>().find('@'), std::string::npos);
  }
  EXPECT_EQ(operations, (std::set<std::string>{"drain", "undrain", "move", "rebalance"}));
}

}  // namespace
}  // namespace netkeel
