// Bond and LACP member state through the agent on the real thing, as root: example 4 in a lab (on this
// kernel, without bonding, the lab gives the hosts the OVS backend: an OVS userspace LACP bond
// bond0-lag in each host namespace). `netkeel agent --once` inside srv1's namespace, pointed at srv1's
// OVS with --ovs-ctl, reports both members up with LACP current and attached; `lab fault link-down`
// on one member makes it reported down (disabled, defaulted, detached); `lab heal` brings it back.
// The lab is always removed.
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/eventually.hpp"
#include "support/lab_test_support.hpp"

namespace netkeel {
namespace {

using namespace lab_test;  // NOLINT: the shared lab test vocabulary

struct Member {
  bool found = false, up = false;
  std::string lacp;
  bool attached = false;
};

// One agent collection in srv1's namespace: the named member of bond0-lag, as the agent reported it.
Member read_member(const std::string& lab, const std::string& member, std::string& output) {
  const std::string ctl = kLabRoot + lab + "/ovs/host-srv1/ovs-vswitchd.ctl";
  auto r = run_shell(kNetkeel + " agent --site " + kExamples + "4-one-lacp-switch.yaml --host srv1 --netns nk-" + lab +
                     "-srv1 --once --rounds 1 --no-icmp --no-udp --no-tcp --no-pmtu --metrics-address '' --responder-port 19946 --libvirt-uri none --ovs-ctl " + ctl +
                     " --format json 2>/dev/null");
  output = r.output;
  Member m;
  // run_shell merges stderr (the agent's one-time availability lines) in front of the JSON.
  const auto brace = r.output.find('{');
  auto j = nlohmann::json::parse(brace == std::string::npos ? std::string() : r.output.substr(brace), nullptr, false);
  if (r.exit_code != 0 || !j.is_object() || j.value("ovs_collector_up", false) != true) return m;
  for (const auto& b : j["bonds"]) {
    if (b.value("name", "") != "bond0-lag" || b.value("source", "") != "ovs") continue;
    for (const auto& x : b["members"]) {
      if (x.value("name", "") != member) continue;
      m.found = true;
      m.up = x.value("up", false);
      m.lacp = x.value("lacp", "");
      m.attached = x.value("lacp_attached", false);
    }
  }
  return m;
}

// LACP needs a few fast-rate PDUs (1 s apart) to settle: poll with a deadline, never assume a time.
template <typename F>
Member wait_for(const std::string& lab, const std::string& member, F good, std::string& output) {
  return netkeel::testing::eventually([&] { return read_member(lab, member, output); }, good, std::chrono::seconds(30),
                                      std::chrono::milliseconds(200))
      .last;
}

TEST(BondState, OvsLacpMemberDownIsReportedAndHealsBack) {
  const std::string lab = unique_lab("bond");
  {
    LabGuard guard(lab);
    auto up = run_shell(kNetkeel + " lab up " + kExamples + "4-one-lacp-switch.yaml --name " + lab);
    ASSERT_EQ(up.exit_code, 0) << up.output;
    if (!std::filesystem::exists(kLabRoot + lab + "/ovs/host-srv1/ovs-vswitchd.ctl"))
      GTEST_SKIP() << "this kernel has bonding: the lab used kernel bonds, not OVS (kernel bonds are covered by test_collect)";

    std::string output;
    auto healthy = [](const Member& m) { return m.found && m.up && m.lacp == "current" && m.attached; };
    for (const char* member : {"enp1s0f0", "enp1s0f1"})
      EXPECT_TRUE(healthy(wait_for(lab, member, healthy, output))) << member << ":\n" << output;
    EXPECT_THAT(output, ::testing::HasSubstr("\"lacp_status\": \"negotiated\""));

    auto fault = run_shell(kNetkeel + " lab fault link-down srv1:enp1s0f1 --name " + lab);
    ASSERT_EQ(fault.exit_code, 0) << fault.output;
    auto down = [](const Member& m) { return m.found && !m.up && m.lacp != "current" && !m.attached; };
    auto m = wait_for(lab, "enp1s0f1", down, output);
    EXPECT_TRUE(down(m)) << output;
    EXPECT_EQ(m.lacp, "defaulted") << output;
    EXPECT_TRUE(healthy(read_member(lab, "enp1s0f0", output))) << "the other member stays up:\n" << output;

    auto heal = run_shell(kNetkeel + " lab heal --all --name " + lab);
    ASSERT_EQ(heal.exit_code, 0) << heal.output;
    EXPECT_TRUE(healthy(wait_for(lab, "enp1s0f1", healthy, output))) << output;
  }
  EXPECT_THAT(leftovers(lab), ::testing::IsEmpty());
}

}  // namespace
}  // namespace netkeel
