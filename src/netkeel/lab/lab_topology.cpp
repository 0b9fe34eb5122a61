#include "netkeel/lab/lab_topology.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <numeric>
#include <set>

#include <fmt/format.h>

#include "netkeel/core/fnv1a.hpp"

namespace netkeel::lab {
namespace {

constexpr size_t kMaxInterfaceName = 15;  // IFNAMSIZ - 1
// Lab-internal transfer network for routed layer-3 uplinks (/31 per link). Lives only inside lab
// namespaces; 100.64/10 is shared address space, so it cannot clash with a site's public ranges.
constexpr uint32_t kTransferBase = (100u << 24) | (64u << 16);

// Locally administered unicast MAC from a stable hash of where the interface lives (FNV-1a, 64 bit),
// so the same lab always gets the same MACs and `lab status` output is reproducible.
MacAddress derived_mac(const std::string& lab, const std::string& netns, const std::string& ifname) {
  const uint64_t h = fnv1a_64("netkeel-lab|" + lab + "|" + netns + "|" + ifname);
  std::array<uint8_t, 6> b{};
  for (int i = 0; i < 6; ++i) b[i] = static_cast<uint8_t>(h >> (8 * i));
  b[0] = static_cast<uint8_t>((b[0] & 0xfc) | 0x02);
  return MacAddress(b);
}

// The VLAN (0 = untagged) each network travels in.
int vlan_of(const site::Network& n) { return n.vlan.value_or(0); }

PortVlans port_vlans_for(const site::Site& site, const site::Nic& nic) {
  PortVlans v;
  std::set<int> vlans;
  if (nic.networks.empty()) {
    for (const auto& n : site.networks) vlans.insert(vlan_of(n));
  } else {
    for (const auto& name : nic.networks)
      if (const auto* n = site.find_network(name)) vlans.insert(vlan_of(*n));
  }
  if (nic.mode == site::NicMode::access) {
    v.mode = PortVlans::Mode::access;
    v.access_vlan = vlans.empty() ? 0 : *vlans.begin();  // the validator ensures they share one VLAN
    return v;
  }
  v.mode = PortVlans::Mode::trunk;
  v.trunks.assign(vlans.begin(), vlans.end());
  return v;
}

struct BackendChoice {
  site::Backend backend;
  std::string reason;
};

BackendChoice choose_backend(const plan::HostPlan& host, const KernelFeatures& kernel) {
  if (host.backend == site::Backend::ovs) return {site::Backend::ovs, "backend: ovs in the site file"};
  bool has_bond = false, has_vlan = false;
  for (const auto& l : host.links) {
    has_bond |= l.kind == plan::LinkKind::bond;
    has_vlan |= l.kind == plan::LinkKind::vlan;
  }
  if (has_bond && !kernel.bonding && has_vlan && !kernel.vlan)
    return {site::Backend::ovs, "its bond and VLANs need the OVS backend: this kernel has neither bonding nor 802.1q"};
  if (has_bond && !kernel.bonding)
    return {site::Backend::ovs, "its bond needs the OVS backend: this kernel has no bonding driver"};
  if (has_vlan && !kernel.vlan)
    return {site::Backend::ovs, "its VLANs need the OVS backend: this kernel has no 802.1q support"};
  if (!has_bond && !has_vlan) return {site::Backend::kernel, "plain NICs only: netlink needs no bonding or 802.1q"};
  return {site::Backend::kernel, "this kernel builds its bonds and VLANs through netlink"};
}

// Union-find over instance indexes: an uplink that joins two already-joined instances closes a loop.
struct Components {
  std::vector<size_t> parent;
  explicit Components(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), size_t{0}); }
  size_t root(size_t x) { return parent[x] == x ? x : parent[x] = root(parent[x]); }
  bool join(size_t a, size_t b) {
    a = root(a), b = root(b);
    if (a == b) return false;
    parent[a] = b;
    return true;
  }
};

class TopologyBuilder {
 public:
  TopologyBuilder(const site::Site& site, const plan::ClusterPlan& plan, std::string lab,
                  const KernelFeatures& kernel)
      : site_(site), plan_(plan), kernel_(kernel) {
    topo_.lab = std::move(lab);
    topo_.site = site.name;
    topo_.fabric_layer = site.fabric.layer;
  }

  TopologyResult build() {
    if (!is_valid_lab_name(topo_.lab)) {
      diags_.error(SourceMark{}, fmt::format("invalid lab name '{}'", topo_.lab),
                   "use 1-20 characters of a-z, 0-9 and '-', starting with a letter or digit (--name)");
      return finish();
    }
    make_instances();
    make_hosts_and_cables();
    make_uplinks();
    if (site_.fabric.layer == 3)
      make_routing();
    else
      make_layer2_router();
    check_namespaces_unique();
    return finish();
  }

