// NetkeelSustainedLoss: per pair, and per target (one host from all its peers; a gateway or a VIP from a
// majority of the hosts probing it), so loss to one place is one alert that folds its pairs.
#include <algorithm>
#include <map>

#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze {
namespace {

std::string pair_text(const PairKey& key, const PairStatus& status) {
  return key.src + " -> " + key.dst + ": " + percent(status.window_loss) + " lost (" +
         std::to_string(static_cast<long long>(status.lost)) + " of " +
         std::to_string(static_cast<long long>(status.sent)) + " probes)";
}

struct TargetPairs {
  std::vector<std::pair<const PairKey*, const PairStatus*>> recent;
};

}  // namespace

void sustained_loss_rule(const RuleContext& context, Findings& out) {
  const AlertOptions& o = context.options;
  std::map<std::pair<std::string, std::string>, TargetPairs> targets;  // (network, dst)
  for (const auto& [key, status] : context.status) {
    if (key.probe_class != ProbeClass::reach) continue;
    if (status.recent) targets[{key.network, key.dst}].recent.push_back({&key, &status});
    const bool fire = status.sustained_since.has_value();
    const bool hold = !status.clear && status.clear_window_lost > 0;
    if (!fire && !hold) continue;
    Finding finding;
    finding.fire = fire;
    Alert& alert = finding.alert;
    alert.name = kSustainedLoss;
    alert.severity = Severity::warning;
    alert.network = key.network;
    alert.since_unix_ms = status.sustained_since.value_or(status.newest_ms);
    alert.labels = {{"src", key.src}, {"dst", key.dst}};
    alert.culprit = {"network", key.network};
    alert.summary = key.network + ": " + percent(status.window_loss) + " loss from " + key.src + " to " + key.dst;
    alert.description = pair_text(key, status) + " over the last " + seconds_text(o.loss_fire_after_ms) +
                        "; fires at " + percent(o.loss_fire_ratio) + " for " + seconds_text(o.loss_fire_after_ms) +
                        ", clears under " + percent(o.loss_clear_ratio) + " for " + seconds_text(o.loss_clear_after_ms) + ".";
    finding.pairs = {{key.network, key.src, key.dst}};
    out.push_back(std::move(finding));
  }

  for (const auto& [where, pairs] : targets) {
    const auto& [network, dst] = where;
    const TargetKind kind = context.target_kind(dst);
    const std::size_t sources = pairs.recent.size();
    if (sources < 2) continue;  // one source: the pair alert says it all
    std::size_t lossy = 0, not_clear = 0;
    TimestampMs since = 0;
    double sent = 0, lost = 0;
    std::vector<std::string> detail;
    for (const auto& [key, status] : pairs.recent) {
      if (status->sustained_since) {
        since = lossy++ == 0 ? *status->sustained_since : std::min(since, *status->sustained_since);
        detail.push_back(pair_text(*key, *status));
      }
      if (!status->clear) ++not_clear;
      sent += status->sent;
      lost += status->lost;
    }
    // A host: every peer sees the loss; a gateway or VIP: a majority of the hosts probing it.
    const bool fire = kind == TargetKind::host ? lossy == sources : lossy * 2 > sources;
    const bool hold = not_clear * 2 > sources;
    if (!fire && !hold) continue;
    Finding finding;
    finding.fire = fire;
    finding.level = 1;
    Alert& alert = finding.alert;
    alert.name = kSustainedLoss;
    alert.severity = Severity::warning;
    alert.network = network;
    alert.since_unix_ms = fire ? since : context.now_ms;
    alert.labels = {{"target", dst}};
    const char* what = kind == TargetKind::host ? "host " : kind == TargetKind::gateway ? "the " : "VIP ";
    alert.culprit = kind == TargetKind::host ? Culprit{"host", dst} : Culprit{"network", network};
    const double loss = sent > 0 ? lost / sent : 0;
    alert.summary = network + ": " + percent(loss) + " loss to " + what + dst + " from " + std::to_string(lossy) +
                    " of " + std::to_string(sources) + " hosts";
    alert.description = std::to_string(lossy) + " of " + std::to_string(sources) + " hosts lose at least " +
                        percent(o.loss_fire_ratio) + " of their probes to " + what + dst + " on " + network +
                        " (pairs folded into this alert):" + listed_lines(detail);
    for (const auto& [key, status] : pairs.recent) finding.pairs.push_back({network, key->src, dst});
    const bool is_host = kind == TargetKind::host;
    finding.explains = [network, dst, is_host](const PairRef& pair) {
      return pair.network == network && (pair.dst == dst || (is_host && pair.src == dst));
    };
    out.push_back(std::move(finding));
  }
}

}  // namespace netkeel::analyze
