// The iproute2 renderer's script, run for real: for every example host whose links this kernel can
// build, a fresh namespace gets veth NICs with the planned MACs under other names; the script must
// rename them and reach the plan, and a second run must succeed and change nothing. Needs root; only
// namespaces this test creates are touched (TestNamespace removes them, also on failure).
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/render/iproute2_renderer.hpp"
#include "render/example_plans.hpp"
#include "support/test_namespace.hpp"

namespace netkeel::render {
namespace {

namespace fs = std::filesystem;
using netkeel::testing::TestNamespace;

std::string output_of(const std::string& command, int* exit_code = nullptr) {
  std::string out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = pclose(pipe);
  if (exit_code) *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

// Everything the script changes, as the kernel reports it.
std::string kernel_state(const TestNamespace& ns) {
  std::string state;
  for (const char* what : {"-d link show", "addr show", "rule show", "route show table all", "neigh show"}) {
    state += output_of("ip -n " + ns.name() + " " + what);
  }
  return state;
}

// Whether this kernel can create a link of `kind` (bonding and 8021q may not be loaded).
bool kernel_supports(const TestNamespace& ns, const std::string& kind) {
  if (ns.ip({"link", "add", "nk-probe", "type", kind}) != 0) return false;
  ns.ip({"link", "del", "nk-probe"});
  return true;
}

TEST(Iproute2Script, ReachesThePlanAndIsIdempotent) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root for network namespaces";
  size_t hosts_run = 0;
  for (const auto& example : testing::plan_examples()) {
    for (const auto& host : example.plan.hosts) {
      SCOPED_TRACE(example.stem + " / " + host.name);
      TestNamespace ns;
      bool supported = true;
      for (const auto& link : host.links) {
        if (link.kind == plan::LinkKind::bond && !kernel_supports(ns, "bond")) supported = false;
      }
      if (supported && std::any_of(host.links.begin(), host.links.end(),
                                   [](const auto& l) { return l.kind == plan::LinkKind::vlan; })) {
        // A veth as the probe's parent: every kernel the tests run on has veth (not always dummy).
        ns.must_ip({"link", "add", "nk-parent", "type", "veth", "peer", "name", "nk-parent-p"});
        supported = ns.ip({"link", "add", "link", "nk-parent", "name", "nk-vprobe", "type", "vlan", "id", "5"}) == 0;
        ns.ip({"link", "del", "nk-parent"});
      }
      if (!supported) continue;
      // NICs under other names: the script finds them by MAC.
      int n = 0;
      for (const auto& link : host.links) {
        if (link.kind != plan::LinkKind::physical || !link.match_mac) continue;
        ++n;
        ns.must_ip({"link", "add", "nic" + std::to_string(n), "address", link.match_mac->str(), "type", "veth", "peer",
                    "name", "peer" + std::to_string(n)});
      }
      const fs::path script = fs::temp_directory_path() / ("netkeel-script-" + std::to_string(getpid()) + ".sh");
      std::ofstream(script) << render_iproute2(example.plan, host).at(kIproute2ScriptPath);
      const std::string run = "ip netns exec " + ns.name() + " sh " + script.string();

      int first = -1, second = -1;
      const std::string first_output = output_of(run, &first);
      ASSERT_EQ(first, 0) << first_output;
      const std::string after_first = kernel_state(ns);
      const std::string second_output = output_of(run, &second);
      ASSERT_EQ(second, 0) << second_output;
      EXPECT_EQ(kernel_state(ns), after_first) << "a second run changed the kernel state";
      fs::remove(script);

      for (const auto& link : host.links) {
        EXPECT_EQ(ns.ip({"link", "show", "dev", link.name}), 0) << link.name;
      }
      for (const auto& a : host.addresses) {
        EXPECT_THAT(after_first, ::testing::HasSubstr(a.address.str() + "/" + std::to_string(a.prefix_length)));
      }
      for (const auto& r : host.rules) {
        EXPECT_THAT(after_first, ::testing::HasSubstr(std::to_string(r.priority) + ":\tfrom " + r.from.address().str() +
                                                      " lookup " + std::to_string(r.table)));
      }
      EXPECT_THAT(after_first, ::testing::HasSubstr("proto 140"));
      const std::string neigh = output_of("ip -n " + ns.name() + " neigh show nud permanent");
      EXPECT_EQ(static_cast<size_t>(std::count(neigh.begin(), neigh.end(), '\n')), host.neighbours.size());
      ++hosts_run;
    }
  }
  if (hosts_run == 0) GTEST_SKIP() << "this kernel could build none of the example hosts";
}

}  // namespace
}  // namespace netkeel::render
