#include "netkeel/kernel/libnl_netlink.hpp"

#include <fmt/format.h>
#include <linux/fib_rules.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/macvlan.h>
#include <netlink/route/link/vlan.h>
#include <netlink/route/neighbour.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/route.h>
#include <netlink/route/rule.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

#include "netkeel/kernel/bond_netlink_attributes.hpp"
#include "netkeel/kernel/link_request_builder.hpp"

namespace netkeel::kernel {
namespace {

constexpr uint32_t kLocalTable = 255;  // RT_TABLE_LOCAL: the kernel's own local/broadcast routes

// Keeps the kernel's errno and extended-ack text of a failed request: libnl itself only reports its
// own, coarser error codes (ENODEV and ENOENT both become NLE_OBJ_NOTFOUND).
int capture_kernel_error(sockaddr_nl*, nlmsgerr* error, void* arg) {
  auto* reply = static_cast<LibnlNetlink::KernelReply*>(arg);
  reply->error_number = -error->error;
  reply->message.clear();
  const auto* header = reinterpret_cast<const nlmsghdr*>(reinterpret_cast<const char*>(error) - NLMSG_HDRLEN);
  if (header->nlmsg_flags & NLM_F_ACK_TLVS) {
    size_t offset = sizeof(nlmsgerr);
    if (!(header->nlmsg_flags & NLM_F_CAPPED)) offset += error->msg.nlmsg_len - NLMSG_HDRLEN;
    const int length = static_cast<int>(header->nlmsg_len) - NLMSG_HDRLEN - static_cast<int>(NLMSG_ALIGN(offset));
    if (length > 0) {
      nlattr* tb[NLMSGERR_ATTR_MAX + 1] = {};
      auto* attributes = reinterpret_cast<nlattr*>(reinterpret_cast<char*>(error) + NLMSG_ALIGN(offset));
      if (nla_parse(tb, NLMSGERR_ATTR_MAX, attributes, length, nullptr) == 0 && tb[NLMSGERR_ATTR_MSG])
        reply->message = nla_get_string(tb[NLMSGERR_ATTR_MSG]);
    }
  }
  return NL_STOP;
}

// libnl's error codes back to the errno they came from, where that is unambiguous.
int errno_of_libnl_error(int libnl_result) {
  switch (-libnl_result) {
    case NLE_NODEV: return ENODEV;
    case NLE_EXIST: return EEXIST;
    case NLE_OPNOTSUPP: return EOPNOTSUPP;
    case NLE_INVAL: return EINVAL;
    case NLE_RANGE: return ERANGE;
    case NLE_BUSY: return EBUSY;
    case NLE_PERM: return EPERM;
    case NLE_NOACCESS: return EACCES;
    case NLE_NOMEM: return ENOMEM;
    case NLE_NOADDR: return EADDRNOTAVAIL;
    case NLE_AGAIN: return EAGAIN;
    default: return EIO;
  }
}

Ipv4Address ipv4_of(nl_addr* a) {
  if (!a || nl_addr_get_family(a) != AF_INET || nl_addr_get_len(a) != 4) return Ipv4Address();
  const auto* b = static_cast<const uint8_t*>(nl_addr_get_binary_addr(a));
  return Ipv4Address(uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 | b[3]);
}

Ipv4Prefix prefix_of(nl_addr* a) {
  if (!a) return Ipv4Prefix();
  return Ipv4Prefix(ipv4_of(a), static_cast<int>(nl_addr_get_prefixlen(a)));
}

MacAddress mac_of(nl_addr* a) {
  if (!a || nl_addr_get_len(a) != 6) return MacAddress();
  std::array<uint8_t, 6> bytes{};
  std::memcpy(bytes.data(), nl_addr_get_binary_addr(a), 6);
  return MacAddress(bytes);
}

NlAddress nl_ipv4(Ipv4Address a, int prefix_length = 32) {
  const uint32_t v = a.value();
  const uint8_t bytes[4] = {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 8),
                            static_cast<uint8_t>(v)};
  NlAddress out(nl_addr_build(AF_INET, bytes, 4));
  if (!out) throw KernelError("out of memory building an address", ENOMEM);
  nl_addr_set_prefixlen(out.get(), prefix_length);
  return out;
}

NlAddress nl_mac(const MacAddress& m) {
  NlAddress out(nl_addr_build(AF_LLC, m.bytes().data(), m.bytes().size()));
  if (!out) throw KernelError("out of memory building a MAC address", ENOMEM);
  return out;
}

template <typename T>
void for_each_object(nl_cache* cache, T&& visit) {
  for (nl_object* o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) visit(o);
}

std::map<int, std::string> names_by_index(nl_cache* link_cache) {
  std::map<int, std::string> names;
  for_each_object(link_cache, [&](nl_object* o) {
    auto* l = reinterpret_cast<rtnl_link*>(o);
    names[rtnl_link_get_ifindex(l)] = rtnl_link_get_name(l);
  });
  return names;
}

std::string name_or_index(const std::map<int, std::string>& names, int index) {
  auto it = names.find(index);
  return it == names.end() ? fmt::format("if{}", index) : it->second;
}

NeighbourState state_of(int nud) {
  if (nud & NUD_PERMANENT) return NeighbourState::permanent;
  if (nud & NUD_REACHABLE) return NeighbourState::reachable;
  if (nud & NUD_STALE) return NeighbourState::stale;
  return NeighbourState::other;
}

struct BondDumpContext {
  std::map<int, BondAttributes> bonds;
  const std::map<int, std::string>* names = nullptr;
};

// libnl 3.7 drops a bond's IFLA_INFO_DATA when it parses a link, so bond settings come from a raw
// RTM_GETLINK dump on the same socket (hence the same namespace), parsed here.
int collect_bond_attributes(nl_msg* msg, void* arg) {
  auto* context = static_cast<BondDumpContext*>(arg);
  nlmsghdr* header = nlmsg_hdr(msg);
  if (header->nlmsg_type != RTM_NEWLINK) return NL_OK;
  nlattr* tb[IFLA_MAX + 1] = {};
  if (nlmsg_parse(header, sizeof(ifinfomsg), tb, IFLA_MAX, nullptr) < 0 || !tb[IFLA_LINKINFO]) return NL_OK;
  nlattr* info[IFLA_INFO_MAX + 1] = {};
  if (nla_parse_nested(info, IFLA_INFO_MAX, tb[IFLA_LINKINFO], nullptr) < 0 || !info[IFLA_INFO_KIND]) return NL_OK;
  if (std::strcmp(nla_get_string(info[IFLA_INFO_KIND]), "bond") != 0) return NL_OK;
  const int index = static_cast<ifinfomsg*>(nlmsg_data(header))->ifi_index;
  context->bonds[index] = parse_bond_attributes(
      info[IFLA_INFO_DATA], [&](int member) { return name_or_index(*context->names, member); });
  return NL_OK;
}

}  // namespace

