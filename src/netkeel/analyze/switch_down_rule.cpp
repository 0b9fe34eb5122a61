// A switch down, from the site's cabling: the hosts cabled only to it (at least two) lose each other and
// everyone else. One NetkeelHostDown naming the switch (culprit kind switch) instead of one per host.
#include <algorithm>
#include <set>

#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze {

void switch_down_rule(const RuleContext& context, Findings& out) {
  for (const std::string& switch_name : context.topology.switches()) {
    const std::vector<std::string> behind = context.topology.hosts_only_on(switch_name);
    if (behind.size() < 2) continue;  // one host: its own NIC, cable or port explains it as well
    const std::set<std::string> members(behind.begin(), behind.end());
    std::set<std::string> evidenced;  // hosts behind the switch that some recent pair shows cut off
    std::set<std::string> outside_peers;
    std::size_t pairs = 0;
    bool all_cut = true;
    TimestampMs since = 0;
    for (const auto& [key, status] : context.status) {
      if (key.probe_class != ProbeClass::reach || !status.recent || !context.reporting(key.src)) continue;
      const bool src_in = members.count(key.src) > 0, dst_in = members.count(key.dst) > 0;
      if (!src_in && !dst_in) continue;
      if (!dst_in && context.target_kind(key.dst) != TargetKind::host) continue;  // VIPs, gateways: not evidence
      if (!status.unreachable_since) {
        all_cut = false;
        break;
      }
      since = pairs++ == 0 ? *status.unreachable_since : std::min(since, *status.unreachable_since);
      if (src_in) evidenced.insert(key.src);
      if (dst_in) evidenced.insert(key.dst);
      if (!src_in) outside_peers.insert(key.src);
    }
    if (!all_cut || evidenced.size() != members.size() || outside_peers.empty()) continue;
    Finding finding;
    finding.level = 3;
    Alert& alert = finding.alert;
    alert.name = kHostDown;
    alert.severity = Severity::critical;
    alert.since_unix_ms = since;
    alert.labels = {{"switch", switch_name}};
    alert.culprit = {"switch", switch_name};
    const std::string hosts = join(behind);
    alert.summary = "switch " + switch_name + " is down: " + hosts + " (cabled only to it) are cut off";
    alert.description = "the hosts cabled only to " + switch_name + " (" + hosts +
                        ") cannot reach each other or anyone else, and no one reaches them: " + std::to_string(pairs) +
                        " probe pairs lose every probe. The host and pair alerts they explain are folded into this alert.";
    finding.explains = [members](const PairRef& pair) { return members.count(pair.src) > 0 || members.count(pair.dst) > 0; };
    out.push_back(std::move(finding));
  }
}

}  // namespace netkeel::analyze
