#include "fakes/kernel/fake_netlink.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace netkeel::kernel {
namespace {

constexpr uint8_t kProtocolKernel = 2;    // RTPROT_KERNEL
constexpr uint8_t kScopeLink = 253;       // RT_SCOPE_LINK
constexpr uint32_t kMainTable = 254;
constexpr int kMinimumMtu = 68;           // ETH_MIN_MTU
constexpr int kMaximumMtu = 65535;        // the largest any virtual link here accepts
constexpr size_t kMaximumNameLength = 15;  // IFNAMSIZ - 1

[[noreturn]] void fail(const std::string& what, int error_number) {
  throw KernelError(fmt::format("{}: {}", what, std::strerror(error_number)), error_number);
}

bool same_route_key(const Route& a, const Route& b) {
  // The kernel's FIB key for IPv4: table, destination (network and length), tos and priority (metric).
  return a.table == b.table && a.destination.network() == b.destination.network() &&
         a.destination.length() == b.destination.length() && a.metric == b.metric;
}

BondAttributes with_kernel_defaults(BondAttributes b) {
  if (b.mode.empty()) b.mode = "balance-rr";
  if (b.lacp_rate.empty()) b.lacp_rate = "slow";
  if (b.xmit_hash_policy.empty()) b.xmit_hash_policy = "layer2";
  return b;
}

const std::set<std::string> kBondModes{"balance-rr", "active-backup", "balance-xor", "broadcast",
                                       "802.3ad",    "balance-tlb",   "balance-alb"};
const std::set<std::string> kHashPolicies{"layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac"};

}  // namespace

FakeNetlink::FakeNetlink() {
  FakeLink lo;
  lo.link.index = 1;
  lo.link.name = "lo";
  lo.link.mtu = 65536;
  lo.physical = true;
  lo.mac_set_explicitly = true;
  links_.emplace(1, lo);
  rules_ = {Rule{0, Ipv4Prefix{}, 255}, Rule{32766, Ipv4Prefix{}, 254}, Rule{32767, Ipv4Prefix{}, 253}};
}

// --- test controls ---

int FakeNetlink::add_physical_link(const std::string& name, const MacAddress& mac, int mtu, const std::string& kind) {
  if (lookup(name)) fail(fmt::format("add physical link {}", name), EEXIST);
  FakeLink l;
  l.link.index = next_index_++;
  l.link.name = name;
  l.link.kind = kind;
  l.link.mac = mac;
  l.link.mtu = mtu;
  l.physical = true;
  l.mac_set_explicitly = true;
  l.permanent_mac = mac;
  links_.emplace(l.link.index, l);
  return l.link.index;
}

void FakeNetlink::set_cable(const std::string& name, bool plugged_in) {
  FakeLink& l = find(name, fmt::format("set cable of {}", name));
  l.cable = plugged_in;
  update_carriers();
}

void FakeNetlink::fail_next(NetlinkOperation operation, int error_number) {
  injected_failures_[operation].push_back(error_number);
}

void FakeNetlink::set_supported_kinds(std::set<std::string> kinds) { supported_kinds_ = std::move(kinds); }

bool FakeNetlink::ipv6_link_local(const std::string& name) { return find(name, "ipv6_link_local").ipv6_link_local; }

void FakeNetlink::consume_injected_failure(NetlinkOperation operation, const std::string& what) {
  auto it = injected_failures_.find(operation);
  if (it == injected_failures_.end() || it->second.empty()) return;
  const int error_number = it->second.front();
  it->second.erase(it->second.begin());
  fail(what, error_number);
}

// --- reads ---

std::vector<Link> FakeNetlink::links() {
  consume_injected_failure(NetlinkOperation::read, "read links");
  std::vector<Link> out;
  for (const auto& [index, l] : links_) out.push_back(l.link);
  return out;
}