LibnlNetlink::LibnlNetlink() : socket_(nl_socket_alloc()) {
  if (!socket_) throw KernelError("netlink: cannot allocate a socket", ENOMEM);
  const int result = nl_connect(socket_.get(), NETLINK_ROUTE);
  if (result < 0) throw KernelError(fmt::format("netlink: cannot open a NETLINK_ROUTE socket: {}", nl_geterror(result)), EIO);
  nl_socket_modify_err_cb(socket_.get(), NL_CB_CUSTOM, capture_kernel_error, &last_reply_);
  // Ask for the kernel's own explanation of a refusal ("Device can not be enslaved while up").
  const int on = 1;
  setsockopt(nl_socket_get_fd(socket_.get()), SOL_NETLINK, NETLINK_EXT_ACK, &on, sizeof(on));
}

LibnlNetlink::~LibnlNetlink() = default;

void LibnlNetlink::check(int libnl_result, const std::string& what) {
  if (libnl_result >= 0) return;
  if (last_reply_.error_number > 0) {
    const KernelReply reply = last_reply_;
    last_reply_ = {};
    std::string text = fmt::format("{}: {}", what, std::strerror(reply.error_number));
    if (!reply.message.empty()) text += fmt::format(" (kernel: {})", reply.message);
    throw KernelError(text, reply.error_number);
  }
  // No errno from the kernel: some libnl calls (rtnl_link_get_kernel) translate the kernel's reply
  // themselves, or libnl failed on its own side (memory, socket).
  const int error_number = errno_of_libnl_error(libnl_result);
  throw KernelError(fmt::format("{}: {}", what, error_number == EIO ? nl_geterror(libnl_result) : std::strerror(error_number)),
                    error_number);
}

