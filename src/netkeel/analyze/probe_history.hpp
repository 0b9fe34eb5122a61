#pragma once
// The recent probe results per pair, rebuilt from the agents' cumulative counters
// (netkeel_probe_sent_total / netkeel_probe_lost_total): each new counter sample becomes one interval
// (sent, lost since the previous sample of that series). Kinds that test reachability (icmp, udp, tcp) are
// pooled per (network, src, dst); path-MTU probes (kind pmtu) are kept apart for the MTU rule. Pure:
// time comes in with the batches and with prune().
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "netkeel/analyze/alert_options.hpp"
#include "netkeel/analyze/pair_status.hpp"
#include "netkeel/store/batch.hpp"

namespace netkeel::analyze {

using store::TimestampMs;

enum class ProbeClass { reach, pmtu };

struct PairKey {
  std::string network;
  std::string src;
  std::string dst;
  ProbeClass probe_class = ProbeClass::reach;
  auto operator<=>(const PairKey&) const = default;
};

// One report interval of one pair: what was sent and lost in (end_ms - duration_ms, end_ms].
struct ProbeInterval {
  TimestampMs end_ms = 0;
  std::int64_t duration_ms = 0;
  double sent = 0;
  double lost = 0;
  TimestampMs start_ms() const { return end_ms - duration_ms; }
  double loss() const { return sent > 0 ? lost / sent : 0; }
};

struct PairWindow {
  std::deque<ProbeInterval> intervals;  // by end time, oldest first
  std::deque<TimestampMs> glitches;     // when each glitch on this pair ended, oldest first
  // pair_status() of the intervals as they are, before the parts that depend on the time of day; reset
  // whenever the intervals change.
  mutable std::optional<PairStatus> status_cache;
};

// A short burst of loss on one pair, reported as an event and counted (docs/alerts.md, NetkeelGlitches).
struct Glitch {
  PairKey pair;
  TimestampMs start_ms = 0;
  TimestampMs end_ms = 0;
  double sent = 0;
  double lost = 0;
};

class ProbeHistory {
 public:
  // Adds the batch's probe counters; returns the glitches that its intervals ended. ON_INTERVAL, when
  // given, sees every new interval (the anomaly detector's loss figures).
  std::vector<Glitch> add(const store::Batch& batch, const AlertOptions& options,
                          const std::function<void(const PairKey&, const ProbeInterval&)>& on_interval = {});
  // Drops intervals and glitches no rule looks at any more, and pairs silent for forget_after_ms.
  void prune(TimestampMs now_ms, const AlertOptions& options);

  const std::map<PairKey, PairWindow>& pairs() const { return pairs_; }
  // The newest sample time of every agent that sent a batch (by sample time, not arrival).
  const std::map<std::string, TimestampMs>& last_sample_by_host() const { return last_sample_; }
  // The pairs that have glitches in their windows: the glitch rule walks these, not every pair.
  const std::set<PairKey>& pairs_with_glitches() const { return pairs_with_glitches_; }
  // Targets probed with kind tcp: service VIPs (hosts are probed with icmp, udp and pmtu only).
  const std::set<std::string>& service_targets() const { return service_targets_; }

 private:
  struct CounterState {
    TimestampMs last_ms = 0;
    double sent = 0;
    double lost = 0;
  };
  void add_interval(const PairKey& key, const ProbeInterval& interval, const AlertOptions& options,
                    std::vector<Glitch>& glitches);

  std::map<PairKey, PairWindow> pairs_;
  std::unordered_map<std::string, CounterState> counters_;  // by the series' labels
  std::map<std::string, TimestampMs> last_sample_;
  std::set<std::string> service_targets_;
  std::set<PairKey> pairs_with_glitches_;
};

}  // namespace netkeel::analyze