std::vector<Address> FakeNetlink::addresses() {
  consume_injected_failure(NetlinkOperation::read, "read addresses");
  std::vector<Address> out = addresses_;
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Route> FakeNetlink::routes() {
  consume_injected_failure(NetlinkOperation::read, "read routes");
  std::vector<Route> out = routes_;
  for (const Route& r : kernel_prefix_routes()) {
    if (std::none_of(out.begin(), out.end(), [&](const Route& o) { return same_route_key(o, r); })) out.push_back(r);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Rule> FakeNetlink::rules() {
  consume_injected_failure(NetlinkOperation::read, "read rules");
  std::vector<Rule> out = rules_;
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Neighbour> FakeNetlink::neighbours() {
  consume_injected_failure(NetlinkOperation::read, "read neighbours");
  std::vector<Neighbour> out = neighbours_;
  std::sort(out.begin(), out.end());
  return out;
}

// The routes the kernel adds for each address of an up link (proto kernel, scope link, in main).
std::vector<Route> FakeNetlink::kernel_prefix_routes() const {
  std::vector<Route> out;
  for (const Address& a : addresses_) {
    if (a.prefix_length == 32) continue;
    auto it = std::find_if(links_.begin(), links_.end(), [&](const auto& e) { return e.second.link.name == a.interface; });
    if (it == links_.end() || !it->second.link.admin_up || a.interface == "lo") continue;  // lo's go to table local
    Route r;
    r.table = kMainTable;
    r.destination = Ipv4Prefix(Ipv4Prefix(a.address, a.prefix_length).network(), a.prefix_length);
    r.interface = a.interface;
    r.source = a.address;
    r.protocol = kProtocolKernel;
    r.scope = kScopeLink;
    if (std::none_of(out.begin(), out.end(), [&](const Route& o) { return same_route_key(o, r); })) out.push_back(r);
  }
  return out;
}

// --- links ---

void FakeNetlink::create_link(const LinkSpec& spec) {
  const std::string what = fmt::format("create {} link {}", spec.kind, spec.name);
  consume_injected_failure(NetlinkOperation::create_link, what);
  if (spec.name.empty() || spec.name.size() > kMaximumNameLength) fail(what, EINVAL);
  if (!supported_kinds_.contains(spec.kind)) fail(what, EOPNOTSUPP);
  if (lookup(spec.name)) fail(what, EEXIST);
  if (spec.mtu < kMinimumMtu || spec.mtu > kMaximumMtu) fail(what, EINVAL);
  if (!spec.macvlan_mode.empty() && spec.kind != "macvlan") fail(what, EINVAL);

  FakeLink l;
  l.link.index = next_index_;
  l.link.name = spec.name;
  l.link.kind = spec.kind;
  l.link.mtu = spec.mtu;
  if (spec.kind == "vlan") {
    FakeLink* parent = lookup(spec.parent);
    if (!parent) fail(what + " on " + spec.parent, ENODEV);
    if (spec.vlan_id < 1 || spec.vlan_id > 4094) fail(what, ERANGE);
    for (const auto& [index, other] : links_) {
      if (other.link.kind == "vlan" && other.link.parent == spec.parent && other.link.vlan_id == spec.vlan_id)
        fail(what, EEXIST);  // one VLAN id per parent
    }
    if (spec.mtu > parent->link.mtu) fail(what, ERANGE);
    l.link.parent = spec.parent;
    l.link.vlan_id = spec.vlan_id;
    l.link.mac = parent->link.mac;  // a VLAN inherits its parent's MAC
  } else if (spec.kind == "macvlan") {
    FakeLink* parent = lookup(spec.parent);
    if (!parent) fail(what + " on " + spec.parent, ENODEV);
    if (parent->link.kind == "macvlan") fail(what + ": macvlan on a macvlan", EINVAL);
    if (spec.mtu > parent->link.mtu) fail(what, EINVAL);  // macvlan says EINVAL where a VLAN says ERANGE
    static const std::set<std::string> kMacvlanModes{"private", "vepa", "bridge", "passthru", "source"};
    const std::string mode = spec.macvlan_mode.empty() ? "vepa" : spec.macvlan_mode;
    if (!kMacvlanModes.contains(mode)) fail(what + ": macvlan mode " + mode, EINVAL);
    l.link.parent = spec.parent;
    l.link.macvlan_mode = mode;
    l.link.mac = generated_mac(l.link.index);
  } else {
    l.link.mac = generated_mac(l.link.index);
  }
  if (spec.kind == "bond") {
    BondAttributes bond = with_kernel_defaults(spec.bond.value_or(BondAttributes{}));
    if (!kBondModes.contains(bond.mode)) fail(what + ": bond mode " + bond.mode, EINVAL);
    if (!kHashPolicies.contains(bond.xmit_hash_policy)) fail(what + ": xmit_hash_policy " + bond.xmit_hash_policy, EINVAL);
    if (bond.lacp_rate != "slow" && bond.lacp_rate != "fast") fail(what + ": lacp_rate " + bond.lacp_rate, EINVAL);
    // The kernel refuses lacp_rate outside 802.3ad ("mode dependency failed").
    if (spec.bond && !spec.bond->lacp_rate.empty() && bond.mode != "802.3ad") fail(what + ": lacp_rate", EACCES);
    if (bond.miimon_ms < 0) fail(what + ": miimon", EINVAL);
    if (!bond.primary.empty()) {
      if (bond.mode != "active-backup" && bond.mode != "balance-tlb" && bond.mode != "balance-alb")
        fail(what + ": primary", EACCES);
      if (!lookup(bond.primary)) fail(what + ": primary " + bond.primary, ENODEV);
    }
    l.link.bond = bond;
  }
  if (spec.mac) {
    if (spec.mac->is_multicast() || spec.mac->is_zero()) fail(what + ": MAC " + spec.mac->str(), EADDRNOTAVAIL);
    l.link.mac = *spec.mac;
    l.mac_set_explicitly = true;
  }
  l.permanent_mac = l.link.mac;
  l.ipv6_link_local = spec.ipv6_link_local;
  ++next_index_;
  links_.emplace(l.link.index, l);
  ++mutation_count_;
}

void FakeNetlink::delete_link(const std::string& name) {
  const std::string what = fmt::format("delete link {}", name);
  consume_injected_failure(NetlinkOperation::delete_link, what);
  FakeLink& l = find(name, what);
  if (l.physical && l.link.kind != "veth") fail(what, EOPNOTSUPP);  // a NIC (or lo) cannot be deleted
  remove_link(name);
  update_carriers();
  ++mutation_count_;
}

// What unregistering a link takes along: its VLANs and macvlans, its members' enslavement, its addresses, the routes
// through it and its neighbours.
void FakeNetlink::remove_link(const std::string& name) {
  std::vector<std::string> vlans;
  for (auto& [index, other] : links_) {
    if ((other.link.kind == "vlan" || other.link.kind == "macvlan") && other.link.parent == name)
      vlans.push_back(other.link.name);
  }
  for (const auto& v : vlans) remove_link(v);
  for (FakeLink* member : members_of(name)) release(*member);
  std::erase_if(addresses_, [&](const Address& a) { return a.interface == name; });
  std::erase_if(routes_, [&](const Route& r) { return r.interface == name; });
  std::erase_if(neighbours_, [&](const Neighbour& n) { return n.interface == name; });
  std::erase_if(links_, [&](const auto& e) { return e.second.link.name == name; });
}

// Applied in LibnlNetlink's order: take down, rename, MTU, MAC, master, bring up. Everything is checked
// before the first step, so a refused change changes nothing here.
void FakeNetlink::change_link(const std::string& name, const LinkChange& change) {
  const std::string what = fmt::format("change link {}", name);
  consume_injected_failure(NetlinkOperation::change_link, what);
  FakeLink& l = find(name, what);
  const bool up_during_change = l.link.admin_up && change.admin_up != false;
  if (change.name && *change.name != name) {
    if (change.name->empty() || change.name->size() > kMaximumNameLength) fail(what + ": rename", EINVAL);
    if (lookup(*change.name)) fail(what + ": rename to " + *change.name, EEXIST);
    if (up_during_change) fail(what + ": rename while up", EBUSY);  // dev_change_name()
  }
  if (change.mtu) {
    if (*change.mtu < kMinimumMtu || *change.mtu > kMaximumMtu) fail(fmt::format("{}: MTU {}", what, *change.mtu), EINVAL);
    const FakeLink* parent = l.link.kind == "vlan" || l.link.kind == "macvlan" ? lookup(l.link.parent) : nullptr;
    if (parent && *change.mtu > parent->link.mtu)
      fail(fmt::format("{}: MTU {} above parent {}", what, *change.mtu, l.link.parent),
           l.link.kind == "macvlan" ? EINVAL : ERANGE);
  }
  if (change.mac && (change.mac->is_multicast() || change.mac->is_zero()))
    fail(what + ": MAC " + change.mac->str(), EADDRNOTAVAIL);
  FakeLink* new_master = nullptr;
  if (change.master && !change.master->empty() && *change.master != l.link.master) {
    new_master = &find(*change.master, what + ": master");
    if (new_master->link.kind != "bond" && new_master->link.kind != "bridge")
      fail(what + ": master " + *change.master, EOPNOTSUPP);
    if (new_master == &l) fail(what + ": master", ELOOP);
    if (l.link.kind == "bond" && new_master->link.kind == "bond") fail(what + ": bond in bond", EOPNOTSUPP);
    // bond_enslave(): "Device can not be enslaved while up".
    if (new_master->link.kind == "bond" && up_during_change) fail(what + ": enslave to bond while up", EPERM);
  }

  if (change.admin_up == false) set_admin_up(l, false);
  if (change.name && *change.name != name) rename(l, *change.name);
  if (change.mtu) set_mtu(l, *change.mtu);
  if (change.mac) {
    l.link.mac = *change.mac;
    l.mac_set_explicitly = true;
    for (auto& [index, other] : links_) {
      if (other.link.kind == "vlan" && other.link.parent == l.link.name && !other.mac_set_explicitly)
        other.link.mac = *change.mac;
    }
    if (!l.link.master.empty()) {
      FakeLink* master = lookup(l.link.master);
      if (master && master->link.kind == "bridge") follow_ports(*master);
    }
  }
  if (change.master && *change.master != l.link.master) {
    if (!l.link.master.empty()) release(l);
    if (new_master) enslave(l, *new_master);
  }
  if (change.admin_up == true) set_admin_up(l, true);
  update_carriers();
  ++mutation_count_;
}

void FakeNetlink::set_mtu(FakeLink& l, int mtu) {
  l.link.mtu = mtu;
  if (l.link.kind == "bridge") l.mtu_set_by_user = true;
  if (l.link.kind == "bond") {
    for (FakeLink* member : members_of(l.link.name)) member->link.mtu = mtu;  // a bond sets its members' MTU
  }
  // VLANs above a link that shrank shrink with it (vlan_device_event NETDEV_CHANGEMTU).
  for (auto& [index, other] : links_) {
    if (other.link.kind == "vlan" && other.link.parent == l.link.name && other.link.mtu > mtu) other.link.mtu = mtu;
  }
  if (!l.link.master.empty()) {
    FakeLink* master = lookup(l.link.master);
    if (master && master->link.kind == "bridge") follow_ports(*master);
  }
}

void FakeNetlink::enslave(FakeLink& member, FakeLink& master) {
  member.link.master = master.link.name;
  if (master.link.kind == "bond") {
    const bool first = members_of(master.link.name).size() == 1;
    if (first && !master.mac_set_explicitly) {
      master.link.mac = member.link.mac;  // a bond without its own MAC takes its first member's
      for (auto& [index, other] : links_) {
        if (other.link.kind == "vlan" && other.link.parent == master.link.name) other.link.mac = master.link.mac;
      }
    }
    const std::string& mode = master.link.bond ? master.link.bond->mode : "balance-rr";
    if (mode != "balance-tlb" && mode != "balance-alb") member.link.mac = master.link.mac;
    member.mtu_before_enslaving = member.link.mtu;
    member.link.mtu = master.link.mtu;
    member.link.admin_up = true;  // bond_enslave() opens the member
  } else {
    follow_ports(master);
  }
}

void FakeNetlink::release(FakeLink& member) {
  FakeLink* master = lookup(member.link.master);
  member.link.master.clear();
  if (!master) return;
  if (master->link.kind == "bond") {
    // __bond_release_one(): the member gets its own MAC and MTU back and is closed.
    member.link.mac = member.permanent_mac;
    if (member.mtu_before_enslaving) member.link.mtu = member.mtu_before_enslaving;
    set_admin_up(member, false);
  } else {
    follow_ports(*master);
  }
}

// br_mtu_auto_adjust() and br_stp_recalculate_bridge_id(): a bridge takes its smallest port MTU (1500
// without ports) unless its MTU was set, and its smallest port MAC unless its MAC was set.
void FakeNetlink::follow_ports(FakeLink& bridge) {
  const auto ports = members_of(bridge.link.name);
  if (!bridge.mtu_set_by_user) {
    int mtu = 0;
    for (const FakeLink* p : ports) mtu = mtu == 0 ? p->link.mtu : std::min(mtu, p->link.mtu);
    bridge.link.mtu = mtu == 0 ? 1500 : mtu;
  }
  if (!bridge.mac_set_explicitly && !ports.empty()) {
    MacAddress lowest = ports.front()->link.mac;
    for (const FakeLink* p : ports) lowest = std::min(lowest, p->link.mac);
    bridge.link.mac = lowest;
  }
}

void FakeNetlink::set_admin_up(FakeLink& l, bool up) {
  if (l.link.admin_up == up) return;
  l.link.admin_up = up;
  if (up) {
    if (l.link.name == "lo" &&
        std::none_of(addresses_.begin(), addresses_.end(), [](const Address& a) { return a.interface == "lo"; }))
      addresses_.push_back(Address{"lo", Ipv4Address(0x7f000001), 8});
    return;
  }
  // Taking a link down flushes the routes through it and its neighbours (permanent ones too).
  std::erase_if(routes_, [&](const Route& r) { return r.interface == l.link.name; });
  std::erase_if(neighbours_, [&](const Neighbour& n) { return n.interface == l.link.name; });
}

void FakeNetlink::update_carriers() {
  // Physical links first, then links that depend on others, until nothing changes.
  bool changed = true;
  while (changed) {
    changed = false;
    for (auto& [index, l] : links_) {
      bool carrier = false;
      if (!l.link.admin_up) {
        carrier = false;
      } else if (l.physical) {
        carrier = l.cable;
      } else if (l.link.kind == "dummy") {
        carrier = true;
      } else if (l.link.kind == "vlan" || l.link.kind == "macvlan") {
        const FakeLink* parent = lookup(l.link.parent);
        carrier = parent && parent->link.carrier;
      } else {  // bond, bridge: any member with carrier
        for (const FakeLink* m : members_of(l.link.name)) carrier = carrier || m->link.carrier;
      }
      if (carrier != l.link.carrier) {
        l.link.carrier = carrier;
        changed = true;
      }
    }
  }
}

void FakeNetlink::rename(FakeLink& l, const std::string& new_name) {
  const std::string old_name = l.link.name;
  l.link.name = new_name;
  for (auto& [index, other] : links_) {
    if (other.link.master == old_name) other.link.master = new_name;
    if (other.link.parent == old_name) other.link.parent = new_name;
  }
  for (auto& a : addresses_) if (a.interface == old_name) a.interface = new_name;
  for (auto& r : routes_) if (r.interface == old_name) r.interface = new_name;
  for (auto& n : neighbours_) if (n.interface == old_name) n.interface = new_name;
}

// --- addresses ---

void FakeNetlink::add_address(const Address& a) {
  const std::string what = fmt::format("add address {}/{} to {}", a.address.str(), a.prefix_length, a.interface);
  consume_injected_failure(NetlinkOperation::add_address, what);
  find(a.interface, what);
  if (a.prefix_length < 0 || a.prefix_length > 32) fail(what, EINVAL);
  if (std::find(addresses_.begin(), addresses_.end(), a) != addresses_.end()) fail(what, EEXIST);
  addresses_.push_back(a);
  ++mutation_count_;
}

void FakeNetlink::delete_address(const Address& a) {
  const std::string what = fmt::format("delete address {}/{} from {}", a.address.str(), a.prefix_length, a.interface);
  consume_injected_failure(NetlinkOperation::delete_address, what);
  find(a.interface, what);
  auto it = std::find(addresses_.begin(), addresses_.end(), a);
  if (it == addresses_.end()) fail(what, EADDRNOTAVAIL);
  addresses_.erase(it);
  // Routes whose preferred source was this address go with it (fib_del_ifaddr).
  if (!is_local_address(a.address)) {
    std::erase_if(routes_, [&](const Route& r) { return r.source == a.address; });
  }
  ++mutation_count_;
}

bool FakeNetlink::is_local_address(Ipv4Address address) const {
  return std::any_of(addresses_.begin(), addresses_.end(), [&](const Address& a) { return a.address == address; });
}

// A gateway must be on a subnet the route's interface reaches directly: one of its addresses' prefixes or
// a scope-link route through it.
bool FakeNetlink::gateway_reachable(const Route& r) const {
  for (const Address& a : addresses_) {
    if (a.interface == r.interface && Ipv4Prefix(a.address, a.prefix_length).contains(*r.gateway)) return true;
  }
  for (const Route& o : routes_) {
    if (o.interface == r.interface && o.scope == kScopeLink && !o.gateway && o.destination.contains(*r.gateway)) return true;
  }
  return false;
}

// --- routes ---

void FakeNetlink::replace_route(const Route& r) {
  const std::string what = fmt::format("replace route {} table {}", r.destination.str(), r.table);
  consume_injected_failure(NetlinkOperation::replace_route, what);
  if (r.table == 0 || r.table == 255) fail(what, EINVAL);
  if (r.interface.empty()) fail(what + ": no interface", EINVAL);
  FakeLink& l = find(r.interface, what);
  if (!l.link.admin_up) fail(what + " dev " + r.interface, ENETDOWN);
  if (r.source && !is_local_address(*r.source)) fail(what + ": prefsrc " + r.source->str(), EINVAL);
  if (r.gateway) {
    if (r.scope == kScopeLink) fail(what + ": gateway with scope link", EINVAL);
    if (!gateway_reachable(r)) fail(what + ": gateway " + r.gateway->str(), ENETUNREACH);
  }
  Route stored = r;
  stored.destination = Ipv4Prefix(r.destination.network(), r.destination.length());
  auto it = std::find_if(routes_.begin(), routes_.end(), [&](const Route& o) { return same_route_key(o, stored); });
  if (it != routes_.end()) *it = stored;
  else routes_.push_back(stored);
  ++mutation_count_;
}

void FakeNetlink::delete_route(const Route& r) {
  const std::string what = fmt::format("delete route {} table {}", r.destination.str(), r.table);
  consume_injected_failure(NetlinkOperation::delete_route, what);
  // The kernel deletes the first route with this key whose given attributes match.
  auto it = std::find_if(routes_.begin(), routes_.end(), [&](const Route& o) {
    return same_route_key(o, r) && (!r.gateway || o.gateway == r.gateway) &&
           (r.interface.empty() || o.interface == r.interface) && (r.protocol == 0 || o.protocol == r.protocol);
  });
  if (it == routes_.end()) fail(what, ESRCH);
  routes_.erase(it);
  ++mutation_count_;
}

// --- rules ---

void FakeNetlink::add_rule(const Rule& r) {
  const std::string what = fmt::format("add rule {} from {} lookup {}", r.priority, r.from.str(), r.table);
  consume_injected_failure(NetlinkOperation::add_rule, what);
  if (r.table == 0) fail(what, EINVAL);
  Rule stored{r.priority, Ipv4Prefix(r.from.network(), r.from.length()), r.table};
  if (std::find(rules_.begin(), rules_.end(), stored) != rules_.end()) fail(what, EEXIST);
  rules_.push_back(stored);
  ++mutation_count_;
}

void FakeNetlink::delete_rule(const Rule& r) {
  const std::string what = fmt::format("delete rule {} from {} lookup {}", r.priority, r.from.str(), r.table);
  consume_injected_failure(NetlinkOperation::delete_rule, what);
  Rule stored{r.priority, Ipv4Prefix(r.from.network(), r.from.length()), r.table};
  auto it = std::find(rules_.begin(), rules_.end(), stored);
  if (it == rules_.end()) fail(what, ENOENT);
  rules_.erase(it);
  ++mutation_count_;
}

// --- neighbours ---

void FakeNetlink::replace_neighbour(const Neighbour& n) {
  const std::string what = fmt::format("replace neighbour {} lladdr {} dev {}", n.address.str(), n.mac.str(), n.interface);
  consume_injected_failure(NetlinkOperation::replace_neighbour, what);
  find(n.interface, what);
  Neighbour stored = n;
  stored.state = NeighbourState::permanent;
  auto it = std::find_if(neighbours_.begin(), neighbours_.end(),
                         [&](const Neighbour& o) { return o.interface == n.interface && o.address == n.address; });
  if (it != neighbours_.end()) *it = stored;
  else neighbours_.push_back(stored);
  ++mutation_count_;
}

void FakeNetlink::delete_neighbour(const Neighbour& n) {
  const std::string what = fmt::format("delete neighbour {} dev {}", n.address.str(), n.interface);
  consume_injected_failure(NetlinkOperation::delete_neighbour, what);
  find(n.interface, what);
  auto it = std::find_if(neighbours_.begin(), neighbours_.end(),
                         [&](const Neighbour& o) { return o.interface == n.interface && o.address == n.address; });
  if (it == neighbours_.end()) fail(what, ENOENT);
  neighbours_.erase(it);
  ++mutation_count_;
}

// --- helpers ---

FakeNetlink::FakeLink* FakeNetlink::lookup(const std::string& name) {
  for (auto& [index, l] : links_) {
    if (l.link.name == name) return &l;
  }
  return nullptr;
}

FakeNetlink::FakeLink& FakeNetlink::find(const std::string& name, const std::string& what) {
  FakeLink* l = lookup(name);
  if (!l) fail(fmt::format("{}: no link {}", what, name), ENODEV);
  return *l;
}

std::vector<FakeNetlink::FakeLink*> FakeNetlink::members_of(const std::string& master) {
  std::vector<FakeLink*> out;
  for (auto& [index, l] : links_) {
    if (l.link.master == master) out.push_back(&l);
  }
  return out;
}

MacAddress FakeNetlink::generated_mac(int index) const {
  // Locally administered, unicast, unique per index (the real kernel picks random ones).
  return MacAddress({0x02, 0x6e, 0x6b, static_cast<uint8_t>(index >> 16), static_cast<uint8_t>(index >> 8),
                     static_cast<uint8_t>(index)});
}

}  // namespace netkeel::kernel
