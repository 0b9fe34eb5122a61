#include "netkeel/server/host_freshness.hpp"

#include <map>
#include <set>

namespace netkeel::server {

std::vector<HostFreshness> host_freshness(const store::ProbeMatrix& matrix,
                                          const std::vector<store::HostLastSeen>& last_seen, std::int64_t now_ms,
                                          std::int64_t stale_after_ms) {
  std::set<std::string> hosts;
  for (const store::ProbePair& pair : matrix.pairs) {
    hosts.insert(pair.src);
    hosts.insert(pair.dst);
  }
  std::map<std::string, std::int64_t> seen;
  for (const store::HostLastSeen& host : last_seen) seen[host.host] = host.last_seen_ms;
  std::vector<HostFreshness> out;
  for (const std::string& host : hosts) {
    HostFreshness entry{host, std::nullopt, std::nullopt, false};
    if (const auto it = seen.find(host); it != seen.end()) {
      entry.last_report_ms = it->second;
      // In double: a host clock gone wrong could put last_seen far from now.
      entry.age_s = (static_cast<double>(now_ms) - static_cast<double>(it->second)) / 1000.0;
      entry.stale = *entry.age_s * 1000.0 > static_cast<double>(stale_after_ms);
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace netkeel::server
