#pragma once
// Anomaly detection (docs/alerts.md, NetkeelAnomaly): per pair (network, src, dst; the reachability
// kinds pooled, as the loss rules pool them), the RTT replies and the probe counts of each interval_ms
// of samples give one interval's p50, p99 and loss; each is judged against the pair's own baseline, and
// only normal intervals feed the baseline. A pair is anomalous after `consecutive` anomalous intervals
// in a row and normal again after as many normal ones. Pure: time comes with the samples.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/analyze/alert_options.hpp"
#include "netkeel/analyze/probe_history.hpp"
#include "netkeel/analyze/robust_baseline.hpp"
#include "netkeel/store/batch.hpp"

namespace netkeel::analyze {

// One judged interval of one pair.
struct IntervalFigures {
  TimestampMs end_ms = 0;
  std::size_t replies = 0;
  double p50_s = 0;
  double p99_s = 0;
  double sent = 0;
  double lost = 0;
};

struct PairAnomaly {
  PairKey pair;
  TimestampMs since_ms = 0;   // the end of its first anomalous interval
  TimestampMs newest_ms = 0;  // the newest sample of the pair
  IntervalFigures latest;     // the newest judged interval
  // What is abnormal in it, with the normal figure: "p50 4.1 ms (normally 0.30 ms)".
  std::vector<std::string> what;
};

class AnomalyDetector {
 public:
  explicit AnomalyDetector(AnomalyOptions options) : options_(options) {}

  // The batch's RTT replies (netkeel_probe_rtt_seconds samples of kinds icmp, udp and tcp).
  void add_replies(const store::Batch& batch);
  // One report interval of probe counts (from ProbeHistory).
  void add_interval(const PairKey& pair, const ProbeInterval& interval);
  // Forgets pairs with no sample for this long.
  void prune(TimestampMs now_ms, std::int64_t forget_after_ms);

  // The anomalous pairs, by key.
  std::vector<PairAnomaly> anomalous() const;
  std::size_t pairs() const { return pairs_.size(); }

 private:
  struct OpenInterval {
    std::int64_t bucket = -1;
    std::vector<float> rtts_s;
    double sent = 0;
    double lost = 0;
  };
  struct PairState {
    OpenInterval open;
    RobustBaseline p50;
    RobustBaseline p99;
    RobustBaseline loss;
    TimestampMs last_judged_ms = 0;
    TimestampMs newest_ms = 0;
    std::size_t anomalous_run = 0;
    std::size_t normal_run = 0;
    std::optional<TimestampMs> anomalous_since;  // the current run's first anomalous interval
    bool firing = false;
    IntervalFigures latest;
    std::vector<std::string> what;
  };

  // The open interval of PAIR for a sample at AT_MS: closes (judges) an older one first; null for a
  // sample older than the open interval (late: its interval was judged already).
  OpenInterval* interval_for(const PairKey& key, PairState& pair, TimestampMs at_ms);
  void judge(const PairKey& key, PairState& pair);
  void judge_interval(PairState& pair);

  AnomalyOptions options_;
  std::map<PairKey, PairState> pairs_;
  std::map<PairKey, const PairState*> firing_;  // the few anomalous ones: the rule reads only these
};

// P(X >= k) for X ~ Binomial(n, p).
double binomial_upper_tail(std::int64_t k, std::int64_t n, double p);

}  // namespace netkeel::analyze
