#pragma once
// Everything one agent knows at one moment: probe results, collector readings and, with --server, the
// shipper's figures. What /metrics, the shipped batch and `--once --format json` show.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/agent/keeper_scrape_counters.hpp"
#include "netkeel/agent/link_state_tracker.hpp"
#include "netkeel/agent/shipping_counters.hpp"
#include "netkeel/collect/bond_state.hpp"
#include "netkeel/collect/link_event_watcher.hpp"
#include "netkeel/collect/nic_counters.hpp"
#include "netkeel/collect/proc_net_stats.hpp"
#include "netkeel/collect/vm_interface_counters.hpp"
#include "netkeel/probe/probe_engine.hpp"

namespace netkeel::agent {

struct AgentSnapshot {
  std::string site;
  std::string host;
  std::string version;  // netkeel_version(): the page and the batches name it (netkeel_build_info)
  std::vector<probe::TargetResult> probes;
  std::vector<collect::NicCounters> nics;
  std::vector<collect::ProcNetStat> netstat;
  std::vector<collect::LinkEvent> link_events;              // --once: events seen while it ran
  std::map<std::string, uint64_t> link_transitions;         // interface -> up/down changes seen
  uint64_t responder_answered_total = 0;
  std::map<probe::ProbeKind, probe::SendTimeCounts> send_times;  // replies by send-time source (kernel stamp or not)
  // Per-VM counters through libvirt; vm_collector_up is empty when --libvirt-uri is off.
  std::vector<collect::VmInterfaceCounters> vms;
  std::optional<bool> vm_collector_up;
  // Kernel and OVS bonds; ovs_collector_up is empty when --ovs-ctl is off.
  std::vector<collect::BondState> bonds;
  std::optional<bool> ovs_collector_up;
  std::map<std::string, DampedState> link_states;           // interface -> damped state (flap damping)
  std::vector<LinkStateEvent> link_state_events;            // --once: link_down / link_up / link_flapping seen
  std::vector<std::string> collector_errors;                // a collector that failed this time, and why
  // With --server: the shipper's figures when this snapshot was taken (the page and the batch show them).
  std::optional<ShippingCounters> shipping;
  // With --keeper-metrics: the keeper's page read since the last report (shipped, not on the page),
  // and the agent's counts of its reads (both).
  std::optional<KeeperScrape> keeper_scrape;
  std::optional<KeeperScrapeCounters> keeper_scrapes;
};

}  // namespace netkeel::agent
