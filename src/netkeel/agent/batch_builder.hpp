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

// Every sample of walk_metric_families(snapshot) that is not page-only becomes series with the page's names
// and labels (a label with an empty value is left out, as Prometheus treats it), one sample each at
// anchor.wall_ms, the collection time. Instead of the page's RTT quantiles, one
// netkeel_probe_rtt_seconds sample per answered probe at its reply time. Raw link events become store
// events `link_raw_down` / `link_raw_up` / `link_removed`, the damped ones (snapshot.link_state_events)
// `link_down` / `link_up` / `link_flapping`, each at its own time. The keeper's samples
// (snapshot.keeper_scrape) keep the keeper page's names and labels plus `host` = the agent's host, at the
// time the agent asked for the page. The batch id carries the snapshot's
// host and sequence 0: the shipper gives it its sequence when it spools it.
store::Batch build_batch(const AgentSnapshot& snapshot, const TimeAnchor& anchor);

}  // namespace netkeel::agent
