#include "netkeel/kernel/bond_netlink_attributes.hpp"

#include <fmt/format.h>
#include <linux/if_link.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "netkeel/kernel/netlink.hpp"

namespace netkeel::kernel {
namespace {

// Index = the kernel's number (include/uapi/linux/if_bonding.h).
constexpr std::array<std::string_view, 7> kModes{"balance-rr", "active-backup", "balance-xor", "broadcast",
                                                 "802.3ad",    "balance-tlb",   "balance-alb"};
constexpr std::array<std::string_view, 6> kHashPolicies{"layer2",   "layer3+4", "layer2+3",
                                                        "encap2+3", "encap3+4", "vlan+srcmac"};
constexpr std::array<std::string_view, 2> kLacpRates{"slow", "fast"};

template <size_t N>
std::optional<uint8_t> number_of(const std::array<std::string_view, N>& table, std::string_view name) {
  for (size_t i = 0; i < N; ++i) {
    if (table[i] == name) return static_cast<uint8_t>(i);
  }
  return std::nullopt;
}

template <size_t N>
std::string name_of(const std::array<std::string_view, N>& table, uint8_t number) {
  if (number < N) return std::string(table[number]);
  return fmt::format("unknown-{}", number);
}

[[noreturn]] void reject(const std::string& what) { throw KernelError(fmt::format("bond {}: {}", what, std::strerror(EINVAL)), EINVAL); }

void check(int libnl_result, const char* attribute) {
  if (libnl_result < 0) throw KernelError(fmt::format("bond: cannot add {} to the request: message too large", attribute), ENOBUFS);
}

}  // namespace

std::optional<uint8_t> bond_mode_number(std::string_view name) { return number_of(kModes, name); }
std::optional<uint8_t> bond_xmit_hash_policy_number(std::string_view name) { return number_of(kHashPolicies, name); }
std::optional<uint8_t> bond_lacp_rate_number(std::string_view name) { return number_of(kLacpRates, name); }
std::string bond_mode_name(uint8_t number) { return name_of(kModes, number); }
std::string bond_xmit_hash_policy_name(uint8_t number) { return name_of(kHashPolicies, number); }
std::string bond_lacp_rate_name(uint8_t number) { return name_of(kLacpRates, number); }

void put_bond_attributes(nl_msg* msg, const BondAttributes& bond, int primary_index) {
  // The kernel applies IFLA_BOND_MODE first, so lacp_rate (802.3ad only) may follow in the same request.
  const std::string mode = bond.mode.empty() ? "balance-rr" : bond.mode;
  const auto mode_number = bond_mode_number(mode);
  if (!mode_number) reject(fmt::format("mode '{}' unknown (one of balance-rr, active-backup, balance-xor, "
                                       "broadcast, 802.3ad, balance-tlb, balance-alb)", mode));
  if (bond.miimon_ms < 0) reject(fmt::format("miimon {} is negative", bond.miimon_ms));
  check(nla_put_u8(msg, IFLA_BOND_MODE, *mode_number), "IFLA_BOND_MODE");
  check(nla_put_u32(msg, IFLA_BOND_MIIMON, static_cast<uint32_t>(bond.miimon_ms)), "IFLA_BOND_MIIMON");
  if (!bond.lacp_rate.empty()) {
    const auto rate = bond_lacp_rate_number(bond.lacp_rate);
    if (!rate) reject(fmt::format("lacp_rate '{}' unknown (slow or fast)", bond.lacp_rate));
    check(nla_put_u8(msg, IFLA_BOND_AD_LACP_RATE, *rate), "IFLA_BOND_AD_LACP_RATE");
  }
  if (!bond.xmit_hash_policy.empty()) {
    const auto policy = bond_xmit_hash_policy_number(bond.xmit_hash_policy);
    if (!policy) reject(fmt::format("xmit_hash_policy '{}' unknown (layer2, layer3+4, layer2+3, encap2+3, encap3+4, "
                                    "vlan+srcmac)", bond.xmit_hash_policy));
    check(nla_put_u8(msg, IFLA_BOND_XMIT_HASH_POLICY, *policy), "IFLA_BOND_XMIT_HASH_POLICY");
  }
  if (primary_index > 0) check(nla_put_u32(msg, IFLA_BOND_PRIMARY, static_cast<uint32_t>(primary_index)), "IFLA_BOND_PRIMARY");
}

BondAttributes parse_bond_attributes(nlattr* info_data, const std::function<std::string(int)>& name_of_index) {
  nlattr* tb[IFLA_BOND_MAX + 1] = {};
  BondAttributes bond;
  if (!info_data || nla_parse_nested(tb, IFLA_BOND_MAX, info_data, nullptr) < 0) return bond;
  if (tb[IFLA_BOND_MODE]) bond.mode = bond_mode_name(nla_get_u8(tb[IFLA_BOND_MODE]));
  if (tb[IFLA_BOND_MIIMON]) bond.miimon_ms = static_cast<int>(nla_get_u32(tb[IFLA_BOND_MIIMON]));
  if (tb[IFLA_BOND_AD_LACP_RATE]) bond.lacp_rate = bond_lacp_rate_name(nla_get_u8(tb[IFLA_BOND_AD_LACP_RATE]));
  if (tb[IFLA_BOND_XMIT_HASH_POLICY])
    bond.xmit_hash_policy = bond_xmit_hash_policy_name(nla_get_u8(tb[IFLA_BOND_XMIT_HASH_POLICY]));
  if (tb[IFLA_BOND_PRIMARY]) bond.primary = name_of_index(static_cast<int>(nla_get_u32(tb[IFLA_BOND_PRIMARY])));
  return bond;
}

}  // namespace netkeel::kernel
