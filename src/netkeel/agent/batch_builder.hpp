#pragma once
// One report interval of an agent -> one store::Batch for the server (pure: no I/O, no clock).
// Names and labels are the ones /metrics shows (docs/metrics.md), so a query reads the same series
// whether Prometheus scraped the agent or the agent shipped to `netkeel server`.
#include "netkeel/agent/agent_snapshot.hpp"
#include "netkeel/core/clock.hpp"
#include "netkeel/store/batch.hpp"

namespace netkeel::agent {

// The engine's steady clock and the wall clock, read at one moment: steady times become Unix
// milliseconds relative to it.
struct TimeAnchor {
  SteadyTime steady{};
  store::TimestampMs wall_ms = 0;
  store::TimestampMs to_wall_ms(SteadyTime t) const;
};

// Counters (probe sent/lost, NIC, netstat, link transitions, responder) and gauges are stamped at
// anchor.wall_ms, the collection time; one netkeel_probe_rtt_seconds sample per answered probe at its
// reply time; snapshot.link_events become store events at their own time. The batch id carries the
// snapshot's host and sequence 0: the shipper gives it its sequence when it spools it.
store::Batch build_batch(const AgentSnapshot& snapshot, const TimeAnchor& anchor);

}  // namespace netkeel::agent
