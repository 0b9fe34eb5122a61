#pragma once
// BondAttributes <-> the kernel's IFLA_BOND_* attributes (inside IFLA_LINKINFO / IFLA_INFO_DATA).
// libnl 3.7 has no bond getters or setters beyond enslaving, so netkeel encodes and decodes these itself.
#include <netlink/attr.h>
#include <netlink/msg.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "netkeel/kernel/kernel_state.hpp"

namespace netkeel::kernel {

// Kernel numbers for the kernel's names (bond_mode_tbl, bond_xmit_hashtype_tbl, bond_lacp_rate_tbl);
// nullopt for a name the kernel does not know.
std::optional<uint8_t> bond_mode_number(std::string_view name);
std::optional<uint8_t> bond_xmit_hash_policy_number(std::string_view name);
std::optional<uint8_t> bond_lacp_rate_number(std::string_view name);
std::string bond_mode_name(uint8_t number);
std::string bond_xmit_hash_policy_name(uint8_t number);
std::string bond_lacp_rate_name(uint8_t number);

// Appends IFLA_BOND_MODE, IFLA_BOND_MIIMON, and, when set, IFLA_BOND_AD_LACP_RATE,
// IFLA_BOND_XMIT_HASH_POLICY and IFLA_BOND_PRIMARY (primary_index > 0) to `msg`, inside an open
// IFLA_INFO_DATA nest. Throws KernelError EINVAL for a name the kernel does not know.
void put_bond_attributes(nl_msg* msg, const BondAttributes& bond, int primary_index);

// Reads the attributes of an IFLA_INFO_DATA nest of kind "bond"; `name_of_index` turns the primary's
// ifindex into its name.
BondAttributes parse_bond_attributes(nlattr* info_data, const std::function<std::string(int)>& name_of_index);

}  // namespace netkeel::kernel
