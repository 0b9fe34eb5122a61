// NetkeelMtuBlackhole: per network, path-MTU probes (kind pmtu, don't-fragment at the planned MTU) lose
// every probe while the small probes of the same pair get through.
#include <map>
#include <set>

#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze {

void mtu_blackhole_rule(const RuleContext& context, Findings& out) {
  struct Black {
    std::vector<PairRef> pairs;
    TimestampMs since = 0;
  };
  std::map<std::string, Black> by_network;
  for (const auto& [key, status] : context.status) {
    if (key.probe_class != ProbeClass::pmtu || !status.unreachable_since) continue;
    const PairStatus* small = context.find_status({key.network, key.src, key.dst, ProbeClass::reach});
    // The small probes must pass over the whole fire window, not only in their newest interval: a
    // one-second interval of a lossy pair is often clean by chance, and random loss also takes the
    // few path-MTU probes (one every 10 s).
    if (small == nullptr || !small->reaches || small->lossy_now || small->window_loss >= context.options.loss_fire_ratio) {
      continue;
    }
    Black& b = by_network[key.network];
    b.since = b.pairs.empty() ? *status.unreachable_since : std::min(b.since, *status.unreachable_since);
    b.pairs.push_back({key.network, key.src, key.dst});
  }
  for (const auto& [network, b] : by_network) {
    // The host every black-holed pair shares, if there is one: its NIC or port carries the smaller MTU.
    std::map<std::string, std::size_t> count;
    for (const auto& p : b.pairs) {
      ++count[p.src];
      if (p.dst != p.src) ++count[p.dst];
    }
    std::string shared;
    for (const auto& [host, n] : count) {
      if (n == b.pairs.size() && b.pairs.size() > 1) shared = host;
    }
    Finding finding;
    Alert& alert = finding.alert;
    alert.name = kMtuBlackhole;
    alert.severity = Severity::warning;
    alert.network = network;
    alert.since_unix_ms = b.since;
    alert.culprit = shared.empty() ? Culprit{"network", network} : Culprit{"host", shared};
    std::vector<std::string> pairs;
    for (const auto& p : b.pairs) pairs.push_back(p.src + " -> " + p.dst);
    alert.summary = network + ": full-size packets are lost on " + std::to_string(b.pairs.size()) + " pairs" +
                    (shared.empty() ? "" : " (all through " + shared + ")") + ", small ones pass";
    alert.description = "path-MTU probes (don't-fragment at the network's planned MTU) lose every probe while the "
                        "small probes of the same pairs are answered: a link on the path carries a smaller MTU. "
                        "Pairs:" + listed_lines(pairs);
    out.push_back(std::move(finding));
  }
}

}  // namespace netkeel::analyze
