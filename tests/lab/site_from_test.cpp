// The site file, served, in a lab (docs/server.md, "The site file, served"): the lab's agents take their
// site from the lab's server (--site-from). A host added to the server's --site file appears in every
// agent's targets within one reload interval of the server accepting it; an invalid edit is refused by the
// server (its FILE:LINE:COL messages in the log, the refusal in /metrics and `netkeel site history`) and
// changes nothing on the agents. With Keep (lab sl9): a running keeper takes a new served version live,
// holding a service added to the file within a bound while the VIP it already held stays put.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/lab_test_support.hpp"
#include "support/temporary_directory.hpp"

namespace netkeel {
namespace {

using lab_test::Result;
using lab_test::run_shell;
using ::testing::HasSubstr;

constexpr const char* kLab = "st1";
constexpr const char* kKeepLab = "sl9";
// The agents' default --site-reload-interval, in seconds.
constexpr int kReloadIntervalS = 5;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class SiteFromLab : public ::testing::Test {
 protected:
  void SetUp() override { up(kLab, "--no-keep"); }
  void up(const char* lab, const std::string& flags) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root (the lab builds namespaces)";
    lab_ = lab;
    site_ = dir_.file("site.yaml");
    original_ = read_file(lab_test::kExamples + "4-one-lacp-switch.yaml");
    write_site(original_);
    guard_ = std::make_unique<lab_test::LabGuard>(lab_);
    const Result up = netkeel("lab up " + site_ + " --name " + lab_ + " " + flags);
    ASSERT_EQ(up.exit_code, 0) << up.output;
  }
  void TearDown() override {
    guard_.reset();
    if (::geteuid() == 0 && !lab_.empty()) {
      EXPECT_THAT(lab_test::leftovers(lab_), ::testing::IsEmpty());
    }
  }

  static Result netkeel(const std::string& arguments) { return run_shell(lab_test::kNetkeel + " " + arguments); }
  void write_site(const std::string& text) {
    std::ofstream(site_, std::ios::trunc) << text;
  }
  std::string log_of(const std::string& service) const {
    return read_file(lab_test::kLabRoot + lab_ + "/logs/" + service + ".log");
  }
  // An agent's /metrics, from inside its host (it listens on the host's mgmt address).
  static std::string agent_metrics(const std::string& host, const std::string& mgmt_address) {
    return netkeel("lab exec --name " + std::string(kLab) + " " + host + " -- curl -s --max-time 2 http://" +
                   mgmt_address + ":9947/metrics").output;
  }
  static std::string server_metrics() {
    const std::string dir = lab_test::kLabRoot + kLab + "/";
    std::string url = read_file(dir + "server-url");
    url = url.substr(0, url.find('\n'));
    return run_shell("curl -s --max-time 2 -H \"Authorization: Bearer $(head -n1 " + dir + "token)\" " + url + "/metrics").output;
  }
  // The example with a third host, srv3, on the same switch.
  std::string with_srv3() const {
    std::string text = original_;
    text.insert(text.find("services:"),
                "  - name: srv3\n    id: 3\n    rack: r1\n    nics:\n"
                "      - {name: enp1s0f0, mac: \"00:1b:21:aa:00:30\", switch: sw1, port: \"Gi1/0/5\"}\n"
                "      - {name: enp1s0f1, mac: \"00:1b:21:aa:00:31\", switch: sw1, port: \"Gi1/0/6\"}\n");
    return text;
  }

