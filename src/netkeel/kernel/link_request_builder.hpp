#pragma once
// The RTM_NEWLINK request that creates a link from a LinkSpec, built without sending it, so the bond and
// VLAN encodings are testable on a kernel that has neither (tests/kernel/link_request_builder_test.cpp).
#include "netkeel/kernel/kernel_state.hpp"
#include "netkeel/kernel/libnl_handles.hpp"

namespace netkeel::kernel {

// RTM_NEWLINK with NLM_F_CREATE | NLM_F_EXCL (an existing name fails with EEXIST) carrying IFLA_IFNAME,
// IFLA_MTU, IFLA_ADDRESS (when spec.mac is set) and IFLA_LINKINFO {IFLA_INFO_KIND, IFLA_INFO_DATA}.
// vlan: IFLA_LINK = parent_index and IFLA_VLAN_ID (through libnl's vlan support).
// macvlan: IFLA_LINK = parent_index and IFLA_MACVLAN_MODE (when spec.macvlan_mode is set).
// bond: IFLA_BOND_* from spec.bond (libnl 3.7 cannot set them; see bond_netlink_attributes.hpp);
//       primary_index is the ifindex of spec.bond->primary (0 = none).
// No IFF_UP: a created link is admin-down until change_link brings it up.
// Throws KernelError EINVAL for an unknown kind, bond setting or macvlan mode, or a VLAN without parent/id.
NlMessage build_create_link_request(const LinkSpec& spec, int parent_index = 0, int primary_index = 0);

// RTM_NEWLINK (no create) for link INDEX carrying IFLA_AF_SPEC {AF_INET6 {IFLA_INET6_ADDR_GEN_MODE = none}}:
// `addrgenmode none`. Sent after the create and before the link comes up (it gets its link-local address
// only when it comes up), because kernels refuse IFLA_AF_SPEC for AF_INET6 in the creating message
// (EAFNOSUPPORT: the link has no IPv6 state until it is registered; 6.18 does, so does `ip link add ...
// addrgenmode none`). NAME is for messages.
NlMessage build_no_ipv6_link_local_request(int index, const std::string& name);

}  // namespace netkeel::kernel
