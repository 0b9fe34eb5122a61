// NetkeelPartition: per network, the connected components of the "reaches in both directions" graph of
// the hosts whose agents report probes on it (and are not silent). Two or more components of at least partition_min_group
// hosts each are a partition; a lone host cut off is that host's problem (host down, loss to it), not a
// partition.
#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <string_view>

#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze {
namespace {

std::string group_text(const std::vector<std::string>& hosts) { return "{" + join(hosts) + "}"; }

}  // namespace

void partition_rule(const RuleContext& context, Findings& out) {
  // network -> reporting hosts; (network, src, dst) -> status
  std::map<std::string, std::set<std::string>> nodes;
  const PairKey* last_added = nullptr;  // the statuses are sorted by network, then src: add each once
  for (const auto& [key, status] : context.status) {
    if (last_added != nullptr && last_added->network == key.network && last_added->src == key.src) continue;
    // Only hosts whose agents still report: a silent one is down (host down), not a side of a partition.
    if (key.probe_class == ProbeClass::reach && status.recent && context.reporting(key.src) &&
        context.target_kind(key.dst) == TargetKind::host) {
      nodes[key.network].insert(key.src);
      last_added = &key;
    }
  }
  // A host cut off must have reported since it was cut off: one that went quiet at the cut (a dead switch,
  // a dead host) is not a side of a partition even before it counts as silent.
  std::map<std::pair<std::string, std::string>, TimestampMs> first_cut;  // (network, host)
  for (const auto& [key, status] : context.status) {
    if (key.probe_class != ProbeClass::reach || !status.recent || !status.unreachable_since) continue;
    for (const std::string* host : {&key.src, &key.dst}) {
      auto [it, inserted] = first_cut.try_emplace({key.network, *host}, *status.unreachable_since);
      if (!inserted) it->second = std::min(it->second, *status.unreachable_since);
    }
  }
  const auto& last_sample = context.probes.last_sample_by_host();
  for (auto& [network, hosts] : nodes) {
    std::erase_if(hosts, [&](const std::string& host) {
      const auto cut = first_cut.find({network, host});
      const auto seen = last_sample.find(host);
      return cut != first_cut.end() && (seen == last_sample.end() || seen->second < cut->second);
    });
  }
  for (const auto& [network, hosts] : nodes) {
    const std::vector<std::string> names(hosts.begin(), hosts.end());
    std::vector<std::size_t> parent(names.size());
    std::iota(parent.begin(), parent.end(), 0);
    const auto root = [&](std::size_t i) {
      while (parent[i] != i) i = parent[i] = parent[parent[i]];
      return i;
    };
    // Every recent pair between the nodes in an n x n table: one pass over the statuses instead of a
    // map lookup (four string compares each) per pair of nodes.
    std::map<std::string_view, std::size_t> index;
    for (std::size_t i = 0; i < names.size(); ++i) index.emplace(names[i], i);
    std::vector<const PairStatus*> table(names.size() * names.size(), nullptr);
    for (auto it = context.lower_bound({network, "", "", ProbeClass::reach});
         it != context.status.end() && it->first.network == network; ++it) {
      if (it->first.probe_class != ProbeClass::reach || !it->second.recent) continue;
      const auto s = index.find(it->first.src), d = index.find(it->first.dst);
      if (s != index.end() && d != index.end()) table[s->second * names.size() + d->second] = &it->second;
    }
    const auto status_of = [&](std::size_t src, std::size_t dst) { return table[src * names.size() + dst]; };
    TimestampMs since = context.now_ms;
    for (std::size_t a = 0; a < names.size(); ++a) {
      for (std::size_t b = a + 1; b < names.size(); ++b) {
        const PairStatus* ab = status_of(a, b);
        const PairStatus* ba = status_of(b, a);
        const bool dead = (ab && ab->unreachable_since) || (ba && ba->unreachable_since);
        const bool reaches = (ab && ab->reaches) || (ba && ba->reaches);
        if (!dead && reaches) {
          parent[root(a)] = root(b);
        } else if (dead) {
          if (ab && ab->unreachable_since) since = std::min(since, *ab->unreachable_since);
          if (ba && ba->unreachable_since) since = std::min(since, *ba->unreachable_since);
        }
      }
    }
    std::map<std::size_t, std::vector<std::string>> components;
    for (std::size_t i = 0; i < names.size(); ++i) components[root(i)].push_back(names[i]);
    std::vector<std::vector<std::string>> groups, isolated;
    for (auto& [r, members] : components) {
      (members.size() >= context.options.partition_min_group ? groups : isolated).push_back(members);
    }
    if (groups.size() < 2) continue;
    std::sort(groups.begin(), groups.end(), [](const auto& x, const auto& y) { return x.size() > y.size() || (x.size() == y.size() && x < y); });
    Finding finding;
    finding.level = 2;
    Alert& alert = finding.alert;
    alert.name = kPartition;
    alert.severity = Severity::critical;
    alert.network = network;
    alert.since_unix_ms = since;
    alert.culprit = {"network", network};
    std::string text = network + ": " + group_text(groups[0]) + " cannot reach " + group_text(groups[1]);
    for (std::size_t g = 2; g < groups.size(); ++g) text += " nor " + group_text(groups[g]);
    alert.summary = text;
    alert.description = text + " (" + std::to_string(groups.size()) + " groups of hosts that reach each other in both "
                        "directions; no probe crosses between them)";
    if (!isolated.empty()) {
      std::vector<std::string> lone;
      for (const auto& members : isolated) lone.insert(lone.end(), members.begin(), members.end());
      alert.description += "; also cut off on their own: " + join(lone);
    }
    alert.description += ". The pair alerts across the groups are folded into this alert.";
    std::map<std::string, std::size_t> component_of;
    for (std::size_t i = 0; i < names.size(); ++i) component_of[names[i]] = root(i);
    finding.explains = [network, component_of](const PairRef& pair) {
      if (pair.network != network) return false;
      const auto s = component_of.find(pair.src), d = component_of.find(pair.dst);
      return s != component_of.end() && d != component_of.end() && s->second != d->second;
    };
    out.push_back(std::move(finding));
  }
}

}  // namespace netkeel::analyze