void LibnlNetlink::send(nl_msg* msg, const std::string& what) {
  last_reply_ = {};
  check(nl_send_sync(socket_.get(), msg), what);  // nl_send_sync frees msg
}

NlCache LibnlNetlink::link_cache() {
  nl_cache* raw = nullptr;
  last_reply_ = {};
  check(rtnl_link_alloc_cache(socket_.get(), AF_UNSPEC, &raw), "read links");
  return NlCache(raw);
}

int LibnlNetlink::index_of(const std::string& name, const std::string& what) {
  rtnl_link* raw = nullptr;
  last_reply_ = {};
  check(rtnl_link_get_kernel(socket_.get(), 0, name.c_str(), &raw), fmt::format("{}: link {}", what, name));
  NlObject<rtnl_link> link(raw);
  return rtnl_link_get_ifindex(link.get());
}

// --- reads ---

std::vector<Link> LibnlNetlink::links() {
  NlCache cache = link_cache();
  const auto names = names_by_index(cache.get());
  std::vector<Link> out;
  bool any_bond = false;
  for_each_object(cache.get(), [&](nl_object* o) {
    auto* l = reinterpret_cast<rtnl_link*>(o);
    Link link;
    link.index = rtnl_link_get_ifindex(l);
    link.name = rtnl_link_get_name(l);
    if (const char* type = rtnl_link_get_type(l)) link.kind = type;
    link.mac = mac_of(rtnl_link_get_addr(l));
    link.mtu = static_cast<int>(rtnl_link_get_mtu(l));
    link.admin_up = rtnl_link_get_flags(l) & IFF_UP;
    link.carrier = rtnl_link_get_carrier(l) != 0;
    if (const int master = rtnl_link_get_master(l); master > 0) link.master = name_or_index(names, master);
    if (link.kind == "vlan") {
      link.parent = name_or_index(names, rtnl_link_get_link(l));
      link.vlan_id = rtnl_link_vlan_get_id(l);
    }
    if (link.kind == "macvlan") {
      link.parent = name_or_index(names, rtnl_link_get_link(l));
      char mode[32] = "";
      if (rtnl_link_macvlan_mode2str(static_cast<int>(rtnl_link_macvlan_get_mode(l)), mode, sizeof mode)) link.macvlan_mode = mode;
    }
    any_bond = any_bond || link.kind == "bond";
    out.push_back(link);
  });
  if (any_bond) {
    BondDumpContext context;
    context.names = &names;
    nl_cb* cb = nl_cb_clone(nl_socket_get_cb(socket_.get()));
    if (!cb) throw KernelError("read bond attributes: out of memory", ENOMEM);
    nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, collect_bond_attributes, &context);
    ifinfomsg request{};
    request.ifi_family = AF_UNSPEC;
    last_reply_ = {};
    int result = nl_send_simple(socket_.get(), RTM_GETLINK, NLM_F_DUMP, &request, sizeof(request));
    if (result >= 0) result = nl_recvmsgs(socket_.get(), cb);
    nl_cb_put(cb);
    check(result, "read bond attributes");
    for (Link& link : out) {
      if (auto it = context.bonds.find(link.index); it != context.bonds.end()) link.bond = it->second;
    }
  }
  std::sort(out.begin(), out.end(), [](const Link& a, const Link& b) { return a.index < b.index; });
  return out;
}

