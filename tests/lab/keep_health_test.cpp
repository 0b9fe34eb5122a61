// Keep's health checks in the lab, end to end, as root (tests/lab/sites/keep-health.yaml: three hosts,
// mysql checked by TCP, keystone by HTTP, its NIC's carrier and the probe mesh, depending on mysql).
// The agents ship their keepers' metrics, so the server has every host's keystone health; mysql down
// everywhere degrades keystone everywhere and moves nothing; keystone down on its holder moves keystone
// alone; a link check fails when its NIC loses carrier; a holder cut off from its peers on api fails its
// mesh check and the VIP moves (never two holders) and stays moved after heal; a keystone that keeps
// dying and coming back is held down instead of pulling its VIP back and forth. One lab (`hc1`) for the
// suite, always removed.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>

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
using std::chrono::milliseconds;
using std::chrono::seconds;
const std::string kSite = std::string(NETKEEL_SOURCE_DIR) + "/tests/lab/sites/keep-health.yaml";
const std::vector<std::string> kHosts = {"node1", "node2", "node3"};

struct Instance {
  std::string health, reason;
};
struct ServiceView {
  std::string holder, state, vip;
  std::map<std::string, Instance> instances;  // by host
};
using Status = std::map<std::string, ServiceView>;

class KeepHealth : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // NETKEEL_KEEP_HEALTH_LAB: another name, for machines where several people run lab tests.
    const char* name = std::getenv("NETKEEL_KEEP_HEALTH_LAB");
    lab_ = name && *name ? name : "hc1";
    run_shell(kNetkeel + " lab down --name " + lab_);  // a previous run's, if it was killed
    // With agents, so the lab runs a server: the keepers post their events to it.
    Result up = run_shell(kNetkeel + " lab up " + kSite + " --name " + lab_);
    ASSERT_EQ(up.exit_code, 0) << up.output;
    ASSERT_NE(up.output.find("keep: etcd on node1, node2, node3"), std::string::npos) << up.output;
  }
  static void TearDownTestSuite() {
    run_shell(kNetkeel + " lab down --name " + lab_);
    EXPECT_TRUE(lab_test::leftovers(lab_).empty());
  }
  void TearDown() override { run_shell(kNetkeel + " lab heal --all --name " + lab_); }

  static Result lab(const std::string& args) { return run_shell(kNetkeel + " lab " + args + " --name " + lab_); }

  static Status status() {
    Status out;
    Result r = run_shell(kNetkeel + " keep status --format json --lab " + lab_);
    if (r.exit_code != 0) return out;
    const auto json = nlohmann::json::parse(r.output, nullptr, false);
    if (!json.is_object()) return out;
    for (const auto& s : json["services"]) {
      ServiceView& view = out[s["name"].get<std::string>()];
      view.holder = s["holder"].is_string() ? s["holder"].get<std::string>() : "";
      view.state = s["state"];
      view.vip = s["vip"].is_string() ? s["vip"].get<std::string>() : "";
      for (const auto& i : s["instances"]) view.instances[i["host"]] = {i["health"], i["reason"]};
    }
    return out;
  }
  static std::string status_text() { return run_shell(kNetkeel + " keep status --lab " + lab_).output; }

  // SERVICE's instance on HOST is judged HEALTH in S.
  static bool health_is(const Status& s, const std::string& service, const std::string& host, const std::string& health) {
    auto it = s.find(service);
    return it != s.end() && it->second.instances.count(host) && it->second.instances.at(host).health == health;
  }
  // Both VIPs held and keystone healthy everywhere: the lab has settled (a keeper's mesh check passes
  // only once its agent has reported probe results, seconds after it starts).
  static bool all_healthy(const Status& s) {
    if (!all_held(s)) return false;
    for (const auto& [host, i] : s.at("keystone").instances)
      if (i.health != "healthy") return false;
    return true;
  }
  static bool all_held(const Status& s) {
    if (s.size() != 2) return false;
    for (const auto& [name, view] : s)
      if (view.holder.empty() || view.state != "holding" || view.instances.size() != kHosts.size()) return false;
    return true;
  }
  static Status wait_for(const std::function<bool(const Status&)>& condition, seconds deadline) {
    return testing::eventually(status, condition, deadline, milliseconds(200)).last;
  }
  // Watches for WINDOW that SERVICE stays held by HOLDER; false (at once) when it moves.
  static bool stays_on(const std::string& service, const std::string& holder, seconds window) {
    return !testing::eventually(
        [&] {
          const auto s = status();
          auto it = s.find(service);
          return it != s.end() && it->second.holder != holder;
        },
        window, milliseconds(250));
  }

  // `lab fault ...` prints the fault's id (f1, f2, ...).
  static std::string fault(const std::string& args) {
    const Result r = lab("fault " + args);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    std::smatch m;
    return std::regex_search(r.output, m, std::regex("\\bf[0-9]+\\b")) ? m.str() : "";
  }

  static std::string keeper_metrics(const std::string& host) { return lab_test::keeper_metrics(lab_, host); }

  // The value of SERIES's last point in a `netkeel query` table ("" when it has none).
  static std::string last_value(const std::string& table, const std::string& series) {
    std::istringstream lines(table);
    std::string line, value;
    bool in_series = false;
    while (std::getline(lines, line)) {
      if (line.rfind("  ", 0) != 0) {
        in_series = line == series;
      } else if (in_series) {
        value = line.substr(line.rfind(' ') + 1);
      }
    }
    return value;
  }

  // `netkeel events` of KIND from the lab's server, until one holds TEXT (at most 10 s).
  static testing::Eventually<std::string> event_with(const std::string& kind, const std::string& text) {
    return testing::eventually(
        [&] { return run_shell(kNetkeel + " events --lab " + lab_ + " --kind " + kind + " --since 10m").output; },
        [&](const std::string& out) { return out.find(text) != std::string::npos; }, seconds(10), milliseconds(500));
  }

  static std::string lab_;
};
std::string KeepHealth::lab_;

