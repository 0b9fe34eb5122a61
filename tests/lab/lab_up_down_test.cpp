// `netkeel lab up/down` on the real kernel, as root. Each test uses its own lab name and always runs
// `lab down` when it ends (also on failure). Everything lives in namespaces the lab creates.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "netkeel/plan/planner.hpp"
#include "netkeel/site/site_validator.hpp"
#include "support/lab_test_support.hpp"

namespace netkeel {
namespace {

using namespace lab_test;  // NOLINT: the shared lab test vocabulary

TEST(LabUpDown, EveryHostReachesEveryOtherOnEveryNetworkFromItsOwnAddress) {
  const std::string lab = unique_lab("ping");
  LabGuard guard(lab);
  auto up = run_shell(kNetkeel + " lab up " + kExamples + "1-one-rack-one-vlan.yaml --name " + lab);
  ASSERT_EQ(up.exit_code, 0) << up.output;
  // 3 hosts x 2 peers x 4 networks
  EXPECT_EQ(expect_every_pair_reaches(lab, plan_of("1-one-rack-one-vlan.yaml")), 3 * 2 * 4);
  auto status = run_shell(kNetkeel + " lab status --name " + lab);
  EXPECT_EQ(status.exit_code, 0) << status.output;
  EXPECT_THAT(status.output, ::testing::HasSubstr("backend kernel applied"));
  EXPECT_THAT(status.output, ::testing::Not(::testing::HasSubstr("DOWN")));
}

TEST(LabUpDown, DownLeavesNoNamespaceLinkProcessOrDirectory) {
  const std::string lab = unique_lab("down");
  LabGuard guard(lab);
  auto up = run_shell(kNetkeel + " lab up " + kExamples + "2-production-mlag.yaml --no-apply --name " + lab);
  ASSERT_EQ(up.exit_code, 0) << up.output;
  EXPECT_EQ(leftovers(lab).size(), 6u + 4u + 1u);  // 4 hosts + 2 switch namespaces, 2 x 2 OVS daemons, dir
  auto list = run_shell(kNetkeel + " lab list");
  EXPECT_THAT(list.output, ::testing::HasSubstr(lab));
  auto down = run_shell(kNetkeel + " lab down --name " + lab);
  EXPECT_EQ(down.exit_code, 0) << down.output;
  EXPECT_THAT(leftovers(lab), ::testing::IsEmpty());
  // A second down says there is no such lab (exit 2) and changes nothing.
  EXPECT_EQ(run_shell(kNetkeel + " lab down --name " + lab).exit_code, 2);
}

TEST(LabUpDown, DownStopsAgentsAndAFlapDriverAndLeavesNothing) {
  const std::string lab = unique_lab("dsvc");
  LabGuard guard(lab);
  const std::string links_before = root_links();
  auto up = run_shell(kNetkeel + " lab up " + kExamples + "1-one-rack-one-vlan.yaml --name " + lab);
  ASSERT_EQ(up.exit_code, 0) << up.output;
  EXPECT_THAT(up.output, ::testing::HasSubstr("agents: 3 started"));
  auto flap = run_shell(kNetkeel + " lab fault flap node1:eno1 --per-minute 60 --for 1h --name " + lab);
  ASSERT_EQ(flap.exit_code, 0) << flap.output;
  auto status = run_shell(kNetkeel + " lab status --name " + lab);
  EXPECT_THAT(status.output, ::testing::ContainsRegex("agent@node1 +pid [0-9]+ +running"));
  EXPECT_THAT(status.output, ::testing::ContainsRegex("flap-f1 \\(root ns\\) +pid [0-9]+ +running"));
  EXPECT_THAT(status.output, ::testing::ContainsRegex("server \\(root ns\\) +pid [0-9]+ +running"));
  // Namespaces (3 hosts + 1 switch), 2 OVS daemons, 3 agents, the server, 1 flap driver, the directory,
  // Keep's 3 etcd members (their data is in the lab directory) and its 3 keepers (they post their events
  // to the lab's server with the lab's token file).
  EXPECT_EQ(leftovers(lab).size(), 4u + 2u + 3u + 1u + 1u + 1u + 3u + 3u) << ::testing::PrintToString(leftovers(lab));
  auto down = run_shell(kNetkeel + " lab down --name " + lab);
  EXPECT_EQ(down.exit_code, 0) << down.output;
  EXPECT_THAT(leftovers(lab), ::testing::IsEmpty());
  EXPECT_EQ(root_links(), links_before);
}

// The lab's server takes the agents' batches across the emulated management network; the matrix the
// CLI draws from it (found through the lab's server-url) has every pair of the lab with probes sent.
TEST(LabUpDown, AgentsShipToTheLabServerAndTheMatrixShowsEveryPair) {
  const std::string lab = unique_lab("ship");
  LabGuard guard(lab);
  auto up = run_shell(kNetkeel + " lab up " + kExamples + "1-one-rack-one-vlan.yaml --name " + lab);
  ASSERT_EQ(up.exit_code, 0) << up.output;
  EXPECT_THAT(up.output, ::testing::HasSubstr("shipping to the server"));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  nlohmann::json matrix;
  for (;;) {
    auto out = run_shell(kNetkeel + " matrix --network storage --window 120s --format json --lab " + lab);
    ASSERT_EQ(out.exit_code, 0) << out.output;
    matrix = nlohmann::json::parse(out.output.substr(out.output.find('{')));
    size_t probed_pairs = 0;
    for (const auto& pair : matrix["pairs"])
      if (pair["sent"].get<double>() > 0 && pair["dst"] != "gateway") ++probed_pairs;
    if (probed_pairs == 6) break;  // 3 hosts, every ordered pair
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "no full matrix from the lab's server: " << out.output;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  for (const auto& pair : matrix["pairs"]) {
    if (pair["dst"] != "gateway") {
      EXPECT_LT(pair["loss"].get<double>(), 0.5) << pair.dump();
    }
  }
}

TEST(LabUpDown, SigkillDuringUpThenDownCleansUp) {
  const std::string lab = unique_lab("kill");
  LabGuard guard(lab);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::string site = kExamples + "2-production-mlag.yaml";
    ::execl(kNetkeel.c_str(), kNetkeel.c_str(), "lab", "up", site.c_str(), "--no-apply", "--name", lab.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Kill it once it has created something (polling with a deadline, never a fixed sleep).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  bool created = false;
  while (!created && std::chrono::steady_clock::now() < deadline) {
    for (const auto& item : leftovers(lab)) created |= item.rfind("namespace", 0) == 0;
    if (!created) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(created) << "lab up created no namespace within 30 s";
  EXPECT_THAT(leftovers(lab), ::testing::Not(::testing::IsEmpty()));
  auto down = run_shell(kNetkeel + " lab down --name " + lab);
  EXPECT_EQ(down.exit_code, 0) << down.output;
  EXPECT_THAT(leftovers(lab), ::testing::IsEmpty());
}

TEST(LabUpDown, UpRefusesAnExistingLabAndABadName) {
  const std::string lab = unique_lab("dup");
  LabGuard guard(lab);
  ASSERT_EQ(run_shell(kNetkeel + " lab up " + kExamples + "1-one-rack-one-vlan.yaml --no-apply --name " + lab).exit_code, 0);
  auto again = run_shell(kNetkeel + " lab up " + kExamples + "1-one-rack-one-vlan.yaml --no-apply --name " + lab);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.output, ::testing::HasSubstr("lab down --name " + lab));
  auto bad = run_shell(kNetkeel + " lab up " + kExamples + "1-one-rack-one-vlan.yaml --name Bad_Name");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.output, ::testing::HasSubstr("--name"));
}

}  // namespace
}  // namespace netkeel
