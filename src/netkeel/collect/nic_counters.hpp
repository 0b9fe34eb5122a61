#pragma once
// NIC counters of every interface (bond members and VLANs included) from one RTM_GETLINK dump
// (IFLA_STATS64 through libnl). One dump is one kernel snapshot: an interface that vanishes while it
// is read is simply absent, one that appears shows up next time; neither fails a collection.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace netkeel::collect {

struct NicCounters {
  std::string name;
  int ifindex = 0;
  std::string master;                      // bond or bridge it is enslaved to, if any
  bool carrier = false;
  std::string oper_state;                  // up, down, lowerlayerdown, dormant, unknown, ...
  uint64_t carrier_changes = 0;            // IFLA_CARRIER_CHANGES: every carrier up or down so far
  std::map<std::string, uint64_t> stats;   // named as in /sys/class/net/<if>/statistics/
};

// The statistics names read (the sysfs file names, e.g. rx_bytes, tx_dropped, rx_crc_errors).
const std::vector<std::string>& nic_stat_names();

// Reads every interface of the calling thread's network namespace. Throws RuntimeError only when
// netlink itself is unavailable.
std::vector<NicCounters> read_nic_counters();

}  // namespace netkeel::collect
