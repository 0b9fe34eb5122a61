#pragma once
// Kernel bonding state from RTM_NEWLINK messages: a bond master's IFLA_LINKINFO (kind "bond": mode,
// active slave, 802.3ad aggregator) and each member's IFLA_LINKINFO/IFLA_INFO_SLAVE_DATA (slave state,
// MII status, link failure count, aggregator id, actor and partner oper port state). libnl 3.7 has no
// bond getters, so the attributes are parsed with libnl's nla_parse_nested. The parser is pure (messages
// in, BondState out); read_kernel_bond_states() feeds it one RTM_GETLINK dump.
#include <linux/netlink.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/collect/bond_state.hpp"

namespace netkeel::collect {

class KernelBondParser {
 public:
  // One RTM_NEWLINK message (others are ignored). Throws RuntimeError for a truncated message.
  void add(const nlmsghdr* message);
  // Every bond master seen, with the members that named it as master, sorted by name.
  std::vector<BondState> bonds() const;

 private:
  struct Link {
    std::string name;
    int master = 0;
    bool is_bond = false;
    std::string mode;
    int active_slave = 0;
    std::optional<uint16_t> active_aggregator;
    bool is_bond_member = false;
    BondMemberState member;
  };
  std::map<int, Link> links_;  // ifindex -> link
};

// One dump of the calling thread's namespace. On a kernel without bonding: empty. Throws RuntimeError
// only when netlink itself fails.
std::vector<BondState> read_kernel_bond_states();

}  // namespace netkeel::collect