 private:
  TopologyResult finish() {
    TopologyResult r;
    if (!diags_.has_errors()) r.topology = std::move(topo_);
    r.diagnostics = std::move(diags_);
    return r;
  }

  void make_instances() {
    for (const auto& sw : site_.switches) {
      if (instance_index_.count(sw.name)) continue;
      SwitchInstance inst;
      inst.members = {sw.name};
      inst.name = sw.name;
      if (sw.mlag_peer) {
        const auto* peer = site_.find_switch(*sw.mlag_peer);
        if (peer && peer->mlag_peer == sw.name && peer->name != sw.name) {
          inst.members.push_back(peer->name);
          inst.name = sw.name + "+" + peer->name;
        }
      }
      inst.netns = lab_namespace(topo_.lab, inst.name);
      inst.mtu = 0;
      for (const auto& m : inst.members) {
        const auto* s = site_.find_switch(m);
        int mtu = s->mtu.value_or(site_.fabric.mtu);
        inst.mtu = inst.mtu == 0 ? mtu : std::min(inst.mtu, mtu);
        instance_index_[m] = topo_.switches.size();
      }
      topo_.switches.push_back(std::move(inst));
      port_counter_.push_back(0);
      uplink_counter_.push_back(0);
    }
  }

  void make_hosts_and_cables() {
    for (const auto& host : site_.hosts) {
      const auto* hp = plan_.find_host(host.name);
      if (!hp) {
        diags_.error(host.marks.self, fmt::format("host {} is missing from the plan", host.name),
                     "plan the site again; the plan must come from this site file");
        continue;
      }
      auto choice = choose_backend(*hp, kernel_);
      topo_.hosts.push_back({host.name, lab_namespace(topo_.lab, host.name), choice.backend, choice.reason});
      for (const auto& nic : host.nics) {
        if (nic.name.size() > kMaxInterfaceName) {
          diags_.error(nic.marks.of("name"),
                       fmt::format("host {} NIC {}: name longer than 15 characters", host.name, nic.name),
                       "Linux interface names have at most 15 characters; shorten it");
          continue;
        }
        auto it = instance_index_.find(nic.switch_name);
        if (it == instance_index_.end()) {
          diags_.error(nic.marks.of("switch"),
                       fmt::format("host {} NIC {}: unknown switch '{}'", host.name, nic.name, nic.switch_name),
                       "name a switch from the switches list");
          continue;
        }
        auto& inst = topo_.switches[it->second];
        std::string port = fmt::format("p{}", ++port_counter_[it->second]);
        LabLink link;
        link.id = host.name + ":" + nic.name;
        link.role = LinkRole::cable;
        link.a = {topo_.hosts.back().netns, nic.name,
                  nic.mac.value_or(derived_mac(topo_.lab, topo_.hosts.back().netns, nic.name))};
        link.b = {inst.netns, port, derived_mac(topo_.lab, inst.netns, port)};
        link.mtu = inst.mtu;
        inst.ports.push_back({port, nic.switch_name, nic.port, link.id, link.id, port_vlans_for(site_, nic)});
        topo_.links.push_back(std::move(link));
      }
      add_host_bond(host, *hp);
    }
  }

  // A host's 802.3ad bond (or static LAG) meets a bond on the switch side when all its members end on
  // one instance (one switch, or an MLAG pair). Active-backup needs nothing from the switch.
  void add_host_bond(const site::Host& host, const plan::HostPlan& hp) {
    for (const auto& l : hp.links) {
      if (l.kind != plan::LinkKind::bond || !l.bond || l.bond->mode == plan::BondMode::active_backup) continue;
      std::optional<size_t> inst_index;
      std::vector<std::string> ports;
      bool one_instance = true;
      for (const auto& member : l.members) {
        std::string id = host.name + ":" + member;
        for (size_t i = 0; i < topo_.switches.size(); ++i)
          for (const auto& p : topo_.switches[i].ports)
            if (p.link_id == id) {
              if (inst_index && *inst_index != i) one_instance = false;
              inst_index = i;
              ports.push_back(p.name);
            }
      }
      if (!inst_index || !one_instance || ports.size() < 2) continue;
      auto& inst = topo_.switches[*inst_index];
      SwitchBond bond;
      bond.name = fmt::format("lag{}", inst.bonds.size() + 1);
      bond.ports = ports;
      bond.lacp = l.bond->mode == plan::BondMode::lacp;
      bond.peer = "host " + host.name;
      bond.vlans = inst.find_port(ports.front())->vlans;
      inst.bonds.push_back(std::move(bond));
    }
  }

