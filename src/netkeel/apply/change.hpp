#pragma once
// One kernel change, typed, and its line in the human-readable diff:
//   + link bond0 (bond 802.3ad, mtu 9000)      a new object
//   ~ link eno1 mtu 1500 -> 9000               a changed attribute (one attribute per change)
//   - route 10.9.0.0/24 dev eno1 table 100     a removed object
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "netkeel/kernel/kernel_state.hpp"

namespace netkeel::apply {

struct CreateLink { kernel::LinkSpec spec; };
struct DeleteLink { kernel::Link link; };
// `change` sets exactly one field; `before` is the link as it was read (for the diff and rollback).
struct ModifyLink { std::string name; kernel::LinkChange change; kernel::Link before; std::string reason; };
struct AddAddress { kernel::Address address; };
struct DeleteAddress { kernel::Address address; };
struct ReplaceRoute { kernel::Route route; std::optional<kernel::Route> before; };
struct DeleteRoute { kernel::Route route; };
struct AddRule { kernel::Rule rule; };
struct DeleteRule { kernel::Rule rule; };
struct ReplaceNeighbour { kernel::Neighbour neighbour; std::optional<kernel::Neighbour> before; };
struct DeleteNeighbour { kernel::Neighbour neighbour; };
struct SetSysctl { std::string key; std::string value; std::optional<std::string> before; };

using Change = std::variant<CreateLink, DeleteLink, ModifyLink, AddAddress, DeleteAddress, ReplaceRoute, DeleteRoute,
                            AddRule, DeleteRule, ReplaceNeighbour, DeleteNeighbour, SetSysctl>;

// The diff line for one change (no trailing newline).
std::string describe(const Change& change);
// "N change(s)" followed by one diff line each; "0 changes" when empty.
std::string format_diff(const std::vector<Change>& changes);

// Object formatting shared by the diff and the verifier's messages.
std::string describe(const kernel::Route& r);
std::string describe(const kernel::Rule& r);
std::string describe(const kernel::Neighbour& n);

}  // namespace netkeel::apply
