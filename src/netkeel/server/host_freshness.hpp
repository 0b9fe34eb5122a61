#pragma once
// How fresh each matrix host's reports are. A host whose agent stopped shipping (host down, partitioned
// from the server, agent stopped) still shows in the matrix through what its peers report, but its own row
// holds nothing new: without this, that reads like "no probes" rather than "we do not know". Pure.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/store/store.hpp"

namespace netkeel::server {

// Three report intervals of the agent's default (--report-interval 10 s): one late or lost batch is
// not staleness, three in a row are.
inline constexpr std::int64_t kDefaultStaleAfterMs = 30 * 1000;

struct HostFreshness {
  std::string host;
  std::optional<std::int64_t> last_report_ms;  // newest batch the host sent; nothing: it never sent one
  std::optional<double> age_s;                 // now - last_report_ms
  // It reported once and then sent no batch for longer than stale_after. A host that never reported is
  // not stale: it may be no agent at all (a gateway, a VIP the mesh probes), or one that never started.
  bool stale = false;
  // Stale, and its peers' ICMP probes still answer while their UDP probes, which its agent's responder
  // answers, do not: the host runs, its agent does not (agent_down.hpp).
  bool agent_down = false;
  bool operator==(const HostFreshness&) const = default;
};

// One entry per host that appears in `matrix` (as source or destination), sorted by host.
std::vector<HostFreshness> host_freshness(const store::ProbeMatrix& matrix,
                                          const std::vector<store::HostLastSeen>& last_seen, std::int64_t now_ms,
                                          std::int64_t stale_after_ms);

}  // namespace netkeel::server