// The agents read their keepers' /metrics (--keeper-metrics, given by `lab up`) and ship them: the
// server's store has keystone's health series from every host, labelled with the host.
TEST_F(KeepHealth, TheServerStoresEveryHostsKeystoneHealthFromTheAgentsBatches) {
  const Status before = wait_for(all_healthy, seconds(90));
  ASSERT_TRUE(all_healthy(before)) << status_text();
  const std::string query =
      kNetkeel + " query --lab " + lab_ + " 'netkeel_keeper_instance_health{service=\"keystone\"}' --since 2m";
  // Each host's series with a point: healthy, degraded and failed (0 or 1) for keystone.
  auto hosts_with_series = [](const std::string& table) {
    std::set<std::string> hosts;
    const std::regex series("netkeel_keeper_instance_health\\{health=\"healthy\",host=\"([a-z0-9]+)\",service=\"keystone\"\\}\n  [0-9T:.Z-]+  [01]");
    for (auto it = std::sregex_iterator(table.begin(), table.end(), series); it != std::sregex_iterator(); ++it)
      hosts.insert((*it)[1].str());
    return hosts;
  };
  const auto stored = testing::eventually([&] { return run_shell(query).output; },
                                          [&](const std::string& out) { return hosts_with_series(out).size() == kHosts.size(); },
                                          seconds(60), milliseconds(1000));
  EXPECT_EQ(hosts_with_series(stored.last), std::set<std::string>(kHosts.begin(), kHosts.end())) << stored.last;
  EXPECT_NE(stored.last.find("netkeel_keeper_instance_health{health=\"failed\",host=\"node1\",service=\"keystone\"}"),
            std::string::npos)
      << stored.last;
  // (Printed: docs/keep.md's query example comes from it.)
  std::printf("--- %s ---\n%s---\n", query.c_str(), run_shell(query + " --step 20s --match health=failed").output.c_str());
}

