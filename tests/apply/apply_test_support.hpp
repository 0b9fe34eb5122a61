#pragma once
#include <unistd.h>

#include <filesystem>
// Shared fixtures for apply's unit tests: example-site plans, a FakeNetlink holding a host's NICs,
// a FakeSysctl holding its planned keys, a scripted reachability probe and kernel feature lists.
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "fakes/core/fake_clock.hpp"
#include "fakes/kernel/fake_netlink.hpp"
#include "fakes/kernel/fake_sysctl.hpp"
#include "netkeel/apply/apply_session.hpp"
#include "netkeel/apply/reachability_probe.hpp"
#include "netkeel/kernel/kernel_features.hpp"
#include "netkeel/plan/planner.hpp"
#include "netkeel/site/site_validator.hpp"

namespace netkeel::apply::testing {

inline const std::vector<std::string>& example_sites() {
  static const std::vector<std::string> names{"1-one-rack-one-vlan", "2-production-mlag", "3-two-switches-no-mlag",
                                              "4-one-lacp-switch", "5-leaf-spine-l3", "6-grown-two-racks"};
  return names;
}

inline plan::ClusterPlan plan_example(const std::string& name) {
  auto checked = site::load_and_validate(std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/" + name + ".yaml");
  EXPECT_TRUE(checked.ok()) << format_diagnostics(checked.diagnostics);
  auto planned = plan::plan_site(*checked.site);
  EXPECT_TRUE(planned.plan) << format_diagnostics(planned.diagnostics);
  return *planned.plan;
}

// The host's NICs, as a freshly booted machine shows them (down, no addresses).
inline void add_nics(kernel::FakeNetlink& netlink, const plan::HostPlan& host) {
  int n = 0;
  for (const auto& l : host.links) {
    if (l.kind != plan::LinkKind::physical) continue;
    auto mac = l.match_mac.value_or(MacAddress({0x52, 0x54, 0x00, 0xee, 0x00, static_cast<uint8_t>(++n)}));
    netlink.add_physical_link(l.name, mac);
  }
}

// Every planned sysctl key exists (as it would once its interface does), at the kernel default 0.
inline void define_sysctls(kernel::FakeSysctl& sysctl, const plan::HostPlan& host) {
  for (const auto& s : host.sysctls) sysctl.define(s.key, "0");
}

class ScriptedProbe : public ReachabilityProbe {
 public:
  std::set<Ipv4Address> silent;  // these never answer; everything else does
  std::vector<ProbeTarget> asked;
  ProbeResult probe(const ProbeTarget& t) override {
    asked.push_back(t);
    ProbeResult r;
    if (silent.count(t.address)) {
      r.detail = "no ARP reply (scripted)";
      return r;
    }
    r.arp_answered = r.icmp_answered = true;
    return r;
  }
};

// Every known feature available, except the link kinds listed.
inline std::vector<kernel::FeatureStatus> features_without(const std::set<std::string>& missing_kinds) {
  std::vector<kernel::FeatureStatus> out;
  for (const auto& f : kernel::known_kernel_features()) {
    bool missing = missing_kinds.count(f.link_kind) > 0;
    out.push_back({f, !missing, missing ? "module " + f.module + " is not loaded" : "loaded",
                   missing ? "modprobe " + f.module : ""});
  }
  return out;
}

// A kernel, a probe and a clock that never waits, for run_apply.
struct FakeHost {
  kernel::FakeNetlink netlink;
  kernel::FakeSysctl sysctl;
  ScriptedProbe probe;
  std::vector<kernel::FeatureStatus> features = features_without({});
  FakeClock clock{SteadyTime{}};  // never waits: sleeping advances it (clock.on_sleep: what happens meanwhile)
  std::string state_dir;

  explicit FakeHost(const plan::HostPlan& host) {
    add_nics(netlink, host);
    define_sysctls(sysctl, host);
    // Unique per process and host object: ctest runs each test in its own process, in parallel, and
    // a state dir left by an earlier run must not leak an ownership record into this one.
    state_dir = ::testing::TempDir() + "netkeel-apply-" + std::to_string(::getpid()) + "-" +
                std::to_string(++counter());
    std::filesystem::remove_all(state_dir);
  }
  ~FakeHost() {
    std::error_code ignored;
    std::filesystem::remove_all(state_dir, ignored);
  }
  FakeHost(const FakeHost&) = delete;
  FakeHost& operator=(const FakeHost&) = delete;
  static int& counter() { static int c = 0; return c; }

  struct Run {
    ApplyOutcome outcome;
    std::string out, err;
  };
  Run apply(const plan::HostPlan& host, ApplyRequest request = {}) {
    request.state_dir = state_dir;
    ApplyServices services{netlink, sysctl, probe, features, clock, "token-1"};
    std::ostringstream out, err;
    Run run;
    run.outcome = run_apply(host, request, services, out, err);
    run.out = out.str();
    run.err = err.str();
    return run;
  }
};

}  // namespace netkeel::apply::testing
