// `netkeel diagnose` in a real lab (lab dg9: tests/lab/sites/alerts-two-racks.yaml, example 6 without
// VIPs: node1-3 on sw1, node4-5 bonded to sw2, sw2 uplinked to sw1), as root. Faults are injected with
// `netkeel lab fault`; each time the test polls `netkeel diagnose --format json` until the right culprit
// comes first with a confidence that is not luck, within a deadline: 90 s for 20% loss on a host NIC (the
// agents report every 10 s and the window must hold enough lost probes), then the sustained-loss alert
// names it too within 75 s, while `diagnose host node2` names the NIC in its verdict and `diagnose pair
// node1 node2` marks that NIC as the suspect hop of their path; 60 s for a switch down. Between faults the lab heals and the
// next fault is judged over a window that starts after the heal (--since).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/lab_test_support.hpp"

namespace netkeel {
namespace {

using lab_test::Result;
using lab_test::run_shell;
using Clock = std::chrono::steady_clock;

struct Seen {
  bool read = false;
  nlohmann::json culprits = nlohmann::json::array();
  std::string text;  // the raw answer, for failure messages
};

class DiagnoseLab : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (::geteuid() != 0) return;
    run_shell(lab_test::kNetkeel + " lab down --name " + kLab);  // a killed run may have left it
    const Result up =
        netkeel("lab up " + std::string(NETKEEL_SOURCE_DIR) + "/tests/lab/sites/alerts-two-racks.yaml --name " + kLab);
    up_ok_ = up.exit_code == 0;
    up_output_ = up.output;
  }
  static void TearDownTestSuite() {
    if (::geteuid() == 0) netkeel("lab down --name " + kLab);
  }
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root (the lab builds namespaces)";
    ASSERT_TRUE(up_ok_) << up_output_;
  }
  void TearDown() override { netkeel("lab heal --all --name " + kLab); }

  static Result netkeel(const std::string& arguments) { return run_shell(lab_test::kNetkeel + " " + arguments); }

  static Seen diagnose(const std::string& since) {
    Seen seen;
    const Result r = netkeel("diagnose --lab " + kLab + " --since " + since + " --format json");
    seen.text = r.output;
    if (r.exit_code != 0) return seen;
    const auto json = nlohmann::json::parse(r.output, nullptr, false);
    if (json.is_discarded() || !json.contains("culprits")) return seen;
    seen.read = true;
    seen.culprits = json["culprits"];
    return seen;
  }

  // Polls diagnose until its first culprit is `name` of `kind` with at least `confidence` (a first place
  // on the first few lost probes is luck, not localization); prints how long it took.
  static void expect_first(const std::string& kind, const std::string& name, double confidence,
                           const std::string& since, std::chrono::seconds within, Clock::time_point injected) {
    const auto seen = testing::eventually(
        [&] { return diagnose(since); },
        [&](const Seen& s) {
          return s.read && !s.culprits.empty() && s.culprits[0].value("kind", "") == kind &&
                 s.culprits[0].value("name", "") == name && s.culprits[0].value("confidence", 0.0) >= confidence;
        },
        within, std::chrono::milliseconds(1000));
    const double took = std::chrono::duration<double>(Clock::now() - injected).count();
    std::printf("[ diagnose ] %s %s first: %s after %.1f s\n", kind.c_str(), name.c_str(), seen.held ? "yes" : "NO",
                took);
    EXPECT_TRUE(seen.held) << kind << " " << name << " first within " << within.count() << " s; last answer:\n"
                           << seen.last.text;
  }

  static Clock::time_point inject(const std::string& fault) {
    const Result r = netkeel("lab fault " + fault + " --name " + kLab);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return Clock::now();
  }

  static inline const std::string kLab = "dg9";
  static inline bool up_ok_ = false;
  static inline std::string up_output_;
};

TEST_F(DiagnoseLab, A_ASettledLabHasNoCulprit) {
  // The agents start probing within seconds of `lab up`: first every pair of the five hosts reports on mgmt,
  // then the last 30 s are clean.
  const auto reporting = testing::eventually(
      [] { return netkeel("matrix --lab " + kLab + " --network mgmt --window 30s --format json"); },
      [](const Result& r) {
        const auto json = nlohmann::json::parse(r.output, nullptr, false);
        if (r.exit_code != 0 || json.is_discarded() || !json.contains("pairs")) return false;
        int probed = 0;
        for (const auto& pair : json["pairs"]) probed += pair.value("sent", 0.0) > 0 ? 1 : 0;
        return probed >= 20;
      },
      std::chrono::seconds(120), std::chrono::milliseconds(2000));
  ASSERT_TRUE(reporting.held) << "the mesh did not report every pair:\n" << reporting.last.output;
  const auto seen = testing::eventually([] { return diagnose("30s"); },
                                        [](const Seen& s) { return s.read && s.culprits.empty(); },
                                        std::chrono::seconds(120), std::chrono::milliseconds(2000));
  EXPECT_TRUE(seen.held) << "culprits in a clean lab:\n" << seen.last.text;
}