std::vector<Address> LibnlNetlink::addresses() {
  NlCache links = link_cache();
  const auto names = names_by_index(links.get());
  nl_cache* raw = nullptr;
  last_reply_ = {};
  check(rtnl_addr_alloc_cache(socket_.get(), &raw), "read addresses");
  NlCache cache(raw);
  std::vector<Address> out;
  for_each_object(cache.get(), [&](nl_object* o) {
    auto* a = reinterpret_cast<rtnl_addr*>(o);
    if (rtnl_addr_get_family(a) != AF_INET) return;
    out.push_back(Address{name_or_index(names, rtnl_addr_get_ifindex(a)), ipv4_of(rtnl_addr_get_local(a)),
                          rtnl_addr_get_prefixlen(a)});
  });
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Route> LibnlNetlink::routes() {
  NlCache links = link_cache();
  const auto names = names_by_index(links.get());
  nl_cache* raw = nullptr;
  last_reply_ = {};
  check(rtnl_route_alloc_cache(socket_.get(), AF_INET, 0, &raw), "read routes");
  NlCache cache(raw);
  std::vector<Route> out;
  for_each_object(cache.get(), [&](nl_object* o) {
    auto* r = reinterpret_cast<rtnl_route*>(o);
    if (rtnl_route_get_table(r) == kLocalTable || rtnl_route_get_type(r) != RTN_UNICAST) return;
    Route route;
    route.table = rtnl_route_get_table(r);
    route.destination = prefix_of(rtnl_route_get_dst(r));
    // Multipath routes: netkeel plans none; the first next hop stands for the route.
    if (rtnl_route_get_nnexthops(r) > 0) {
      rtnl_nexthop* nh = rtnl_route_nexthop_n(r, 0);
      if (nl_addr* gw = rtnl_route_nh_get_gateway(nh)) route.gateway = ipv4_of(gw);
      if (const int oif = rtnl_route_nh_get_ifindex(nh); oif > 0) route.interface = name_or_index(names, oif);
    }
    if (nl_addr* src = rtnl_route_get_pref_src(r)) route.source = ipv4_of(src);
    route.protocol = rtnl_route_get_protocol(r);
    route.scope = rtnl_route_get_scope(r);
    route.metric = rtnl_route_get_priority(r);
    out.push_back(route);
  });
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Rule> LibnlNetlink::rules() {
  nl_cache* raw = nullptr;
  last_reply_ = {};
  check(rtnl_rule_alloc_cache(socket_.get(), AF_INET, &raw), "read rules");
  NlCache cache(raw);
  std::vector<Rule> out;
  for_each_object(cache.get(), [&](nl_object* o) {
    auto* r = reinterpret_cast<rtnl_rule*>(o);
    out.push_back(Rule{rtnl_rule_get_prio(r), prefix_of(rtnl_rule_get_src(r)), rtnl_rule_get_table(r)});
  });
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Neighbour> LibnlNetlink::neighbours() {
  NlCache links = link_cache();
  const auto names = names_by_index(links.get());
  nl_cache* raw = nullptr;
  last_reply_ = {};
  check(rtnl_neigh_alloc_cache(socket_.get(), &raw), "read neighbours");
  NlCache cache(raw);
  std::vector<Neighbour> out;
  for_each_object(cache.get(), [&](nl_object* o) {
    auto* n = reinterpret_cast<rtnl_neigh*>(o);
    if (rtnl_neigh_get_family(n) != AF_INET) return;
    const int state = rtnl_neigh_get_state(n);
    if (state < 0 || state & (NUD_NOARP | NUD_INCOMPLETE | NUD_FAILED) || state == NUD_NONE) return;
    nl_addr* lladdr = rtnl_neigh_get_lladdr(n);
    if (!lladdr || nl_addr_get_len(lladdr) != 6) return;
    out.push_back(Neighbour{name_or_index(names, rtnl_neigh_get_ifindex(n)), ipv4_of(rtnl_neigh_get_dst(n)),
                            mac_of(lladdr), state_of(state)});
  });
  std::sort(out.begin(), out.end());
  return out;
}

// --- links ---

void LibnlNetlink::create_link(const LinkSpec& spec) {
  const std::string what = fmt::format("create {} link {}", spec.kind, spec.name);
  const int parent_index =
      spec.kind == "vlan" || spec.kind == "macvlan" ? index_of(spec.parent, what + ": parent") : 0;
  const int primary_index =
      spec.kind == "bond" && spec.bond && !spec.bond->primary.empty() ? index_of(spec.bond->primary, what + ": primary") : 0;
  NlMessage msg = build_create_link_request(spec, parent_index, primary_index);
  send(msg.release(), what);
  if (!spec.ipv6_link_local) {
    try {
      send(build_no_ipv6_link_local_request(index_of(spec.name, what), spec.name).release(), what + ": addrgenmode none");
    } catch (const KernelError& e) {
      // A link without IPv6 state (IPv6 disabled in this kernel) says EAFNOSUPPORT: it gets no link-local
      // address either, which is all that was asked.
      if (e.error_number() == EAFNOSUPPORT) return;
      // All or nothing: a link that would get a link-local address must not stay.
      try {
        delete_link(spec.name);
      } catch (const KernelError&) {
      }
      throw;
    }
  }
}

void LibnlNetlink::delete_link(const std::string& name) {
  const std::string what = fmt::format("delete link {}", name);
  NlObject<rtnl_link> link(rtnl_link_alloc());
  rtnl_link_set_ifindex(link.get(), index_of(name, what));
  nl_msg* msg = nullptr;
  last_reply_ = {};
  check(rtnl_link_build_delete_request(link.get(), &msg), what);
  send(msg, what);
}

void LibnlNetlink::change_one(int index, rtnl_link* changes, const std::string& what) {
  NlObject<rtnl_link> original(rtnl_link_alloc());
  rtnl_link_set_ifindex(original.get(), index);
  nl_msg* msg = nullptr;
  last_reply_ = {};
  check(rtnl_link_build_change_request(original.get(), changes, 0, &msg), what);
  send(msg, what);
}

void LibnlNetlink::change_link(const std::string& name, const LinkChange& change) {
  const std::string what = fmt::format("change link {}", name);
  const int index = index_of(name, what);
  auto step = [&](auto&& set, const std::string& detail) {
    NlObject<rtnl_link> changes(rtnl_link_alloc());
    set(changes.get());
    change_one(index, changes.get(), what + ": " + detail);
  };
  if (change.admin_up == false) step([](rtnl_link* l) { rtnl_link_unset_flags(l, IFF_UP); }, "set down");
  if (change.name) step([&](rtnl_link* l) { rtnl_link_set_name(l, change.name->c_str()); }, "rename to " + *change.name);
  if (change.mtu) step([&](rtnl_link* l) { rtnl_link_set_mtu(l, static_cast<unsigned>(*change.mtu)); },
                       fmt::format("set MTU {}", *change.mtu));
  if (change.mac) {
    NlAddress mac = nl_mac(*change.mac);
    step([&](rtnl_link* l) { rtnl_link_set_addr(l, mac.get()); }, "set MAC " + change.mac->str());
  }
  if (change.master) {
    const int master = change.master->empty() ? 0 : index_of(*change.master, what + ": master");
    step([&](rtnl_link* l) { rtnl_link_set_master(l, master); },
         change.master->empty() ? std::string("release from master") : "enslave to " + *change.master);
  }
  if (change.admin_up == true) step([](rtnl_link* l) { rtnl_link_set_flags(l, IFF_UP); }, "set up");
}

// --- addresses ---

namespace {
NlObject<rtnl_addr> address_object(int index, const Address& a) {
  NlObject<rtnl_addr> addr(rtnl_addr_alloc());
  rtnl_addr_set_ifindex(addr.get(), index);
  NlAddress local = nl_ipv4(a.address);
  rtnl_addr_set_local(addr.get(), local.get());
  rtnl_addr_set_prefixlen(addr.get(), a.prefix_length);  // after set_local, which resets it
  return addr;
}
}  // namespace

void LibnlNetlink::add_address(const Address& a) {
  const std::string what = fmt::format("add address {}/{} to {}", a.address.str(), a.prefix_length, a.interface);
  NlObject<rtnl_addr> addr = address_object(index_of(a.interface, what), a);
  nl_msg* msg = nullptr;
  last_reply_ = {};
  check(rtnl_addr_build_add_request(addr.get(), NLM_F_EXCL, &msg), what);
  send(msg, what);
}

void LibnlNetlink::delete_address(const Address& a) {
  const std::string what = fmt::format("delete address {}/{} from {}", a.address.str(), a.prefix_length, a.interface);
  NlObject<rtnl_addr> addr = address_object(index_of(a.interface, what), a);
  nl_msg* msg = nullptr;
  last_reply_ = {};
  check(rtnl_addr_build_delete_request(addr.get(), 0, &msg), what);
  send(msg, what);
}

// --- routes ---

namespace {
NlObject<rtnl_route> route_object(const Route& r, int oif) {
  NlObject<rtnl_route> route(rtnl_route_alloc());
  rtnl_route_set_family(route.get(), AF_INET);
  rtnl_route_set_table(route.get(), r.table);
  NlAddress dst = nl_ipv4(r.destination.network(), r.destination.length());
  rtnl_route_set_dst(route.get(), dst.get());
  rtnl_route_set_type(route.get(), RTN_UNICAST);
  rtnl_route_set_protocol(route.get(), r.protocol);
  rtnl_route_set_scope(route.get(), r.scope);
  rtnl_route_set_priority(route.get(), r.metric);
  if (r.source) {
    NlAddress src = nl_ipv4(*r.source);
    rtnl_route_set_pref_src(route.get(), src.get());
  }
  if (oif > 0 || r.gateway) {
    rtnl_nexthop* nh = rtnl_route_nh_alloc();
    if (!nh) throw KernelError("out of memory building a route", ENOMEM);
    if (oif > 0) rtnl_route_nh_set_ifindex(nh, oif);
    if (r.gateway) {
      NlAddress gw = nl_ipv4(*r.gateway);
      rtnl_route_nh_set_gateway(nh, gw.get());
    }
    rtnl_route_add_nexthop(route.get(), nh);  // the route owns nh now
  }
  return route;
}

std::string describe(const Route& r) {
  std::string s = fmt::format("{} table {}", r.destination.str(), r.table);
  if (r.gateway) s += " via " + r.gateway->str();
  if (!r.interface.empty()) s += " dev " + r.interface;
  if (r.metric) s += fmt::format(" metric {}", r.metric);
  return s;
}
}  // namespace

void LibnlNetlink::replace_route(const Route& r) {
  const std::string what = "replace route " + describe(r);
  const int oif = r.interface.empty() ? 0 : index_of(r.interface, what);
  NlObject<rtnl_route> route = route_object(r, oif);
  nl_msg* msg = nullptr;
  last_reply_ = {};
  check(rtnl_route_build_add_request(route.get(), NLM_F_REPLACE, &msg), what);  // libnl adds NLM_F_CREATE
  send(msg, what);
}

void LibnlNetlink::delete_route(const Route& r) {
  const std::string what = "delete route " + describe(r);
  // A route through a link that no longer exists is gone already: the kernel says so with ESRCH.
  int oif = 0;
  if (!r.interface.empty()) {
    try {
      oif = index_of(r.interface, what);
    } catch (const KernelError& e) {
      if (e.error_number() != ENODEV) throw;
      throw KernelError(fmt::format("{}: {}", what, std::strerror(ESRCH)), ESRCH);
    }
  }
  NlObject<rtnl_route> route = route_object(r, oif);
  nl_msg* msg = nullptr;
  last_reply_ = {};
  check(rtnl_route_build_del_request(route.get(), 0, &msg), what);
  send(msg, what);
}

// --- rules ---

namespace {
NlObject<rtnl_rule> rule_object(const Rule& r) {
  NlObject<rtnl_rule> rule(rtnl_rule_alloc());
  rtnl_rule_set_family(rule.get(), AF_INET);
  rtnl_rule_set_prio(rule.get(), r.priority);
  if (r.from.length() > 0) {
    NlAddress src = nl_ipv4(r.from.network(), r.from.length());
    rtnl_rule_set_src(rule.get(), src.get());
  }
  rtnl_rule_set_table(rule.get(), r.table);
  rtnl_rule_set_action(rule.get(), FR_ACT_TO_TBL);
  return rule;
}
}  // namespace

void LibnlNetlink::add_rule(const Rule& r) {
  const std::string what = fmt::format("add rule {} from {} lookup {}", r.priority, r.from.str(), r.table);
  NlObject<rtnl_rule> rule = rule_object(r);
  nl_msg* msg = nullptr;
  last_reply_ = {};
  check(rtnl_rule_build_add_request(rule.get(), NLM_F_EXCL, &msg), what);
  send(msg, what);
}

void LibnlNetlink::delete_rule(const Rule& r) {
  const std::string what = fmt::format("delete rule {} from {} lookup {}", r.priority, r.from.str(), r.table);
  NlObject<rtnl_rule> rule = rule_object(r);
  nl_msg* msg = nullptr;
  last_reply_ = {};
  check(rtnl_rule_build_delete_request(rule.get(), 0, &msg), what);
  send(msg, what);
}

// --- neighbours ---

namespace {
NlObject<rtnl_neigh> neighbour_object(int index, const Neighbour& n) {
  NlObject<rtnl_neigh> neigh(rtnl_neigh_alloc());
  rtnl_neigh_set_family(neigh.get(), AF_INET);
  rtnl_neigh_set_ifindex(neigh.get(), index);
  NlAddress dst = nl_ipv4(n.address);
  rtnl_neigh_set_dst(neigh.get(), dst.get());
  return neigh;
}
}  // namespace

void LibnlNetlink::replace_neighbour(const Neighbour& n) {
  const std::string what = fmt::format("replace neighbour {} lladdr {} dev {}", n.address.str(), n.mac.str(), n.interface);
  NlObject<rtnl_neigh> neigh = neighbour_object(index_of(n.interface, what), n);
  NlAddress lladdr = nl_mac(n.mac);
  rtnl_neigh_set_lladdr(neigh.get(), lladdr.get());
  rtnl_neigh_set_state(neigh.get(), NUD_PERMANENT);
  nl_msg* msg = nullptr;
  last_reply_ = {};
  check(rtnl_neigh_build_add_request(neigh.get(), NLM_F_CREATE | NLM_F_REPLACE, &msg), what);
  send(msg, what);
}

void LibnlNetlink::delete_neighbour(const Neighbour& n) {
  const std::string what = fmt::format("delete neighbour {} dev {}", n.address.str(), n.interface);
  NlObject<rtnl_neigh> neigh = neighbour_object(index_of(n.interface, what), n);
  nl_msg* msg = nullptr;
  last_reply_ = {};
  check(rtnl_neigh_build_delete_request(neigh.get(), 0, &msg), what);
  send(msg, what);
}

}  // namespace netkeel::kernel
