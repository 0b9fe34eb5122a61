#pragma once
// One `netkeel apply` of one host, start to finish, over injected kernel, probe and clock:
//   resolve NICs -> snapshot -> reconcile -> print the diff -> [dry run stops] -> feature check ->
//   make the changes -> read back and verify -> [wait for confirmation] -> keep (record ownership)
// and on any failure after the first change, restore the snapshot. The CLI wires the real kernel;
// unit tests wire FakeNetlink, FakeSysctl and a scripted probe.
#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "netkeel/apply/confirmation.hpp"
#include "netkeel/apply/kernel_snapshot.hpp"
#include "netkeel/apply/ovsdb.hpp"
#include "netkeel/apply/reachability_probe.hpp"
#include "netkeel/kernel/kernel_features.hpp"
#include "netkeel/kernel/netlink.hpp"
#include "netkeel/kernel/sysctl.hpp"
#include "netkeel/plan/cluster_plan.hpp"

namespace netkeel::apply {

struct ApplyRequest {
  bool dry_run = false;
  bool prune = false;
  std::optional<std::chrono::milliseconds> confirm_timeout;  // none: keep without asking
  std::vector<Ipv4Address> check_peers;
  std::string state_dir = "/var/lib/netkeel";
  std::string scope = "host";         // ownership_scope(netns): names the state files
  std::string backend = "site";       // site | kernel | ovs | auto (choose_apply_backend)
};

struct ApplyServices {
  kernel::Netlink& netlink;
  kernel::Sysctl& sysctl;
  ReachabilityProbe& probe;
  std::vector<kernel::FeatureStatus> kernel_features;
  const Clock& clock;                 // waits for --confirm
  std::string confirmation_token;     // new_confirmation_token() in the CLI
  Ovsdb* ovsdb = nullptr;             // the OVS backend's database; null: OVS unavailable
};

struct ApplyOutcome {
  int exit_code = 0;                  // core/exit_code.hpp
  size_t changes_made = 0;            // kept changes (0 after a rollback)
  std::optional<KernelSnapshot> snapshot;  // the state before the first change
  std::optional<OvsBridge> ovs_snapshot;   // OVS backend: the bridge before the first change
  site::Backend backend = site::Backend::kernel;
};

// Progress and the diff go to `out`, problems to `err`.
ApplyOutcome run_apply(const plan::HostPlan& host, const ApplyRequest& request, ApplyServices& services,
                       std::ostream& out, std::ostream& err);

}  // namespace netkeel::apply
