#pragma once
// A bond and its members as the agent reports them, whoever runs the bond: the kernel's bonding
// driver (read from RTM_NEWLINK) or an Open vSwitch bond (read with ovs-appctl).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netkeel::collect {

// LACP port state bits (IEEE 802.1AX actor/partner "state" octet). The kernel's
// IFLA_BOND_SLAVE_AD_*_OPER_PORT_STATE and OVS's `lacp/show` words carry the same bits.
enum LacpPortStateBit : uint8_t {
  kLacpActivity = 0x01,
  kLacpTimeout = 0x02,  // short (fast) timeout
  kLacpAggregation = 0x04,
  kLacpSynchronization = 0x08,
  kLacpCollecting = 0x10,
  kLacpDistributing = 0x20,
  kLacpDefaulted = 0x40,
  kLacpExpired = 0x80,
};

// "activity timeout aggregation synchronized ..." (OVS's words) for the bits that are set.
std::string lacp_port_state_words(uint8_t state);

struct BondMemberState {
  std::string name;
  bool up = false;                         // the bond may use it: kernel MII up, OVS "enabled"
  bool active = false;                     // carries traffic now (kernel slave state active; OVS active member)
  uint32_t link_failures = 0;              // kernel only: IFLA_BOND_SLAVE_LINK_FAILURE_COUNT
  std::optional<uint16_t> aggregator_id;   // kernel 802.3ad only
  // LACP, when the bond runs it: "current", "expired" or "defaulted" (OVS's words; the kernel's
  // bits map to them), and attached to the aggregator or not.
  std::string lacp;                        // "" = no LACP on this bond
  bool lacp_attached = false;
  std::optional<uint8_t> actor_state, partner_state;  // LacpPortStateBit sets
};

struct BondState {
  std::string name;
  std::string source;                      // "kernel" or "ovs"
  std::string mode;                        // kernel: 802.3ad, active-backup, ...; OVS: balance-tcp, active-backup, ...
  std::string lacp_status;                 // OVS: negotiated / configured / off; kernel 802.3ad: "negotiated" when an aggregator has members
  std::string active_member;               // "" when none or not applicable
  std::vector<BondMemberState> members;
};

}  // namespace netkeel::collect