  netkeel::testing::TemporaryDirectory dir_{"netkeel-site-from"};
  std::string lab_;
  std::string site_;
  std::string original_;
  std::unique_ptr<lab_test::LabGuard> guard_;
};

TEST_F(SiteFromLab, AgentsFollowAServedChangeAndAnInvalidOneChangesNothing) {
  const std::string followed = "targets follow the new plan";
  // Both agents run from the served site (version 1).
  // "[n]etkeel": the shell that runs pgrep has the pattern in its own command line, which must not match.
  const std::string agents =
      run_shell("pgrep -a -f -- '[n]etkeel agent .*--site-from .*" + lab_test::kLabRoot + kLab + "/'").output;
  EXPECT_EQ(count_of(agents, "--site-from"), 2u) << agents;
  EXPECT_THAT(agents, ::testing::Not(HasSubstr(" --site /"))) << agents;
  ASSERT_TRUE(lab_test::eventually([] { return agent_metrics("srv1", "172.16.10.1").find("dst=\"srv2\"") != std::string::npos; }, 30))
      << agent_metrics("srv1", "172.16.10.1");
  EXPECT_THAT(netkeel("site history --lab " + std::string(kLab)).output, ::testing::ContainsRegex("\n1 +accepted "));

  // A new host: the server takes it within its one-second check, the agents within one reload interval.
  write_site(with_srv3());
  ASSERT_TRUE(lab_test::eventually([&] { return log_of("server").find("serving site version 2") != std::string::npos; }, 5))
      << log_of("server");
  const auto accepted = std::chrono::steady_clock::now();
  // One reload interval, plus the agent loop's one-second look at a parked text and a second of slack
  // for logs and this poll.
  ASSERT_TRUE(lab_test::eventually(
      [&] { return count_of(log_of("agent@srv1"), followed) == 1 && count_of(log_of("agent@srv2"), followed) == 1; },
      kReloadIntervalS + 2))
      << log_of("agent@srv1") << log_of("agent@srv2");
  const auto took_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - accepted);
  std::printf("agents followed the served site %lld ms after the server accepted it\n",
              static_cast<long long>(took_ms.count()));
  // srv3 is probed (it has no namespace in this lab: its probes are lost, but it is a target).
  ASSERT_TRUE(lab_test::eventually([] { return agent_metrics("srv2", "172.16.10.2").find("dst=\"srv3\"") != std::string::npos; }, 25));
  const Result diff = netkeel("site diff --lab " + std::string(kLab));
  EXPECT_EQ(diff.exit_code, 0) << diff.output;
  EXPECT_THAT(diff.output, HasSubstr("+  - name: srv3"));
  EXPECT_THAT(diff.output, HasSubstr("--- version 1 ("));

  // An invalid edit (srv3 takes srv2's id) is refused and changes nothing.
  std::string broken = with_srv3();
  broken.replace(broken.find("id: 3"), 5, "id: 2");
  write_site(broken);
  ASSERT_TRUE(lab_test::eventually([&] { return log_of("server").find("refused the site file") != std::string::npos; }, 5))
      << log_of("server");
  EXPECT_THAT(log_of("server"), ::testing::ContainsRegex("site\\.yaml:[0-9]+:[0-9]+: error"));
  EXPECT_THAT(server_metrics(), HasSubstr("netkeel_server_site_reloads_total{result=\"refused\"} 1"));
  EXPECT_THAT(server_metrics(), HasSubstr("netkeel_server_site_version 2"));
  const Result history = netkeel("site history --lab " + std::string(kLab));
  EXPECT_THAT(history.output, ::testing::ContainsRegex("\n- +refused "));
  // For two reload intervals the agents keep version 2: a change would show within one.
  const bool changed = lab_test::eventually(
      [&] { return count_of(log_of("agent@srv1"), followed) != 1 || count_of(log_of("agent@srv2"), followed) != 1; },
      2 * kReloadIntervalS);
  EXPECT_FALSE(changed) << log_of("agent@srv1") << log_of("agent@srv2");
  EXPECT_THAT(log_of("agent@srv1"), ::testing::Not(HasSubstr("not usable")));
  EXPECT_THAT(agent_metrics("srv1", "172.16.10.1"), HasSubstr("dst=\"srv3\""));
  // Each agent keeps the last good site on disk.
  EXPECT_EQ(read_file(lab_test::kLabRoot + kLab + "/site-cache/srv1.yaml"), with_srv3());
}

// The same lab with Keep: etcd, a stand-in for api-gw and a keeper on each host, the keepers on
// --site-from like the agents.
class SiteFromKeepLab : public SiteFromLab {
 protected:
  void SetUp() override { up(kKeepLab, ""); }
  static std::string keeper_metrics(const std::string& host, const std::string& mgmt_address) {
    return netkeel("lab exec --name " + std::string(kKeepLab) + " " + host + " -- curl -s --max-time 2 http://" +
                   mgmt_address + ":9949/metrics").output;
  }
  static std::string keeper_log(const std::string& host) {
    return read_file(lab_test::kLabRoot + kKeepLab + "/logs/keeper@" + host + ".log");
  }
  // The host whose keeper holds SERVICE's VIP now ("" when none).
  static std::string holder_of(const std::string& service) {
    const std::string held = "netkeel_keeper_vip_held{service=\"" + service + "\"} 1";
    if (keeper_metrics("srv1", "172.16.10.1").find(held) != std::string::npos) return "srv1";
    if (keeper_metrics("srv2", "172.16.10.2").find(held) != std::string::npos) return "srv2";
    return "";
  }
  static std::string line_of(const std::string& text, const std::string& start) {
    const auto at = text.find(start);
    return at == std::string::npos ? "" : text.substr(at, text.find('\n', at) - at);
  }
};

