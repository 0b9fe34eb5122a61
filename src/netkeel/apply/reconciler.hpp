#pragma once
// The decision at the heart of apply, pure: desired state x kernel snapshot -> ordered changes.
//
// Order (each step needs the ones before it):
//   deletions, reverse dependency order: neighbours, rules, routes, addresses, then links (VLANs
//   before their parents);
//   then: create bonds (and bridges), enslave members (a member goes down first, as the kernel
//   requires), create VLANs, MTU (lowered children-first, then raised parents-first), MAC, up;
//   then addresses, routes (on-link before via-gateway), rules, neighbours, sysctls.
// Only what differs is changed. No link is ever set down except to enslave it, so an address or
// route change never bounces a link.
#include <functional>
#include <vector>

#include "netkeel/apply/change.hpp"
#include "netkeel/apply/desired_state.hpp"
#include "netkeel/apply/kernel_snapshot.hpp"
#include "netkeel/core/diagnostic.hpp"

namespace netkeel::apply {

// Which objects the desired state does not name may be removed. Default: none (apply without
// --prune). A desired link that exists with another kind, VLAN id, parent or bond mode can only be
// re-created; `replace_link` decides whether that existing link may be deleted for it.
struct DeletionPolicy {
  std::function<bool(const kernel::Link&)> replace_link = [](const kernel::Link&) { return false; };
  std::function<bool(const kernel::Link&)> link = [](const kernel::Link&) { return false; };
  std::function<bool(const kernel::Address&)> address = [](const kernel::Address&) { return false; };
  std::function<bool(const kernel::Route&)> route = [](const kernel::Route&) { return false; };
  std::function<bool(const kernel::Rule&)> rule = [](const kernel::Rule&) { return false; };
  std::function<bool(const kernel::Neighbour&)> neighbour = [](const kernel::Neighbour&) { return false; };
};

struct ReconcileResult {
  std::vector<Change> changes;
  Diagnostics conflicts;  // desired links that exist in an incompatible form netkeel may not delete
};

ReconcileResult reconcile(const DesiredState& desired, const KernelSnapshot& actual, const DeletionPolicy& policy);

// Routes the kernel derives from addresses (protocol "kernel"): never desired, never deleted.
inline constexpr uint8_t kKernelRouteProtocol = 2;

}  // namespace netkeel::apply