  void make_uplinks() {
    // Parallel uplinks between two instances (an MLAG pair's two uplinks to one spine) become one
    // LACP bond on layer 2, the way an MLAG pair presents one LAG upstream.
    std::map<std::pair<size_t, size_t>, std::vector<std::pair<std::string, std::string>>> bundles;
    uint32_t transfer_index = 0;
    for (const auto& sw : site_.switches) {
      for (const auto& up : sw.uplinks) {
        auto ia = instance_index_.find(sw.name), ib = instance_index_.find(up);
        if (ia == instance_index_.end() || ib == instance_index_.end()) {
          diags_.error(sw.marks.of("uplinks"), fmt::format("switch {}: unknown uplink '{}'", sw.name, up),
                       "name a switch from the switches list");
          continue;
        }
        if (ia->second == ib->second) continue;  // the MLAG peer link lives inside the instance
        auto& a = topo_.switches[ia->second];
        auto& b = topo_.switches[ib->second];
        std::string pa = fmt::format("u{}", ++uplink_counter_[ia->second]);
        std::string pb = fmt::format("u{}", ++uplink_counter_[ib->second]);
        LabLink link;
        link.id = fmt::format("{}>{}#{}", sw.name, up, topo_.links.size() + 1);
        link.role = LinkRole::uplink;
        link.a = {a.netns, pa, derived_mac(topo_.lab, a.netns, pa)};
        link.b = {b.netns, pb, derived_mac(topo_.lab, b.netns, pb)};
        link.mtu = std::min(a.mtu, b.mtu);
        SwitchPort port_a{pa, sw.name, "uplink", b.name, link.id, PortVlans{}};
        SwitchPort port_b{pb, up, "uplink", a.name, link.id, PortVlans{}};
        if (site_.fabric.layer == 3) {
          uint32_t base = kTransferBase + 2 * transfer_index++;
          port_a.routed = port_b.routed = true;
          port_a.address = Ipv4Prefix(Ipv4Address(base), 31);
          port_b.address = Ipv4Prefix(Ipv4Address(base + 1), 31);
        }
        a.ports.push_back(std::move(port_a));
        b.ports.push_back(std::move(port_b));
        auto key = std::minmax(ia->second, ib->second);
        bundles[key].push_back(ia->second < ib->second ? std::pair{pa, pb} : std::pair{pb, pa});
        topo_.links.push_back(std::move(link));
      }
    }
    if (site_.fabric.layer == 3) return;  // routed uplinks: no bridging, no loops
    Components components(topo_.switches.size());
    bool loop = false;
    for (const auto& [pair, ports] : bundles) {
      loop |= !components.join(pair.first, pair.second);
      if (ports.size() < 2) continue;
      SwitchBond lo, hi;
      lo.name = fmt::format("uplag{}", topo_.switches[pair.first].bonds.size() + 1);
      hi.name = fmt::format("uplag{}", topo_.switches[pair.second].bonds.size() + 1);
      lo.peer = topo_.switches[pair.second].name;
      hi.peer = topo_.switches[pair.first].name;
      for (const auto& [p_lo, p_hi] : ports) {
        lo.ports.push_back(p_lo);
        hi.ports.push_back(p_hi);
      }
      topo_.switches[pair.first].bonds.push_back(std::move(lo));
      topo_.switches[pair.second].bonds.push_back(std::move(hi));
    }
    if (loop)
      for (auto& inst : topo_.switches) inst.rstp = true;
  }

  // Layer 3: each leaf owns its rack's gateways (one internal port per VLAN); every instance routes to
  // every rack subnet along shortest paths over the routed uplinks (equal-cost paths become ECMP).
  void make_routing() {
    std::map<size_t, std::vector<Ipv4Prefix>> subnets_of;  // leaf instance -> its rack subnets
    for (size_t i = 0; i < topo_.switches.size(); ++i) {
      auto& inst = topo_.switches[i];
      inst.routing = true;
      for (const auto& member : inst.members) {
        const auto* sw = site_.find_switch(member);
        if (!sw->rack) continue;
        std::map<int, GatewayInterface> by_vlan;
        for (const auto& net : plan_.networks) {
          auto subnet = net.rack_subnets.find(*sw->rack);
          if (subnet == net.rack_subnets.end()) continue;
          auto gw = net.rack_gateways.find(*sw->rack);
          auto address = gw != net.rack_gateways.end() ? std::optional(gw->second) : subnet->second.nth(1);
          if (!address) continue;
          int vlan = net.vlan.value_or(0);
          auto& g = by_vlan[vlan];
          g.name = fmt::format("gw{}", vlan);
          g.vlan = vlan;
          Ipv4Prefix with_address(*address, subnet->second.length());
          if (std::find(g.addresses.begin(), g.addresses.end(), with_address) == g.addresses.end()) {
            g.addresses.push_back(with_address);
            subnets_of[i].push_back(subnet->second);
          }
        }
        for (auto& [vlan, g] : by_vlan) inst.gateways.push_back(std::move(g));
      }
    }
    // Adjacency over routed uplinks: neighbour instance and the neighbour's address on that link.
    std::vector<std::vector<std::pair<size_t, Ipv4Address>>> adjacent(topo_.switches.size());
    for (const auto& link : topo_.links) {
      if (link.role != LinkRole::uplink) continue;
      size_t a = index_of_netns(link.a.netns), b = index_of_netns(link.b.netns);
      const auto* pa = topo_.switches[a].find_port(link.a.ifname);
      const auto* pb = topo_.switches[b].find_port(link.b.ifname);
      adjacent[a].push_back({b, pb->address->address()});
      adjacent[b].push_back({a, pa->address->address()});
    }
    for (const auto& [leaf, subnets] : subnets_of) {
      std::vector<int> dist(topo_.switches.size(), -1);
      std::deque<size_t> queue{leaf};
      dist[leaf] = 0;
      while (!queue.empty()) {
        size_t x = queue.front();
        queue.pop_front();
        for (const auto& [y, addr] : adjacent[x])
          if (dist[y] < 0) dist[y] = dist[x] + 1, queue.push_back(y);
      }
      for (size_t x = 0; x < topo_.switches.size(); ++x) {
        if (x == leaf || dist[x] < 0) continue;
        std::vector<Ipv4Address> via;
        for (const auto& [y, addr] : adjacent[x])
          if (dist[y] == dist[x] - 1 && std::find(via.begin(), via.end(), addr) == via.end()) via.push_back(addr);
        for (const auto& subnet : subnets) topo_.switches[x].routes.push_back({subnet, via});
      }
    }
  }

