// NetkeelHostDown: every peer that probes a host, on every network, cannot reach it, and the host's own
// agent has sent nothing since (by sample time, so spooled batches arriving late never make a host look
// down). One alert for the host: the pairs to and from it fold into it.
#include <algorithm>
#include <map>

#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze {

void host_down_rule(const RuleContext& context, Findings& out) {
  struct Evidence {
    std::size_t pairs = 0;
    std::size_t unreachable = 0;
    TimestampMs first_unreachable = 0;
    TimestampMs newest = 0;
    std::vector<std::string> networks;
    std::vector<std::string> peers;
  };
  std::map<std::string, Evidence> by_host;
  for (const auto& [key, status] : context.status) {
    if (key.probe_class != ProbeClass::reach || !status.recent || !context.reporting(key.src)) continue;
    if (context.target_kind(key.dst) != TargetKind::host) continue;
    Evidence& e = by_host[key.dst];
    ++e.pairs;
    if (!status.unreachable_since) continue;
    e.first_unreachable = e.unreachable++ == 0 ? *status.unreachable_since
                                               : std::min(e.first_unreachable, *status.unreachable_since);
    e.newest = std::max(e.newest, status.newest_ms);
    if (std::find(e.networks.begin(), e.networks.end(), key.network) == e.networks.end()) e.networks.push_back(key.network);
    if (std::find(e.peers.begin(), e.peers.end(), key.src) == e.peers.end()) e.peers.push_back(key.src);
  }
  const auto& last_sample = context.probes.last_sample_by_host();
  for (const auto& [host, e] : by_host) {
    if (e.pairs == 0 || e.unreachable != e.pairs) continue;
    const auto seen = last_sample.find(host);
    // Silent: nothing since its peers lost it (a live agent reports within seconds of that), or, for an
    // agent that does not report early, nothing for agent_silent_after_ms before the peers' evidence.
    const bool silent = seen == last_sample.end() || context.quiet_since_cut.count(host) > 0 ||
                        seen->second <= e.newest - context.options.agent_silent_after_ms;
    if (!silent) continue;
    Finding finding;
    finding.level = 2;
    Alert& alert = finding.alert;
    alert.name = kHostDown;
    alert.severity = Severity::critical;
    alert.since_unix_ms = e.first_unreachable;
    alert.labels = {{"host", host}};
    alert.culprit = {"host", host};
    const std::string networks = join(e.networks), peers = join(e.peers);
    alert.summary = "host " + host + " is down: no peer reaches it and its agent is silent";
    alert.description = std::to_string(e.peers.size()) + " peers (" + peers + ") lose every probe to " + host +
                        " on " + networks + ", and its agent has sent nothing since. The pair alerts to and from " + host + " are folded into this alert.";
    finding.pairs = {};
    for (const auto& network : e.networks) {
      for (const auto& peer : e.peers) finding.pairs.push_back({network, peer, host});
    }
    finding.explains = [host](const PairRef& pair) { return pair.src == host || pair.dst == host; };
    out.push_back(std::move(finding));
  }
}

}  // namespace netkeel::analyze
