#pragma once
// Bond mode from cabling (docs/planning.md, "Bond mode"):
//   one NIC                                          -> no bond
//   2+ NICs to one LACP switch, or to an MLAG pair
//   whose both members do LACP                       -> 802.3ad (lacp_rate fast, miimon 100, layer3+4)
//   anything else (two non-peer switches, a switch
//   without LACP, three or more switches)            -> active-backup, primary = first NIC
// A validated hosts[].bond.mode override wins; the reason then says what cabling alone would give.
#include <optional>
#include <string>

#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::plan {

struct BondDecision {
  std::optional<BondSettings> settings;  // none: the host has one NIC, no bond
  std::string name;                      // the bond's interface name (hosts[].bond.name) when bonded
  std::string reason;                    // one line an operator understands
};

BondDecision decide_bond(const site::Site& site, const site::Host& host);

// True when a and b name each other as mlag_peer.
bool are_mlag_peers(const site::Switch& a, const site::Switch& b);

}  // namespace netkeel::plan