TEST_F(KeepHealth, MysqlDownOnEveryHostDegradesKeystoneEverywhereAndMovesNothing) {
  const Status before = wait_for(all_held, seconds(60));
  ASSERT_TRUE(all_held(before)) << status_text();
  const std::string keystone_holder = before.at("keystone").holder;
  const std::string id = fault("service-down mysql");
  const Status degraded = wait_for(
      [](const Status& s) {
        auto it = s.find("keystone");
        if (it == s.end() || it->second.instances.size() != kHosts.size()) return false;
        for (const auto& [host, i] : it->second.instances)
          if (i.health != "degraded" || i.reason.find("depends on mysql, which has no healthy instance") == std::string::npos)
            return false;
        return true;
      },
      seconds(15));
  ASSERT_EQ(degraded.at("keystone").instances.size(), kHosts.size()) << status_text();
  for (const auto& [host, i] : degraded.at("keystone").instances) EXPECT_EQ(i.health, "degraded") << host << ": " << i.reason;
  // keystone's VIP stays where it was (moving it would only spread mysql's outage)...
  EXPECT_TRUE(stays_on("keystone", keystone_holder, seconds(5))) << status_text();
  const Status after = status();
  EXPECT_EQ(after.at("keystone").state, "holding");
  EXPECT_EQ(after.at("mysql").holder, "");  // ...and mysql has nowhere to go
  for (const auto& [host, i] : after.at("mysql").instances) EXPECT_EQ(i.health, "failed") << host;
  // The tree shows the chain under keystone. (Printed: docs/keep.md's worked example comes from it.)
  const std::string text = status_text();
  std::printf("--- keep status, mysql down on every host ---\n%s---\n", text.c_str());
  EXPECT_NE(text.find("keystone  degraded  ["), std::string::npos) << text;
  EXPECT_NE(text.find("└─ mysql  failed  ["), std::string::npos) << text;
  // Every keeper says so on its /metrics too, with the bounded cause.
  for (const auto& host : kHosts) {
    const std::string page = keeper_metrics(host);
    EXPECT_NE(page.find("netkeel_keeper_instance_health{service=\"keystone\",health=\"degraded\"} 1"), std::string::npos)
        << host << ":\n" << page.substr(0, 2000);
    EXPECT_NE(page.find("netkeel_keeper_instance_unhealthy_cause{service=\"keystone\",cause=\"dependency\"} 1"),
              std::string::npos)
        << host;
  }
  // The keepers posted the change to the server as events.
  const auto event = event_with("health_change", "@" + keystone_holder + " degraded: depends on mysql");
  EXPECT_TRUE(event.held) << event.last;
  lab("heal " + id);
  EXPECT_TRUE(all_held(wait_for(all_held, seconds(30)))) << status_text();
}

TEST_F(KeepHealth, KeystoneDownOnItsHolderMovesOnlyKeystone) {
  const Status before = wait_for(all_held, seconds(60));
  ASSERT_TRUE(all_held(before)) << status_text();
  const std::string old_holder = before.at("keystone").holder;
  const std::string mysql_holder = before.at("mysql").holder;
  fault("service-down keystone@" + old_holder);
  // The old holder's report says "failed" within one report interval (500 ms) of its release, so the
  // move and the report are awaited together (CI once read the status in between).
  const Status moved = wait_for(
      [&](const Status& s) {
        auto it = s.find("keystone");
        if (it == s.end() || it->second.holder.empty() || it->second.holder == old_holder ||
            it->second.state != "holding")
          return false;
        auto old = it->second.instances.find(old_holder);
        return old != it->second.instances.end() && old->second.health == "failed";
      },
      seconds(10));
  ASSERT_NE(moved.at("keystone").holder, old_holder) << status_text();
  EXPECT_EQ(moved.at("keystone").instances.at(old_holder).health, "failed") << status_text();
  EXPECT_NE(moved.at("keystone").instances.at(old_holder).reason.find("its http http://127.0.0.1:5000/v3 check fails"),
            std::string::npos)
      << moved.at("keystone").instances.at(old_holder).reason;
  EXPECT_EQ(moved.at("mysql").holder, mysql_holder);  // mysql did not move
  const std::string page = keeper_metrics(old_holder);
  // The old holder counts the release with its cause.
  std::smatch released;
  ASSERT_TRUE(std::regex_search(
      page, released, std::regex("netkeel_keeper_vip_releases_by_cause_total\\{service=\"keystone\",cause=\"check\"\\} ([0-9]+)")))
      << page.substr(0, 3000);
  EXPECT_GE(std::stoi(released[1].str()), 1) << released[0].str();
  // The move is in the server's events: the release with its cause, the takeover by the new holder.
  const auto release = event_with("vip_release", "keystone: VIP released by " + old_holder + " (cause: check: http");
  EXPECT_TRUE(release.held) << release.last;
  const auto takeover = event_with("vip_takeover", "keystone: VIP taken by " + moved.at("keystone").holder);
  EXPECT_TRUE(takeover.held) << takeover.last;
}

