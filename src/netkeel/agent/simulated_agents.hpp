#pragma once
// N agents without N hosts: the snapshots (and so the batches) a site of `hosts` hosts on `networks`
// networks would report, for load tests of the server (bench/load_generator.cpp, docs/performance.md).
// Pure and deterministic: the same options and seed give the same batches, whatever order the hosts are
// asked in. The batches come from build_batch(), the agent's own code, so their shape is the agent's.
//
// What each simulated host probes (probe_targets()' shape, without VIPs): on every network, every other
// host by icmp, udp (the responder's port) and pmtu (at the network's MTU, once every `pmtu_every` probe
// intervals), and the network's gateway by icmp. Values:
//   RTT      integer nanoseconds (kernel timestamps), a per-pair base of 80-480 us, +-10% jitter, and one
//            probe in 100 a slow one of up to three times its base;
//   loss     each probe lost with probability `loss_ratio`;
//   NICs     eno1, eno2 (members of bond0) and bond0, counters growing at a per-host rate;
//   links    with probability `link_event_ratio` per host and report interval, eno2 goes down and comes
//            back up within the interval (raw and damped events, carrier changes, transitions).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "netkeel/agent/agent_snapshot.hpp"
#include "netkeel/agent/batch_builder.hpp"
#include "netkeel/store/batch.hpp"

namespace netkeel::agent {

struct SimulatedAgentsOptions {
  int hosts = 50;
  int networks = 4;
  std::uint64_t seed = 1;
  Nanoseconds probe_interval = std::chrono::seconds(1);    // the agents' --interval
  Nanoseconds report_interval = std::chrono::seconds(10);  // the agents' --report-interval
  std::uint32_t pmtu_every = 10;                           // --pmtu-interval / --interval
  double loss_ratio = 0.001;                               // per probe
  double link_event_ratio = 1.0 / 360;                     // per host and report interval
  std::string site = "loadgen";
};

// Throws UsageError naming the option when a value cannot describe a site (hosts < 2, networks outside
// 1..200, hosts above 60,000, intervals not positive, report interval not a multiple of the probe
// interval, ratios outside [0, 1], pmtu_every 0).
void check_simulated_agents_options(const SimulatedAgentsOptions& options);

class SimulatedAgents {
 public:
  explicit SimulatedAgents(SimulatedAgentsOptions options);

  int host_count() const { return options_.hosts; }
  std::string host_name(int host) const;  // node001, node002, ... (zero-padded to the host count's width)
  std::size_t targets_per_host() const;   // probe targets each host has

  // Host `host`'s snapshot at the end of its report interval number `interval` (0, 1, ... in order per
  // host; each call advances that host's counters), which ends at wall time `end_ms`. Probes are spread
  // over the interval as the agent's scheduler spreads them.
  AgentSnapshot snapshot(int host, std::uint64_t interval, store::TimestampMs end_ms);
  // The batch the agent ships for that snapshot, with sequence `sequence`.
  store::Batch batch(int host, std::uint64_t interval, store::TimestampMs end_ms, std::uint64_t sequence);

 private:
  struct TargetTotals {
    std::uint64_t sent = 0;
    std::uint64_t lost = 0;
    std::int64_t rtt_sum_ns = 0;
  };
  struct HostState {
    std::vector<TargetTotals> totals;  // by target index
    std::uint64_t rx_bytes = 0, tx_bytes = 0;
    std::uint64_t carrier_changes = 0;  // eno2's
    std::uint64_t link_transitions = 0;
    std::int64_t tcp_out_segs = 0, tcp_retrans = 0;
    std::uint64_t responder_answered = 0;
    std::map<probe::ProbeKind, std::uint64_t> send_times;  // replies with a kernel transmit stamp, since start
    std::uint64_t next_interval = 0;
  };
  std::vector<probe::ProbeTarget> targets_of(int host) const;
  Nanoseconds base_rtt(int host, const probe::ProbeTarget& target, std::size_t index) const;

  SimulatedAgentsOptions options_;
  int name_width_ = 3;
  std::vector<HostState> hosts_;
};

}  // namespace netkeel::agent
