#include "netkeel/server/agent_down.hpp"

#include <map>
#include <set>

namespace netkeel::server {
namespace {

struct KindTotals {
  double sent = 0;
  double lost = 0;
  double loss() const { return sent > 0 ? lost / sent : 0.0; }
};

const store::ProbeKindLoss* find_kind(const store::ProbePair& pair, const std::string& kind) {
  for (const store::ProbeKindLoss& k : pair.kinds) {
    if (k.kind == kind) return &k;
  }
  return nullptr;
}

}  // namespace

void mark_agents_down(MatrixReport& report, const std::string& counted_kind) {
  std::map<std::string, std::pair<KindTotals, KindTotals>> towards;  // dst -> (icmp, udp)
  for (const store::ProbePair& pair : report.matrix.pairs) {
    auto& [icmp, udp] = towards[pair.dst];
    if (const auto* k = find_kind(pair, "icmp")) icmp.sent += k->sent, icmp.lost += k->lost;
    if (const auto* k = find_kind(pair, kResponderKind)) udp.sent += k->sent, udp.lost += k->lost;
  }
  std::set<std::string> down;
  for (HostFreshness& host : report.hosts) {
    const auto it = towards.find(host.host);
    if (!host.stale || it == towards.end()) continue;
    const auto& [icmp, udp] = it->second;
    host.agent_down = udp.lost > 0 && icmp.sent > 0 && icmp.loss() < udp.loss() / 2;
    if (host.agent_down) down.insert(host.host);
  }
  for (store::ProbePair& pair : report.matrix.pairs) {
    if (!counted_kind.empty() || !down.count(pair.dst)) continue;  // one kind asked for: its numbers stand
    if (const auto* udp = find_kind(pair, kResponderKind)) {
      pair.sent -= udp->sent;
      pair.lost -= udp->lost;
      pair.loss = pair.sent > 0 ? pair.lost / pair.sent : 0.0;
    }
  }
}

}  // namespace netkeel::server
