#include "netkeel/collect/nic_counters.hpp"

#include <net/if.h>
#include <netlink/route/link.h>

#include <utility>

#include "netkeel/core/error.hpp"
#include "netkeel/kernel/libnl_handles.hpp"

namespace netkeel::collect {

namespace {

const std::vector<std::pair<std::string, rtnl_link_stat_id_t>>& stat_table() {
  static const std::vector<std::pair<std::string, rtnl_link_stat_id_t>> table{
      {"rx_bytes", RTNL_LINK_RX_BYTES},           {"tx_bytes", RTNL_LINK_TX_BYTES},
      {"rx_packets", RTNL_LINK_RX_PACKETS},       {"tx_packets", RTNL_LINK_TX_PACKETS},
      {"rx_errors", RTNL_LINK_RX_ERRORS},         {"tx_errors", RTNL_LINK_TX_ERRORS},
      {"rx_dropped", RTNL_LINK_RX_DROPPED},       {"tx_dropped", RTNL_LINK_TX_DROPPED},
      {"multicast", RTNL_LINK_MULTICAST},         {"collisions", RTNL_LINK_COLLISIONS},
      {"rx_length_errors", RTNL_LINK_RX_LEN_ERR}, {"rx_over_errors", RTNL_LINK_RX_OVER_ERR},
      {"rx_crc_errors", RTNL_LINK_RX_CRC_ERR},    {"rx_frame_errors", RTNL_LINK_RX_FRAME_ERR},
      {"rx_fifo_errors", RTNL_LINK_RX_FIFO_ERR},  {"rx_missed_errors", RTNL_LINK_RX_MISSED_ERR},
      {"tx_aborted_errors", RTNL_LINK_TX_ABORT_ERR}, {"tx_carrier_errors", RTNL_LINK_TX_CARRIER_ERR},
      {"tx_fifo_errors", RTNL_LINK_TX_FIFO_ERR},  {"tx_heartbeat_errors", RTNL_LINK_TX_HBEAT_ERR},
      {"tx_window_errors", RTNL_LINK_TX_WIN_ERR}, {"rx_compressed", RTNL_LINK_RX_COMPRESSED},
      {"tx_compressed", RTNL_LINK_TX_COMPRESSED},
  };
  return table;
}

}  // namespace

const std::vector<std::string>& nic_stat_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& [name, id] : stat_table()) out.push_back(name);
    return out;
  }();
  return names;
}

std::vector<NicCounters> read_nic_counters() {
  kernel::NlSocket sock(nl_socket_alloc());
  if (!sock) throw RuntimeError("netlink: cannot allocate a socket");
  if (int err = nl_connect(sock.get(), NETLINK_ROUTE); err < 0)
    throw RuntimeError(std::string("netlink: cannot connect: ") + nl_geterror(err));
  nl_cache* raw_cache = nullptr;
  if (int err = rtnl_link_alloc_cache(sock.get(), AF_UNSPEC, &raw_cache); err < 0)
    throw RuntimeError(std::string("netlink: link dump failed: ") + nl_geterror(err));
  kernel::NlCache cache(raw_cache);

  std::vector<NicCounters> out;
  for (nl_object* o = nl_cache_get_first(cache.get()); o; o = nl_cache_get_next(o)) {
    auto* link = reinterpret_cast<rtnl_link*>(o);
    NicCounters c;
    const char* name = rtnl_link_get_name(link);
    if (!name) continue;
    c.name = name;
    c.ifindex = rtnl_link_get_ifindex(link);
    if (int master = rtnl_link_get_master(link); master > 0) {
      if (rtnl_link* m = rtnl_link_get(cache.get(), master)) {
        if (const char* mn = rtnl_link_get_name(m)) c.master = mn;
        rtnl_link_put(m);
      }
    }
    c.carrier = rtnl_link_get_carrier(link) != 0;
    char state[32];
    rtnl_link_operstate2str(rtnl_link_get_operstate(link), state, sizeof state);
    c.oper_state = state;
    uint32_t changes = 0;
    if (rtnl_link_get_carrier_changes(link, &changes) == 0) c.carrier_changes = changes;
    for (const auto& [stat, id] : stat_table()) c.stats[stat] = rtnl_link_get_stat(link, id);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace netkeel::collect
