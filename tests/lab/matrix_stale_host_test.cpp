// A host-down fault in a lab: `lab status` says the host is down and its processes frozen, and once the
// frozen agent's reports are older than 30 s, `netkeel matrix` marks that host stale (in the heatmap
// and in the JSON) instead of showing its row as "no probes". A service-down fault of one agent: once its
// reports are stale, the matrix says its agent is down and counts no loss towards it (its UDP probes,
// which only its agent answers, are left out), while --kind udp still shows them lost.
#include <unistd.h>

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/lab_test_support.hpp"

namespace netkeel {
namespace {

using lab_test::Result;
using lab_test::run_shell;
using ::testing::HasSubstr;

class MatrixStaleHost : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root (the lab builds namespaces)";
    lab_ = "stale" + std::to_string(::getpid() % 100000);
    const Result up = netkeel("lab up " + lab_test::kExamples + "4-one-lacp-switch.yaml --name " + lab_);
    ASSERT_EQ(up.exit_code, 0) << up.output;
  }
  void TearDown() override {
    if (!lab_.empty()) netkeel("lab down --name " + lab_);
  }
  static Result netkeel(const std::string& arguments) { return run_shell(lab_test::kNetkeel + " " + arguments); }
  std::string lab_;
};

TEST_F(MatrixStaleHost, AFrozenHostIsShownStaleNotAsNoProbes) {
  // srv2 must have reported once: a host that never did is not stale (it may be no agent at all).
  ASSERT_TRUE(lab_test::eventually([&] {
    const Result m = netkeel("matrix --network mgmt --lab " + lab_ + " --format json");
    if (m.exit_code != 0) return false;
    const auto json = nlohmann::json::parse(m.output.substr(m.output.find('{')), nullptr, false);
    if (json.is_discarded()) return false;
    for (const auto& host : json["hosts"]) {
      if (host["host"] == "srv2" && !host["last_report_ms"].is_null()) return true;
    }
    return false;
  }, 60));
  ASSERT_EQ(netkeel("lab fault host-down srv2 --name " + lab_).exit_code, 0);
  const std::string status = netkeel("lab status --name " + lab_).output;
  EXPECT_THAT(status, ::testing::ContainsRegex("srv2 +DOWN "));
  EXPECT_THAT(status, ::testing::ContainsRegex("agent@srv2 +pid [0-9]+ +FROZEN"));

  std::string heatmap;
  ASSERT_TRUE(lab_test::eventually([&] {
    heatmap = netkeel("matrix --network mgmt --color never --lab " + lab_).output;
    return heatmap.find("stale: srv2 (last report ") != std::string::npos;
  }, 90)) << heatmap;
  EXPECT_THAT(heatmap, ::testing::ContainsRegex("[0-9]!srv2 "));
  EXPECT_THAT(heatmap, ::testing::Not(HasSubstr("stale: srv1")));
}

TEST_F(MatrixStaleHost, ACrashedAgentIsShownDownNotAsNetworkLoss) {
  const auto matrix_json = [&](const std::string& flags) {
    const Result m = netkeel("matrix --network mgmt --lab " + lab_ + " --format json " + flags);
    if (m.exit_code != 0 || m.output.find('{') == std::string::npos) return nlohmann::json();
    const auto json = nlohmann::json::parse(m.output.substr(m.output.find('{')), nullptr, false);
    return json.is_discarded() ? nlohmann::json() : json;
  };
  const auto pair_of = [](const nlohmann::json& json, const std::string& src, const std::string& dst) {
    for (const auto& pair : json["pairs"]) {
      if (pair["src"] == src && pair["dst"] == dst) return pair;
    }
    return nlohmann::json();
  };
  const auto host_of = [](const nlohmann::json& json, const std::string& name) {
    for (const auto& host : json["hosts"]) {
      if (host["host"] == name) return host;
    }
    return nlohmann::json();
  };
  // srv1 probes srv2 with ICMP and UDP, and srv2 has reported.
  ASSERT_TRUE(lab_test::eventually([&] {
    const auto json = matrix_json("");
    if (json.is_null()) return false;
    const auto pair = pair_of(json, "srv1", "srv2");
    const auto srv2 = host_of(json, "srv2");
    return !pair.is_null() && pair["kinds"].contains("icmp") && pair["kinds"].contains("udp") &&
           pair["kinds"]["udp"]["sent"].get<double>() > 0 && !srv2.is_null() && !srv2["last_report_ms"].is_null();
  }, 60));
  const Result fault = netkeel("lab fault service-down agent@srv2 --name " + lab_);
  ASSERT_EQ(fault.exit_code, 0) << fault.output;

  // Stale after 30 s without a report (the agent reports every 10 s): within 60 s the matrix says so.
  // (The window is 60 s: the udp loss is still in it when the agent-down rule first holds.)
  nlohmann::json json;
  ASSERT_TRUE(lab_test::eventually([&] {
    json = matrix_json("");
    return !json.is_null() && host_of(json, "srv2")["agent_down"] == true;
  }, 60)) << json.dump(2);
  const auto pair = pair_of(json, "srv1", "srv2");
  EXPECT_EQ(pair["responder_down"], true) << pair.dump();
  // The dead responder's share is not network loss: the pair counts its kernel-answered kinds only.
  const auto kernel_answered = [&](const char* what) {
    double sum = 0;
    for (const char* kind : {"icmp", "pmtu"}) {
      if (pair["kinds"].contains(kind)) sum += pair["kinds"][kind][what].get<double>();
    }
    return sum;
  };
  EXPECT_GT(pair["kinds"]["udp"]["lost"].get<double>(), 0) << pair.dump();
  EXPECT_DOUBLE_EQ(pair["lost"].get<double>(), kernel_answered("lost")) << pair.dump();
  EXPECT_DOUBLE_EQ(pair["sent"].get<double>(), kernel_answered("sent")) << pair.dump();
  EXPECT_EQ(host_of(json, "srv1")["agent_down"], false);
  EXPECT_EQ(pair_of(json, "srv2", "srv1")["responder_down"], false);

  const auto udp = matrix_json("--kind udp");
  EXPECT_EQ(udp["kind"], "udp");
  EXPECT_GT(pair_of(udp, "srv1", "srv2")["loss"].get<double>(), 0) << udp.dump(2);
  const auto icmp = matrix_json("--kind icmp");
  const auto icmp_pair = pair_of(icmp, "srv1", "srv2");
  EXPECT_EQ(icmp["kind"], "icmp");
  EXPECT_DOUBLE_EQ(icmp_pair["lost"].get<double>(), icmp_pair["kinds"]["icmp"]["lost"].get<double>()) << icmp.dump(2);
  EXPECT_LT(icmp_pair["loss"].get<double>(), 0.5) << icmp.dump(2);  // the host answers ICMP

  const std::string heatmap = netkeel("matrix --network mgmt --color never --lab " + lab_).output;
  EXPECT_THAT(heatmap, HasSubstr("agent down: srv2 (the host answers ICMP")) << heatmap;
}

}  // namespace
}  // namespace netkeel
