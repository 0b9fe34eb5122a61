#pragma once
// netkeel's Open vSwitch host backend, the pure part: where the kernel backend makes bonds and VLANs
// through netlink, this one puts them on one OVS userspace bridge (kOvsBridgeName, datapath netdev):
//   - a plan bond B over NICs becomes the OVS bond port `B-lag` over those NICs (802.3ad: lacp=active,
//     bond_mode=balance-tcp, other_config:lacp-time=<lacp_rate>; active-backup: lacp=off,
//     bond_mode=active-backup other_config:bond-primary=<primary>; balance-xor: lacp=off, bond_mode=balance-slb);
//   - the untagged segment of B is the internal port `B` (vlan_mode=trunk trunks=0: untagged frames
//     only), so the plan's name B still names the interface that holds B's addresses;
//   - each VLAN interface P.V of the plan is the internal port `P.V` with tag=V, the plan's MAC (the
//     Interface's mac column) and MTU (mtu_request);
//   - a single NIC that carries VLANs is a plain port of the bridge; its untagged addresses cannot stay
//     on it (the datapath owns it), so such a plan is refused with the reason.
// The kernel part of the plan is rewritten to match: bonds and VLANs become links netlink never creates
// (OVS does) but whose MTU, MAC, admin state, addresses, routes, neighbours and sysctls it still
// manages; members lose their master and get arp_ignore=1 (the kernel sees every frame a userspace
// datapath port receives and must not answer ARP on it).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/apply/desired_state.hpp"
#include "netkeel/apply/kernel_snapshot.hpp"
#include "netkeel/apply/ovs_state.hpp"
#include "netkeel/core/diagnostic.hpp"
#include "netkeel/kernel/kernel_features.hpp"
#include "netkeel/plan/cluster_plan.hpp"

namespace netkeel::apply {

inline constexpr const char* kOvsBridgeName = "nk-br0";
inline constexpr const char* kOvsDatapathType = "netdev";
inline constexpr const char* kOvsBondSuffix = "-lag";

struct OvsDesiredState {
  std::optional<OvsBridge> bridge;   // none: the plan has no bond and no VLAN, nothing for OVS
  DesiredState kernel;               // what netlink still does
  std::vector<std::string> members;  // NICs that became ports of the bridge (checksum offload off)
  Diagnostics diagnostics;
};

// `kernel` is desired_state(host, ...) for the kernel backend, with NICs already resolved.
OvsDesiredState ovs_desired_state(const plan::HostPlan& host, const DesiredState& kernel);

// Which ports of the bridge may be removed when the plan no longer names them.
using OvsPortPolicy = std::function<bool(const OvsPort&)>;

struct OvsReconcileResult {
  std::vector<OvsChange> changes;
  Diagnostics conflicts;
};

// Pure. Order: deletions (ports, then the bridge), the bridge, bonds and plain ports, internal ports,
// column changes. A port whose kind or members changed is deleted and re-added; the bridge is
// re-created never: a bridge of that name with another datapath type is a conflict.
OvsReconcileResult reconcile_ovs(const std::optional<OvsBridge>& desired, const std::optional<OvsBridge>& actual,
                                 const OvsPortPolicy& may_delete);

// Rollback: the changes that take `current` back to `snapshot` (deleting the bridge when the snapshot
// had none).
std::vector<OvsChange> restore_ovs_changes(const std::optional<OvsBridge>& snapshot,
                                           const std::optional<OvsBridge>& current);

// The kernel snapshot as it will be once `changes` are made: new internal ports appear as links (admin
// down, the port's MAC and MTU), removed ones disappear, so the netlink diff can be computed up front.
KernelSnapshot project_ovs_changes(KernelSnapshot snapshot, const std::vector<OvsChange>& changes);

// Which backend a host gets. `requested`: "site" (the site file's backend), "kernel", "ovs", or
// "auto" (the site file's, but OVS where the plan needs bonding or 802.1q and this kernel lacks it).
struct BackendChoice {
  site::Backend backend = site::Backend::kernel;
  std::string reason;
};
BackendChoice choose_apply_backend(const plan::HostPlan& host, const std::string& requested,
                                   const std::vector<kernel::FeatureStatus>& features);

}  // namespace netkeel::apply