TEST_F(KeepHealth, ALinkCheckFailsWhenItsNicLosesCarrierAndPassesWhenItReturns) {
  const Status before = wait_for(all_held, seconds(60));
  ASSERT_TRUE(all_held(before)) << status_text();
  // A host that does not hold keystone: its keeper keeps running while cut off, and nothing moves.
  std::string host;
  for (const auto& h : kHosts)
    if (h != before.at("keystone").holder && h != before.at("mysql").holder) host = h;
  if (host.empty()) host = before.at("keystone").holder == "node1" ? "node2" : "node1";
  const std::string failing = "netkeel_keeper_check_state{service=\"keystone\",check=\"link eno1\",state=\"failing\"} 1";
  const std::string passing = "netkeel_keeper_check_state{service=\"keystone\",check=\"link eno1\",state=\"passing\"} 1";
  ASSERT_TRUE(testing::eventually([&] { return keeper_metrics(host).find(passing) != std::string::npos; }, seconds(10),
                                  milliseconds(200)))
      << keeper_metrics(host);
  const std::string id = fault("link-down " + host + ":eno1");
  const auto down = testing::eventually([&] { return keeper_metrics(host); },
                                        [&](const std::string& p) { return p.find(failing) != std::string::npos; },
                                        seconds(5), milliseconds(100));
  EXPECT_TRUE(down.held) << down.last;
  lab("heal " + id);
  const auto up = testing::eventually([&] { return keeper_metrics(host); },
                                      [&](const std::string& p) { return p.find(passing) != std::string::npos; },
                                      seconds(5), milliseconds(100));
  EXPECT_TRUE(up.held) << up.last;
}

// A holder cut off from its peers on keystone's network (api) while it still reaches etcd on mgmt:
// its agent's probes there are lost, so its mesh check finds no quorum, the instance fails and the VIP
// moves, with never two hosts holding it. After heal the instance is healthy again and the VIP stays
// where it went (no failback). Before the flapping test, whose hold-downs would keep keystone off hosts.
TEST_F(KeepHealth, AHolderCutOffFromItsPeersOnTheServiceNetworkFailsItsMeshCheckAndTheVipMovesForGood) {
  const Status before = wait_for(all_healthy, seconds(60));
  ASSERT_TRUE(all_healthy(before)) << status_text();
  const std::string holder = before.at("keystone").holder;
  const std::string vip = before.at("keystone").vip;
  ASSERT_FALSE(vip.empty()) << status_text();
  std::string others;
  for (const auto& h : kHosts)
    if (h != holder) others += (others.empty() ? "" : ",") + h;
  lab_test::AddressMonitor monitor(lab_, kHosts);
  const std::string id = fault("partition " + holder + " " + others + " --network api");
  const Status moved = wait_for(
      [&](const Status& s) {
        auto it = s.find("keystone");
        return it != s.end() && !it->second.holder.empty() && it->second.holder != holder && it->second.state == "holding";
      },
      seconds(60));
  ASSERT_TRUE(moved.count("keystone") && !moved.at("keystone").holder.empty() && moved.at("keystone").holder != holder)
      << "keystone's VIP did not leave " << holder << "\n" << status_text();
  const std::string new_holder = moved.at("keystone").holder;
  // The old holder's instance failed, for the mesh: it reaches none of its two peers on api.
  const Status cut = wait_for([&](const Status& s) { return health_is(s, "keystone", holder, "failed"); }, seconds(30));
  ASSERT_TRUE(health_is(cut, "keystone", holder, "failed")) << status_text();
  const Instance& failed = cut.at("keystone").instances.at(holder);
  EXPECT_NE(failed.reason.find("its mesh api check fails: no quorum: 1 of 3 hosts on api"), std::string::npos)
      << failed.reason;
  EXPECT_EQ(cut.at("keystone").holder, new_holder);
  std::printf("--- keep status, %s cut off on api ---\n%s---\n", holder.c_str(), status_text().c_str());
  // The server's store has it too: the holder's agent ships its keeper's metrics. (Printed: docs/keep.md's
  // query example comes from it.)
  const std::string query = kNetkeel + " query --lab " + lab_ +
                            " 'netkeel_keeper_instance_health{service=\"keystone\",health=\"failed\"}' --since 30s --step 10s --agg max";
  const std::string series = "netkeel_keeper_instance_health{health=\"failed\",host=\"" + holder + "\",service=\"keystone\"}";
  const auto stored = testing::eventually([&] { return run_shell(query).output; },
                                          [&](const std::string& out) { return last_value(out, series) == "1"; },
                                          seconds(30), milliseconds(1000));
  EXPECT_TRUE(stored.held) << stored.last;
  std::printf("--- %s ---\n%s---\n", query.c_str(), stored.last.c_str());
  EXPECT_EQ(cut.at("mysql").holder, before.at("mysql").holder) << "mysql has no mesh check: it stays";
  lab("heal " + id);
  // Healthy again once its agent's probes answer (the agent's report interval, then the check's rise).
  const Status healed = wait_for([&](const Status& s) { return health_is(s, "keystone", holder, "healthy"); }, seconds(60));
  EXPECT_TRUE(health_is(healed, "keystone", holder, "healthy")) << status_text();
  // ...and the VIP does not fail back: for 10 s it stays on the new holder.
  EXPECT_TRUE(stays_on("keystone", new_holder, seconds(10))) << status_text();
  monitor.stop();
  // The kernel's own address events, in every host, from before the fault to now: the VIP left the old
  // holder once, came to the new one once, and was never on two hosts at once.
  std::set<std::string> holders = {holder};
  int added = 0;
  std::string seen;
  for (const auto& e : monitor.events()) {
    if (e.vip != vip) continue;
    seen += std::to_string(e.t) + (e.added ? " + " : " - ") + e.host + "; ";
    if (e.added) {
      holders.insert(e.host);
      ++added;
      EXPECT_LE(holders.size(), 1u) << vip << " on two hosts at " << e.t;
    } else {
      holders.erase(e.host);
    }
  }
  EXPECT_EQ(added, 1) << seen;
  EXPECT_EQ(holders, std::set<std::string>{new_holder}) << seen;
}

