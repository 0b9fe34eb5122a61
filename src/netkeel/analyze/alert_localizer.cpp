#include "netkeel/analyze/alert_localizer.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "netkeel/analyze/alert_tracker.hpp"
#include "netkeel/analyze/culprit_ranking.hpp"
#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze {
namespace {

bool localized(const Alert& alert) {
  return alert.name == kSustainedLoss || alert.name == kPartition ||
         (alert.name == kHostDown && alert.culprit.kind == "switch");
}

bool crosses(const ProbePaths& paths, const std::string& src, const std::string& dst, std::size_t component) {
  const std::vector<Crossing>* crossings = paths.crossings(src, dst);
  return crossings && std::any_of(crossings->begin(), crossings->end(),
                                   [&](const Crossing& c) { return c.component == component; });
}

// Whether a ranked culprit bears on the alert: a pair's loss only on a component its probes cross (either
// way), a target host's only on a path to or from it; a partition's (the whole network) on any. A culprit
// elsewhere on the network explains other pairs' loss, not this alert's, and must not be named by it. A
// target the cabling does not know (a VIP, a gateway) gets none: the rule's own culprit stays.
bool bears_on(const Alert& alert, const RankedCulprit& culprit, const SiteProbePaths& site_paths) {
  if (alert.name != kSustainedLoss) return true;
  const auto network = site_paths.find(alert.network);
  if (network == site_paths.end()) return false;
  const ProbePaths& paths = network->second;
  const std::size_t component = paths.find(culprit.kind, culprit.name);
  if (component >= paths.components.size()) return false;
  const auto label = [&](const char* name) {
    const auto it = alert.labels.find(name);
    return it == alert.labels.end() ? std::string() : it->second;
  };
  if (const std::string src = label("src"), dst = label("dst"); !src.empty() && !dst.empty())
    return crosses(paths, src, dst, component) || crosses(paths, dst, src, component);
  const std::string target = label("target");
  for (const auto& [pair, crossings] : paths.pairs) {
    if (pair.first != target && pair.second != target) continue;
    if (crosses(paths, pair.first, pair.second, component)) return true;
  }
  return false;
}

}  // namespace

store::ProbeMatrix recent_probe_matrix(const RuleContext& context, const std::string& network, std::int64_t window_ms) {
  store::ProbeMatrix matrix;
  matrix.network = network;
  const TimestampMs now_ms = context.now_ms;
  for (const auto& [key, window] : context.probes.pairs()) {
    if (key.network != network || key.probe_class != ProbeClass::reach || !context.reporting(key.src)) continue;
    store::ProbePair pair{key.src, key.dst, 0, 0, 0, 0, 0};
    for (const ProbeInterval& interval : window.intervals) {
      if (interval.end_ms <= now_ms - window_ms || interval.end_ms > now_ms) continue;
      pair.sent += interval.sent;
      pair.lost += interval.lost;
    }
    if (pair.sent <= 0) continue;
    pair.loss = pair.lost / pair.sent;
    matrix.pairs.push_back(std::move(pair));
  }
  return matrix;  // sorted by (src, dst): the history's keys are
}

LocalEvidence link_state_evidence(const LinkStates& links) {
  LocalEvidence out;
  for (const auto& [key, record] : links.links()) {
    if (record.condition == LinkCondition::down) out.nics[key].went_down = true;
    if (record.condition == LinkCondition::flapping) out.nics[key].carrier_changes = 4;
  }
  return out;
}

void AlertLocalizer::localize(Findings& findings, const RuleContext& context) {
  const AlertOptions& options = context.options;
  if (!paths_) return;
  std::optional<LocalEvidence> evidence;  // made once, and only when some alert needs it
  std::map<std::string, std::vector<RankedCulprit>> by_network;
  auto ranking = [&](const std::string& network) -> const std::vector<RankedCulprit>& {
    auto found = by_network.find(network);
    if (found != by_network.end()) return found->second;
    if (!evidence) evidence = link_state_evidence(context.links);
    std::vector<std::vector<RankedCulprit>> rankings;
    for (const auto& [name, paths] : *paths_) {
      if (!network.empty() && name != network) continue;
      rankings.push_back(
          rank_culprits(paths, recent_probe_matrix(context, name, options.localization_window_ms), *evidence));
    }
    return by_network.emplace(network, merge_rankings(rankings)).first->second;
  };
  for (Finding& finding : findings) {
    if (!localized(finding.alert)) continue;
    const std::string identity = alert_identity(finding.alert);
    if (auto chosen = chosen_.find(identity); chosen != chosen_.end()) {
      finding.alert.culprit = chosen->second;
      continue;
    }
    const std::vector<RankedCulprit>& culprits = ranking(finding.alert.network);
    const RankedCulprit* top = nullptr;  // the best-ranked culprit that bears on this alert
    for (const RankedCulprit& c : culprits) {
      if (bears_on(finding.alert, c, *paths_)) {
        top = &c;
        break;
      }
    }
    if (finding.alert.culprit.kind == "switch") {
      // The switch rule knows the switch from carrier and reachability: it stays; localization only says
      // how sure it is that the switch (and not, say, its uplink) is at fault.
      top = nullptr;
      for (const RankedCulprit& c : culprits) {
        if (to_string(c.kind) == "switch" && c.name == finding.alert.culprit.name) top = &c;
      }
    }
    if (top == nullptr || top->confidence < options.culprit_min_confidence) continue;
    Culprit culprit{to_string(top->kind), top->name, std::round(top->confidence * 100) / 100, top->explains};
    chosen_[identity] = culprit;
    finding.alert.culprit = std::move(culprit);
  }
}

void AlertLocalizer::keep_only(const std::set<std::string>& firing_identities) {
  std::erase_if(chosen_, [&](const auto& entry) { return !firing_identities.count(entry.first); });
}

}  // namespace netkeel::analyze