TEST_F(DiagnoseLab, B_LossOnAHostNicNamesThatNic) {
  const auto at = inject("loss node2:eno1 --percent 20");
  // A NIC, its cable, its port and its host share the group's confidence; the NIC's share is about 0.35.
  expect_first("nic", "node2:eno1", 0.25, "60s", std::chrono::seconds(90), at);
  const Result table = netkeel("diagnose --lab " + kLab + " --since 60s");
  std::printf("%s", table.output.c_str());  // what a user sees, for docs/diagnose.md
  EXPECT_EQ(table.exit_code, 0);
  // The faulty NIC's host: its verdict names the NIC (or the NIC's cable: the same group).
  const auto host = testing::eventually(
      [] { return netkeel("diagnose host node2 --lab " + kLab + " --since 60s --format json"); },
      [](const Result& r) {
        const auto json = nlohmann::json::parse(r.output, nullptr, false);
        return r.exit_code == 0 && !json.is_discarded() && json.value("fault", false) &&
               json.value("verdict", "").find("node2:eno1") != std::string::npos;
      },
      std::chrono::seconds(30), std::chrono::milliseconds(2000));
  EXPECT_TRUE(host.held) << "diagnose host node2 does not name node2:eno1:\n" << host.last.output;
  std::printf("%s", netkeel("diagnose host node2 --lab " + kLab + " --since 60s").output.c_str());
  std::printf("%s", netkeel("diagnose host node1 --lab " + kLab + " --since 60s").output.c_str());
  // The pair's path shows the faulty hop: node2's NIC is marked suspect on every way between them.
  const Result pair = netkeel("diagnose pair node1 node2 --lab " + kLab + " --since 60s --format json");
  ASSERT_EQ(pair.exit_code, 0) << pair.output;
  const auto pair_json = nlohmann::json::parse(pair.output, nullptr, false);
  ASSERT_FALSE(pair_json.is_discarded()) << pair.output;
  bool suspect_marked = false;
  for (const auto& network : pair_json["networks"]) {
    for (const auto& flow : network["flows"]) {
      for (const auto& hop : flow["hops"]) {
        suspect_marked |= hop.value("name", "") == "node2:eno1" && hop.value("suspect", 0.0) >= 0.1;
      }
    }
  }
  EXPECT_TRUE(suspect_marked) << pair.output;
  EXPECT_NE(pair_json.value("verdict", "").find("node2:eno1"), std::string::npos) << pair.output;
  std::printf("%s", netkeel("diagnose pair node1 node2 --lab " + kLab + " --since 60s").output.c_str());
  // No VM runs in the lab, and the agents say so: the answer is 404 naming the parameter.
  const Result vm = netkeel("diagnose vm web-1 --lab " + kLab);
  EXPECT_NE(vm.exit_code, 0);
  EXPECT_NE(vm.output.find("parameter domain=web-1"), std::string::npos) << vm.output;
  std::printf("%s", vm.output.c_str());
  // The sustained-loss alerts (30 s of loss) carry that culprit with its confidence.
  const auto alerted = testing::eventually(
      [] { return netkeel("alerts --lab " + kLab + " --format json"); },
      [](const Result& r) {
        const auto json = nlohmann::json::parse(r.output, nullptr, false);
        if (r.exit_code != 0 || json.is_discarded() || !json.contains("alerts")) return false;
        for (const auto& alert : json["alerts"]) {
          if (alert.value("name", "") == "NetkeelSustainedLoss" && alert["culprit"].value("name", "") == "node2:eno1" &&
              alert["culprit"].contains("confidence")) {
            std::printf("%s\n", alert.dump(2).c_str());
            return true;
          }
        }
        return false;
      },
      std::chrono::seconds(75), std::chrono::milliseconds(2000));
  EXPECT_TRUE(alerted.held) << "no NetkeelSustainedLoss naming node2:eno1 with a confidence:\n" << alerted.last.output;
}

TEST_F(DiagnoseLab, C_ASwitchDownNamesTheSwitch) {
  // A window that starts after the heal of the loss above.
  ASSERT_EQ(netkeel("lab heal --all --name " + kLab).exit_code, 0);
  // The loss fault's lossy intervals leave the 30 s window: diagnose is clean again.
  const auto clean = testing::eventually([] { return diagnose("30s"); },
                                         [](const Seen& s) { return s.read && s.culprits.empty(); },
                                         std::chrono::seconds(90), std::chrono::milliseconds(2000));
  ASSERT_TRUE(clean.held) << "culprits after heal:\n" << clean.last.text;
  const auto at = inject("switch-down sw2");
  // sw2 and its uplink are one group while node4/node5 are cut off; the switch's share is about 0.55.
  expect_first("switch", "sw2", 0.4, "30s", std::chrono::seconds(60), at);
  const Result table = netkeel("diagnose --lab " + kLab + " --since 30s");
  std::printf("%s", table.output.c_str());
  EXPECT_EQ(table.exit_code, 0);
}

}  // namespace
}  // namespace netkeel
