#include "netkeel/apply/ovs_backend.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

namespace netkeel::apply {
namespace {

std::string sysctl_name(std::string name) {
  std::replace(name.begin(), name.end(), '.', '/');
  return name;
}

OvsPort bond_port(const DesiredLink& bond, std::vector<std::string> members) {
  OvsPort p;
  p.name = bond.name + kOvsBondSuffix;
  p.kind = OvsPortKind::bond;
  std::sort(members.begin(), members.end());
  p.interfaces = std::move(members);
  const std::string mode = bond.bond ? bond.bond->mode : "active-backup";
  if (mode == "802.3ad") {
    p.lacp = "active";
    p.bond_mode = "balance-tcp";
    p.lacp_time = bond.bond && !bond.bond->lacp_rate.empty() ? bond.bond->lacp_rate : "fast";
  } else if (mode == "balance-xor") {
    p.lacp = "off";
    p.bond_mode = "balance-slb";
  } else {
    p.lacp = "off";
    p.bond_mode = "active-backup";
    if (bond.bond) p.primary = bond.bond->primary;  // the plan's preferred member
  }
  return p;
}

OvsPort internal_port(const DesiredLink& link) {
  OvsPort p;
  p.name = link.name;
  p.kind = OvsPortKind::internal;
  p.interfaces = {link.name};
  p.mac = link.mac;
  p.mtu = link.mtu;
  if (link.kind == "vlan") {
    p.tag = link.vlan_id;
  } else {
    p.vlan_mode = "trunk";  // the bond's untagged segment: untagged frames only
    p.trunks = {0};
  }
  return p;
}

// Ports whose kind or interfaces differ cannot be changed in place.
bool same_shape(const OvsPort& a, const OvsPort& b) { return a.kind == b.kind && a.interfaces == b.interfaces; }

int kind_rank(const OvsPort& p) { return p.kind == OvsPortKind::internal ? 1 : 0; }

}  // namespace

OvsDesiredState ovs_desired_state(const plan::HostPlan& host, const DesiredState& kernel) {
  OvsDesiredState out;
  out.kernel = kernel;
  std::map<std::string, std::vector<std::string>> members;  // bond -> NICs
  std::set<std::string> vlan_parents;
  for (const auto& l : kernel.links) {
    if (!l.master.empty()) members[l.master].push_back(l.name);
    if (l.kind == "vlan") vlan_parents.insert(l.parent);
  }
  bool needs_ovs = std::any_of(kernel.links.begin(), kernel.links.end(),
                               [](const DesiredLink& l) { return l.kind == "bond" || l.kind == "vlan"; });
  if (!needs_ovs) return out;

  OvsBridge bridge{kOvsBridgeName, kOvsDatapathType, {}};
  std::set<std::string> addressed;
  for (const auto& a : kernel.addresses) addressed.insert(a.interface);
  for (const auto& l : kernel.links) {
    if (l.kind == "bond") {
      bridge.ports.push_back(bond_port(l, members[l.name]));
      bridge.ports.push_back(internal_port(l));
      for (const auto& m : members[l.name]) out.members.push_back(m);
    } else if (l.kind == "vlan") {
      bridge.ports.push_back(internal_port(l));
    } else if (!l.kind && l.master.empty() && vlan_parents.count(l.name)) {
      if (addressed.count(l.name)) {
        out.diagnostics.error(SourceMark{},
                              fmt::format("host {}: NIC {} carries VLANs and untagged addresses; with the OVS backend "
                                          "the NIC is a port of {} and cannot hold addresses itself",
                                          host.name, l.name, kOvsBridgeName),
                              "give the untagged network a VLAN, bond the NIC (a one-NIC bond is fine), or use "
                              "`backend: kernel` on a kernel with 802.1q");
        continue;
      }
      OvsPort p;
      p.name = l.name;
      p.interfaces = {l.name};
      bridge.ports.push_back(p);
      out.members.push_back(l.name);
    }
  }
  std::sort(bridge.ports.begin(), bridge.ports.end(), [](const OvsPort& a, const OvsPort& b) { return a.name < b.name; });
  out.bridge = std::move(bridge);

  // The kernel keeps NICs (MTU, up), and manages the internal ports' MTU, MAC and state, never their kind.
  for (auto& l : out.kernel.links) {
    l.master.clear();
    if (l.kind == "bond" || l.kind == "vlan") {
      l.kind.reset();
      l.parent.clear();
      l.vlan_id = 0;
      l.bond.reset();
    }
  }
  for (const auto& m : out.members) out.kernel.sysctls["net.ipv4.conf." + sysctl_name(m) + ".arp_ignore"] = "1";
  return out;
}

OvsReconcileResult reconcile_ovs(const std::optional<OvsBridge>& desired, const std::optional<OvsBridge>& actual,
                                 const OvsPortPolicy& may_delete) {
  OvsReconcileResult result;
  auto& out = result.changes;
  if (!desired) {
    if (actual)
      for (const auto& p : actual->ports)
        if (may_delete(p)) out.push_back(DeleteOvsPort{actual->name, p});
    return result;
  }
  if (actual && actual->datapath_type != desired->datapath_type) {
    result.conflicts.error(SourceMark{},
                           fmt::format("OVS bridge {} has datapath_type {}, netkeel needs {}", actual->name,
                                       actual->datapath_type.empty() ? "system" : actual->datapath_type,
                                       desired->datapath_type),
                           fmt::format("netkeel did not create it this way, so it leaves it alone: if nothing else "
                                       "uses bridge {}, its owner can set datapath_type={} (ovs-vsctl set bridge "
                                       "{} datapath_type={}) and apply again",
                                       actual->name, desired->datapath_type, actual->name, desired->datapath_type));
    return result;
  }
  std::vector<OvsChange> deletions, additions, settings;
  if (actual) {
    for (const auto& p : actual->ports) {
      const OvsPort* d = desired->find_port(p.name);
      if (d && !same_shape(*d, p)) deletions.push_back(DeleteOvsPort{actual->name, p});
      else if (!d && may_delete(p)) deletions.push_back(DeleteOvsPort{actual->name, p});
      else if (d && !(*d == p)) settings.push_back(SetOvsPort{desired->name, *d, p});
    }
  } else {
    additions.push_back(AddOvsBridge{desired->name, desired->datapath_type});
  }
  std::vector<const OvsPort*> to_add;
  for (const auto& d : desired->ports) {
    const OvsPort* a = actual ? actual->find_port(d.name) : nullptr;
    if (!a || !same_shape(d, *a)) to_add.push_back(&d);
  }
  // A bond's members must be free before the bond takes them; internal ports after the carriers.
  std::stable_sort(to_add.begin(), to_add.end(), [](auto* a, auto* b) { return kind_rank(*a) < kind_rank(*b); });
  for (const auto* d : to_add) additions.push_back(AddOvsPort{desired->name, *d});
  // A member NIC may still be a plain port (or in another bond) in the actual bridge: those go first.
  if (actual) {
    std::set<std::string> deleted;
    for (const auto& c : deletions) deleted.insert(std::get<DeleteOvsPort>(c).port.name);
    for (const auto* d : to_add)
      for (const auto& i : d->interfaces)
        for (const auto& p : actual->ports)
          if (p.name != d->name && !deleted.count(p.name) &&
              std::find(p.interfaces.begin(), p.interfaces.end(), i) != p.interfaces.end()) {
            deletions.push_back(DeleteOvsPort{actual->name, p});
            deleted.insert(p.name);
          }
  }
  out.insert(out.end(), deletions.begin(), deletions.end());
  out.insert(out.end(), additions.begin(), additions.end());
  out.insert(out.end(), settings.begin(), settings.end());
  return result;
}

std::vector<OvsChange> restore_ovs_changes(const std::optional<OvsBridge>& snapshot,
                                           const std::optional<OvsBridge>& current) {
  if (!current) {
    if (!snapshot) return {};
    return reconcile_ovs(snapshot, current, [](const OvsPort&) { return true; }).changes;
  }
  if (!snapshot) return {DeleteOvsBridge{*current}};
  return reconcile_ovs(snapshot, current, [](const OvsPort&) { return true; }).changes;
}

KernelSnapshot project_ovs_changes(KernelSnapshot s, const std::vector<OvsChange>& changes) {
  auto drop = [&](const std::string& name) {
    std::erase_if(s.links, [&](const kernel::Link& l) { return l.name == name; });
    std::erase_if(s.addresses, [&](const kernel::Address& a) { return a.interface == name; });
    std::erase_if(s.routes, [&](const kernel::Route& r) { return r.interface == name; });
    std::erase_if(s.neighbours, [&](const kernel::Neighbour& n) { return n.interface == name; });
  };
  auto add = [&](const OvsPort& p) {
    if (p.kind != OvsPortKind::internal) return;
    drop(p.name);
    kernel::Link l;
    l.name = p.name;
    l.kind = "tun";  // userspace datapath internal ports are tap devices
    if (p.mac) l.mac = *p.mac;
    l.mtu = p.mtu.value_or(1500);
    s.links.push_back(l);
  };
  for (const auto& c : changes) {
    if (auto* a = std::get_if<AddOvsPort>(&c)) add(a->port);
    if (auto* d = std::get_if<DeleteOvsPort>(&c))
      if (d->port.kind == OvsPortKind::internal) drop(d->port.name);
    if (auto* b = std::get_if<DeleteOvsBridge>(&c))
      for (const auto& p : b->bridge.ports)
        if (p.kind == OvsPortKind::internal) drop(p.name);
    if (auto* set = std::get_if<SetOvsPort>(&c)) {
      for (auto& l : s.links)
        if (l.name == set->port.name) {
          if (set->port.mac) l.mac = *set->port.mac;
          if (set->port.mtu) l.mtu = *set->port.mtu;
        }
    }
  }
  std::sort(s.links.begin(), s.links.end(), [](const kernel::Link& a, const kernel::Link& b) { return a.name < b.name; });
  return s;
}

BackendChoice choose_apply_backend(const plan::HostPlan& host, const std::string& requested,
                                   const std::vector<kernel::FeatureStatus>& features) {
  if (requested == "kernel") return {site::Backend::kernel, "--backend kernel"};
  if (requested == "ovs") return {site::Backend::ovs, "--backend ovs"};
  if (host.backend == site::Backend::ovs) return {site::Backend::ovs, "backend: ovs in the site file"};
  if (requested != "auto") return {site::Backend::kernel, "backend: kernel (the site file's default)"};
  std::vector<std::string> lacking;
  for (const char* kind : {"bond", "vlan"}) {
    bool planned = std::any_of(host.links.begin(), host.links.end(), [&](const plan::LinkPlan& l) {
      return (l.kind == plan::LinkKind::bond && std::string(kind) == "bond") ||
             (l.kind == plan::LinkKind::vlan && std::string(kind) == "vlan");
    });
    auto status = kernel::feature_for_link_kind(features, kind);
    if (planned && status && !status->available) lacking.push_back(status->feature.name);
  }
  if (lacking.empty()) return {site::Backend::kernel, "--backend auto: this kernel builds the plan's links"};
  return {site::Backend::ovs, fmt::format("--backend auto: this kernel lacks {}", fmt::join(lacking, " and "))};
}

}  // namespace netkeel::apply
