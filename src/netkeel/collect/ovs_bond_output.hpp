#pragma once
// The text of `ovs-appctl bond/show` and `ovs-appctl lacp/show` (every bond, no argument) -> BondState.
// Pure. Keys OVS adds in later versions are skipped; both the "member" and the older "slave" spelling
// are read. Output that breaks the structure (a member outside a bond section, a state word OVS never
// prints) throws RuntimeError naming the command, the line number and the line.
#include <string>
#include <vector>

#include "netkeel/collect/bond_state.hpp"

namespace netkeel::collect {

// Bonds with mode, LACP status, active member, and members up (enabled) / active.
std::vector<BondState> parse_ovs_bond_show(const std::string& text);
// Adds each member's LACP state (current / expired / defaulted, attached, actor and partner state
// bits) to the bonds of parse_ovs_bond_show; a bond only lacp/show knows is added.
void merge_ovs_lacp_show(const std::string& text, std::vector<BondState>& bonds);
// "activity timeout aggregation ..." -> bits; throws std::invalid_argument on an unknown word.
uint8_t parse_lacp_port_state_words(const std::string& words);

}  // namespace netkeel::collect