TEST_F(SiteFromKeepLab, AKeeperHoldsANewServedServiceWithoutRestart) {
  const std::string keepers =
      run_shell("pgrep -a -f -- '[n]etkeel keeper .*--site-from .*" + lab_test::kLabRoot + kKeepLab + "/'").output;
  ASSERT_EQ(count_of(keepers, "--site-from"), 2u) << keepers;
  const std::string keeper_pids = run_shell("pgrep -f -- '[n]etkeel keeper .*" + lab_test::kLabRoot + kKeepLab + "/'").output;
  std::string api_holder;
  ASSERT_TRUE(lab_test::eventually([&] { return !(api_holder = holder_of("api-gw")).empty(); }, 30))
      << keeper_log("srv1") << keeper_log("srv2");
  const std::string holder_address = api_holder == "srv1" ? "172.16.10.1" : "172.16.10.2";
  const std::string takeovers = line_of(keeper_metrics(api_holder, holder_address),
                                        "netkeel_keeper_takeovers_total{service=\"api-gw\"}");
  ASSERT_FALSE(takeovers.empty());

  // A new service with no check (no stand-in listens for it): whichever keeper it prefers holds its VIP.
  std::string with_extra = original_ + "  - {name: extra, network: api}\n";
  write_site(with_extra);
  ASSERT_TRUE(lab_test::eventually([&] { return log_of("server").find("serving site version 2") != std::string::npos; }, 5))
      << log_of("server");
  const auto accepted = std::chrono::steady_clock::now();
  // One reload interval (5 s), the keeper loop's half second, the claim (a standby waits 0.6 s plus its
  // rank offset for a key nobody wrote) and slack for a busy machine.
  ASSERT_TRUE(lab_test::eventually([] { return !holder_of("extra").empty(); }, kReloadIntervalS + 10))
      << keeper_log("srv1") << keeper_log("srv2");
  const auto took_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - accepted);
  std::printf("a keeper held the new service's VIP %lld ms after the server accepted it\n",
              static_cast<long long>(took_ms.count()));
  EXPECT_THAT(keeper_log("srv1") + keeper_log("srv2"), HasSubstr("took the site version 2"));
  // Both keepers run on version 2, neither restarted, and api-gw never left its holder.
  ASSERT_TRUE(lab_test::eventually(
      [] {
        return keeper_metrics("srv1", "172.16.10.1").find("netkeel_keeper_site_version{") != std::string::npos &&
               line_of(keeper_metrics("srv1", "172.16.10.1"), "netkeel_keeper_site_version{").ends_with(" 2") &&
               line_of(keeper_metrics("srv2", "172.16.10.2"), "netkeel_keeper_site_version{").ends_with(" 2");
      },
      kReloadIntervalS + 5))
      << keeper_metrics("srv1", "172.16.10.1") << keeper_metrics("srv2", "172.16.10.2");
  EXPECT_THAT(keeper_metrics(api_holder, holder_address),
              HasSubstr("netkeel_keeper_site_reloads_total{result=\"applied\"} 1"));
  EXPECT_EQ(run_shell("pgrep -f -- '[n]etkeel keeper .*" + lab_test::kLabRoot + kKeepLab + "/'").output, keeper_pids);
  EXPECT_EQ(holder_of("api-gw"), api_holder);
  EXPECT_EQ(line_of(keeper_metrics(api_holder, holder_address), "netkeel_keeper_takeovers_total{service=\"api-gw\"}"),
            takeovers);
  // The keepers cache what they run.
  EXPECT_EQ(read_file(lab_test::kLabRoot + kKeepLab + "/site-cache/keeper-srv1.yaml"), with_extra);

  // The service removed again: its holder releases it (no keeper holds it), api-gw still stays, and each
  // keeper's reloads are events on the server.
  write_site(original_);
  ASSERT_TRUE(lab_test::eventually([&] { return log_of("server").find("serving site version 3") != std::string::npos; }, 5));
  ASSERT_TRUE(lab_test::eventually(
      [] {
        return keeper_log("srv1").find("releasing extra") != std::string::npos &&
               keeper_log("srv2").find("releasing extra") != std::string::npos;
      },
      kReloadIntervalS + 5))
      << keeper_log("srv1") << keeper_log("srv2");
  EXPECT_EQ(holder_of("extra"), "");
  EXPECT_EQ(holder_of("api-gw"), api_holder);
  // Events are posted every 500 ms.
  std::string events;
  EXPECT_TRUE(lab_test::eventually(
      [&] {
        events = netkeel("events --lab " + std::string(kKeepLab)).output;
        return events.find("applied on srv1: releasing extra") != std::string::npos &&
               events.find("applied on srv2: releasing extra") != std::string::npos;
      },
      5))
      << events;
  EXPECT_THAT(events, ::testing::ContainsRegex("keeper_site_reload +site version 2 \\(sha256 [0-9a-f]{12}\\) applied on srv1: keeping extra"));
}

}  // namespace
}  // namespace netkeel
