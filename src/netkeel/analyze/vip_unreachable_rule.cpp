// NetkeelVipUnreachable: a service VIP that a majority of the hosts probing it cannot reach.
#include <map>

#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze {

void vip_unreachable_rule(const RuleContext& context, Findings& out) {
  struct Vip {
    std::vector<std::string> cut, fine;
    TimestampMs since = 0;
  };
  std::map<std::pair<std::string, std::string>, Vip> vips;
  for (const auto& [key, status] : context.status) {
    if (key.probe_class != ProbeClass::reach || !status.recent || context.target_kind(key.dst) != TargetKind::vip) continue;
    Vip& v = vips[{key.network, key.dst}];
    if (status.unreachable_since) {
      v.since = v.cut.empty() ? *status.unreachable_since : std::min(v.since, *status.unreachable_since);
      v.cut.push_back(key.src);
    } else {
      v.fine.push_back(key.src);
    }
  }
  for (const auto& [where, v] : vips) {
    const auto& [network, vip] = where;
    if (v.cut.size() <= v.fine.size()) continue;
    Finding finding;
    finding.level = 2;
    Alert& alert = finding.alert;
    alert.name = kVipUnreachable;
    alert.severity = Severity::critical;
    alert.network = network;
    alert.since_unix_ms = v.since;
    alert.labels = {{"vip", vip}};
    alert.culprit = {"network", network};
    const std::string cut = join(v.cut);
    const std::size_t total = v.cut.size() + v.fine.size();
    alert.summary = network + ": VIP " + vip + " does not answer from " + std::to_string(v.cut.size()) + " of " +
                    std::to_string(total) + " hosts";
    alert.description = "every probe to " + vip + " on " + network + " is lost from " + cut +
                        "; the loss alerts to it are folded into this alert.";
    for (const auto& h : v.cut) finding.pairs.push_back({network, h, vip});
    finding.explains = [network, vip](const PairRef& pair) { return pair.network == network && pair.dst == vip; };
    out.push_back(std::move(finding));
  }
}

}  // namespace netkeel::analyze
