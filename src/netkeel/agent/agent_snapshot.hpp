#pragma once
// Everything one agent knows at one moment: probe results and collector readings. What /metrics and
// `--once --format json` print.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "netkeel/collect/link_event_watcher.hpp"
#include "netkeel/collect/nic_counters.hpp"
#include "netkeel/collect/proc_net_stats.hpp"
#include "netkeel/probe/probe_engine.hpp"

namespace netkeel::agent {

struct AgentSnapshot {
  std::string site;
  std::string host;
  std::vector<probe::TargetResult> probes;
  std::vector<collect::NicCounters> nics;
  std::vector<collect::ProcNetStat> netstat;
  std::vector<collect::LinkEvent> link_events;              // --once: events seen while it ran
  std::map<std::string, uint64_t> link_transitions;         // interface -> up/down changes seen
  uint64_t responder_answered_total = 0;
  std::vector<std::string> collector_errors;                // a collector that failed this time, and why
};

}  // namespace netkeel::agent
