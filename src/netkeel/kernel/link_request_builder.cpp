#include "netkeel/kernel/link_request_builder.hpp"

#include <fmt/format.h>
#include <linux/if_link.h>
#include <netlink/route/link.h>
#include <netlink/route/link/inet6.h>
#include <netlink/route/link/macvlan.h>
#include <netlink/route/link/vlan.h>

#include <cerrno>
#include <cstring>

#include "netkeel/kernel/bond_netlink_attributes.hpp"
#include "netkeel/kernel/netlink.hpp"

namespace netkeel::kernel {
namespace {

[[noreturn]] void reject(const LinkSpec& spec, const std::string& why, int error_number = EINVAL) {
  throw KernelError(fmt::format("create {} link {}: {}: {}", spec.kind, spec.name, why, std::strerror(error_number)),
                    error_number);
}

void check(const LinkSpec& spec, int libnl_result, const char* step) {
  if (libnl_result < 0) reject(spec, fmt::format("{}: {}", step, nl_geterror(libnl_result)), ENOBUFS);
}

}  // namespace

NlMessage build_create_link_request(const LinkSpec& spec, int parent_index, int primary_index) {
  if (spec.kind != "bond" && spec.kind != "vlan" && spec.kind != "bridge" && spec.kind != "dummy" &&
      spec.kind != "macvlan")
    reject(spec, "netkeel creates only bond, vlan, bridge, dummy and macvlan links");
  if (spec.name.empty()) reject(spec, "empty name");
  if (!spec.macvlan_mode.empty() && spec.kind != "macvlan") reject(spec, "a macvlan mode on a link that is not a macvlan");

  NlObject<rtnl_link> link(spec.kind == "vlan"      ? rtnl_link_vlan_alloc()
                           : spec.kind == "macvlan" ? rtnl_link_macvlan_alloc()
                                                    : rtnl_link_alloc());
  if (!link) reject(spec, "out of memory", ENOMEM);
  rtnl_link_set_name(link.get(), spec.name.c_str());
  rtnl_link_set_mtu(link.get(), static_cast<unsigned>(spec.mtu));
  if (spec.mac) {
    NlAddress address(nl_addr_build(AF_LLC, spec.mac->bytes().data(), spec.mac->bytes().size()));
    if (!address) reject(spec, "out of memory", ENOMEM);
    rtnl_link_set_addr(link.get(), address.get());
  }
  if (spec.kind == "vlan") {
    if (parent_index <= 0) reject(spec, fmt::format("no parent link '{}'", spec.parent), ENODEV);
    if (spec.vlan_id < 1 || spec.vlan_id > 4094) reject(spec, fmt::format("VLAN id {} outside 1-4094", spec.vlan_id), ERANGE);
    rtnl_link_set_link(link.get(), parent_index);
    check(spec, rtnl_link_vlan_set_id(link.get(), static_cast<uint16_t>(spec.vlan_id)), "set VLAN id");
  } else if (spec.kind == "macvlan") {
    if (parent_index <= 0) reject(spec, fmt::format("no parent link '{}'", spec.parent), ENODEV);
    rtnl_link_set_link(link.get(), parent_index);
    if (!spec.macvlan_mode.empty()) {
      const int mode = rtnl_link_macvlan_str2mode(spec.macvlan_mode.c_str());
      if (mode < 0) reject(spec, fmt::format("unknown macvlan mode '{}' (private, vepa, bridge, passthru)", spec.macvlan_mode));
      check(spec, rtnl_link_macvlan_set_mode(link.get(), static_cast<uint32_t>(mode)), "set macvlan mode");
    }
  } else if (spec.kind != "bond") {
    check(spec, rtnl_link_set_type(link.get(), spec.kind.c_str()), "set kind");
  }
  // A bond gets no libnl type: libnl would write an IFLA_LINKINFO without IFLA_INFO_DATA. netkeel
  // appends the whole IFLA_LINKINFO nest itself below.

  nl_msg* raw = nullptr;
  check(spec, rtnl_link_build_add_request(link.get(), NLM_F_CREATE | NLM_F_EXCL, &raw), "build request");
  NlMessage msg(raw);
  if (spec.kind == "bond") {
    nlattr* linkinfo = nla_nest_start(msg.get(), IFLA_LINKINFO);
    if (!linkinfo) reject(spec, "message too large", ENOBUFS);
    check(spec, nla_put_string(msg.get(), IFLA_INFO_KIND, "bond"), "put IFLA_INFO_KIND");
    nlattr* data = nla_nest_start(msg.get(), IFLA_INFO_DATA);
    if (!data) reject(spec, "message too large", ENOBUFS);
    put_bond_attributes(msg.get(), spec.bond.value_or(BondAttributes{}), primary_index);
    nla_nest_end(msg.get(), data);
    nla_nest_end(msg.get(), linkinfo);
  }
  return msg;
}

NlMessage build_no_ipv6_link_local_request(int index, const std::string& name) {
  const LinkSpec spec{.name = name, .kind = "addrgenmode"};
  NlObject<rtnl_link> original(rtnl_link_alloc());
  NlObject<rtnl_link> changes(rtnl_link_alloc());
  if (!original || !changes) reject(spec, "out of memory", ENOMEM);
  rtnl_link_set_ifindex(original.get(), index);
  check(spec, rtnl_link_inet6_set_addr_gen_mode(changes.get(), IN6_ADDR_GEN_MODE_NONE), "set addrgenmode none");
  nl_msg* raw = nullptr;
  check(spec, rtnl_link_build_change_request(original.get(), changes.get(), 0, &raw), "build request");
  return NlMessage(raw);
}

}  // namespace netkeel::kernel