  // Layer 2: the site's gateways belong to a router the site already has; the lab puts them on the
  // first switch instance (one internal port per VLAN), so hosts can verify and use their gateways.
  void make_layer2_router() {
    if (topo_.switches.empty()) return;
    auto& inst = topo_.switches.front();
    std::map<int, GatewayInterface> by_vlan;
    for (const auto& net : plan_.networks) {
      if (!net.gateway || net.subnets.empty()) continue;
      int vlan = net.vlan.value_or(0);
      auto& g = by_vlan[vlan];
      g.name = fmt::format("gw{}", vlan);
      g.vlan = vlan;
      g.addresses.push_back(Ipv4Prefix(*net.gateway, net.subnets.front().length()));
    }
    for (auto& [vlan, g] : by_vlan) inst.gateways.push_back(std::move(g));
    inst.routing = !inst.gateways.empty();
  }

  size_t index_of_netns(const std::string& netns) const {
    for (size_t i = 0; i < topo_.switches.size(); ++i)
      if (topo_.switches[i].netns == netns) return i;
    return 0;  // cannot happen: every uplink end is an instance's namespace
  }

  void check_namespaces_unique() {
    std::set<std::string> seen;
    for (const auto& ns : topo_.namespaces())
      if (!seen.insert(ns).second)
        diags_.error(site_.marks.self,
                     fmt::format("namespace {} would be used twice (a host and a switch share a name)", ns),
                     "give hosts and switches distinct names");
  }

  const site::Site& site_;
  const plan::ClusterPlan& plan_;
  KernelFeatures kernel_;
  LabTopology topo_;
  Diagnostics diags_;
  std::map<std::string, size_t> instance_index_;  // site switch -> instance
  std::vector<int> port_counter_;
  std::vector<int> uplink_counter_;
};

template <class T>
const T* find_named(const std::vector<T>& items, const std::string& name) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.name == name; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

const SwitchPort* SwitchInstance::find_port(const std::string& port_name) const {
  return find_named(ports, port_name);
}
const LabHost* LabTopology::find_host(const std::string& n) const { return find_named(hosts, n); }
const SwitchInstance* LabTopology::find_switch(const std::string& n) const { return find_named(switches, n); }

const SwitchInstance* LabTopology::instance_of(const std::string& site_switch) const {
  for (const auto& inst : switches)
    if (std::find(inst.members.begin(), inst.members.end(), site_switch) != inst.members.end()) return &inst;
  return nullptr;
}

std::vector<std::string> LabTopology::namespaces() const {
  std::vector<std::string> out;
  for (const auto& h : hosts) out.push_back(h.netns);
  for (const auto& s : switches) out.push_back(s.netns);
  return out;
}

TopologyResult build_lab_topology(const site::Site& site, const plan::ClusterPlan& plan,
                                  const std::string& lab, const KernelFeatures& kernel) {
  return TopologyBuilder(site, plan, lab, kernel).build();
}

bool is_valid_lab_name(const std::string& lab) {
  if (lab.empty() || lab.size() > 20 || lab.front() == '-') return false;
  return std::all_of(lab.begin(), lab.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string lab_namespace(const std::string& lab, const std::string& node) { return "nk-" + lab + "-" + node; }

}  // namespace netkeel::lab
