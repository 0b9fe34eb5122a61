// NetkeelAnomaly: pairs whose RTT or loss left their own normal (anomaly_detector.hpp), per pair, and per
// host when most of its peers see it (to it, or from it), so one slow host is one alert. It stays quiet on
// a network where a loss rule speaks (sustained loss, a pair that cannot reach): that incident is the news.
#include <map>
#include <set>

#include "netkeel/analyze/anomaly_detector.hpp"
#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze {
namespace {

std::string figures_text(const PairAnomaly& anomaly) { return join(anomaly.what); }

std::string rule_text(const AnomalyOptions& o) {
  return "anomalous: a p50 or p99 at least " + std::to_string(static_cast<int>(o.score)) +
         " spreads above the pair's normal, or more loss than its normal rate explains, in " +
         std::to_string(o.consecutive) + " intervals of " + seconds_text(o.interval_ms) +
         " in a row; clears after as many normal ones.";
}

struct HostGroup {
  std::size_t peers = 0;                    // recent pairs of the host on the network
  std::vector<const PairAnomaly*> anomalous;
};

// One alert for HOST when at least 3 and at least half of its recent peers see it anomalous.
void host_finding(const std::string& network, const std::string& host, bool as_target, const HostGroup& group,
                  const RuleContext& context, Findings& out) {
  if (group.anomalous.size() < 3 || group.anomalous.size() * 2 < group.peers) return;
  Finding finding;
  finding.level = 1;
  Alert& alert = finding.alert;
  alert.name = kAnomaly;
  alert.severity = Severity::warning;
  alert.network = network;
  alert.labels = {{as_target ? "target" : "source", host}};
  alert.culprit = {"host", host};
  TimestampMs since = 0;
  for (const PairAnomaly* anomaly : group.anomalous) {
    since = since == 0 ? anomaly->since_ms : std::min(since, anomaly->since_ms);
    finding.pairs.push_back({network, anomaly->pair.src, anomaly->pair.dst});  // their alerts fold into this one
  }
  alert.since_unix_ms = since;
  const std::string counts = std::to_string(group.anomalous.size()) + " of " + std::to_string(group.peers);
  alert.summary = network + ": abnormal RTT or loss " + (as_target ? "to " : "from ") + host + " (" + counts +
                  (as_target ? " peers)" : " targets)");
  alert.description = counts + (as_target ? " hosts probing " : " pairs from ") + host + " on " + network + " are " +
                      rule_text(context.options.anomaly);
  finding.explains = [network, host, as_target](const PairRef& pair) {
    return pair.network == network && (as_target ? pair.dst : pair.src) == host;
  };
  out.push_back(std::move(finding));
}

}  // namespace

void anomaly_rule(const RuleContext& context, Findings& out) {
  if (!context.options.anomaly.enabled || context.anomalies == nullptr) return;
  const std::vector<PairAnomaly> anomalies = context.anomalies->anomalous();
  if (anomalies.empty()) return;
  std::set<std::string> loss_incident;  // networks where a loss rule speaks
  std::map<std::pair<std::string, std::string>, HostGroup> to_host, from_host;  // (network, host)
  for (const auto& [key, status] : context.status) {
    if (key.probe_class != ProbeClass::reach || !status.recent) continue;
    if (status.sustained_since || status.unreachable_since) loss_incident.insert(key.network);
    ++to_host[{key.network, key.dst}].peers;
    ++from_host[{key.network, key.src}].peers;
  }
  for (const PairAnomaly& anomaly : anomalies) {
    const PairKey& key = anomaly.pair;
    if (loss_incident.count(key.network) > 0 || !context.reporting(key.src)) continue;
    if (anomaly.newest_ms < context.now_ms - context.options.stale_after_ms) continue;
    to_host[{key.network, key.dst}].anomalous.push_back(&anomaly);
    from_host[{key.network, key.src}].anomalous.push_back(&anomaly);
    Finding finding;
    Alert& alert = finding.alert;
    alert.name = kAnomaly;
    alert.severity = Severity::warning;
    alert.network = key.network;
    alert.since_unix_ms = anomaly.since_ms;
    alert.labels = {{"src", key.src}, {"dst", key.dst}};
    alert.culprit = {"network", key.network};
    alert.summary = key.network + ": abnormal " + figures_text(anomaly) + " from " + key.src + " to " + key.dst;
    alert.description = key.src + " -> " + key.dst + " on " + key.network + ": " + figures_text(anomaly) + "; " +
                        rule_text(context.options.anomaly);
    finding.pairs = {{key.network, key.src, key.dst}};
    out.push_back(std::move(finding));
  }
  for (const auto& [where, group] : to_host) host_finding(where.first, where.second, true, group, context, out);
  for (const auto& [where, group] : from_host) host_finding(where.first, where.second, false, group, context, out);
}

}  // namespace netkeel::analyze