// Last: its hold-downs last about 30 s, longer than the other tests would wait.
TEST_F(KeepHealth, AFlappingKeystoneIsHeldDownInsteadOfPullingItsVipBackAndForth) {
  const Status before = wait_for(all_held, seconds(60));
  ASSERT_TRUE(all_held(before)) << status_text();
  // keystone dies and comes back every 2 s, on its holder and on a second host in turn; the third host's
  // keystone stays up. Without a hold-down the VIP would follow whichever flapping instance is up.
  const std::string a = before.at("keystone").holder;
  std::string b, c;
  for (const auto& h : kHosts)
    if (h != a) (b.empty() ? b : c) = h;
  // The holder seen after each half cycle; the hold-down must have caught both by the third cycle
  // (three failures each), so from the fourth on the VIP must rest on c.
  std::vector<std::pair<int, std::string>> holders;
  auto note_holder = [&](int cycle) {
    const auto s = status();
    auto it = s.find("keystone");
    holders.emplace_back(cycle, it == s.end() ? "" : it->second.holder);
  };
  std::string down_a = fault("service-down keystone@" + a), down_b;
  for (int cycle = 1; cycle <= 6; ++cycle) {
    // The fault schedule: each instance down for about 2 s, then up for about 2 s.
    std::this_thread::sleep_for(seconds(2));
    note_holder(cycle);
    lab("heal " + down_a);
    down_b = fault("service-down keystone@" + b);
    std::this_thread::sleep_for(seconds(2));
    note_holder(cycle);
    lab("heal " + down_b);
    down_a = fault("service-down keystone@" + a);
  }
  lab("heal " + down_a);
  // Both flapping instances are held down (failed, with the reason), so the VIP rests on the steady one.
  const Status held = wait_for(
      [&](const Status& s) {
        auto it = s.find("keystone");
        if (it == s.end() || it->second.holder != c || !it->second.instances.count(a) || !it->second.instances.count(b))
          return false;
        return it->second.instances.at(a).reason.find("held down") != std::string::npos &&
               it->second.instances.at(b).reason.find("held down") != std::string::npos;
      },
      seconds(10));
  ASSERT_EQ(held.at("keystone").holder, c) << status_text();
  EXPECT_EQ(held.at("keystone").instances.at(a).health, "failed");
  EXPECT_NE(held.at("keystone").instances.at(a).reason.find("held down: flapping"), std::string::npos)
      << held.at("keystone").instances.at(a).reason;
  EXPECT_NE(held.at("keystone").instances.at(b).reason.find("held down: flapping"), std::string::npos)
      << held.at("keystone").instances.at(b).reason;
  // Both services answer again, yet the VIP stays on c while they are held down.
  EXPECT_TRUE(stays_on("keystone", c, seconds(5))) << status_text();
  std::string seen;
  for (const auto& [cycle, holder] : holders) seen += std::to_string(cycle) + ":" + (holder.empty() ? "-" : holder) + " ";
  for (const auto& [cycle, holder] : holders) {
    if (cycle < 4) continue;
    EXPECT_EQ(holder, c) << "cycle " << cycle << "; holders while flapping: " << seen;
  }
}

}  // namespace
}  // namespace netkeel
