#include "netkeel/probe/probe_statistics.hpp"

#include <algorithm>
#include <cmath>

namespace netkeel::probe {

Nanoseconds percentile(std::vector<Nanoseconds> samples, double q) {
  std::sort(samples.begin(), samples.end());
  // Nearest rank: the smallest sample with at least q of the samples at or below it.
  auto rank = static_cast<size_t>(std::ceil(q * double(samples.size())));
  if (rank == 0) rank = 1;
  return samples[std::min(rank, samples.size()) - 1];
}

void ProbeStatistics::record_reply(Nanoseconds rtt, SteadyTime at) {
  rtts_.push_back(rtt);
  reply_times_.push_back(at);
  ++sent_;
  ++sent_total_;
  rtt_sum_total_ += rtt;
}

void ProbeStatistics::record_loss() {
  ++sent_;
  ++lost_;
  ++sent_total_;
  ++lost_total_;
}

IntervalSummary ProbeStatistics::interval() const {
  IntervalSummary s{sent_, lost_, std::nullopt, {}};
  if (rtts_.empty()) return s;
  s.replies.reserve(rtts_.size());
  for (size_t i = 0; i < rtts_.size(); ++i) s.replies.push_back({reply_times_[i], rtts_[i]});
  RttSummary r;
  r.min = *std::min_element(rtts_.begin(), rtts_.end());
  r.max = *std::max_element(rtts_.begin(), rtts_.end());
  Nanoseconds sum{0};
  for (auto v : rtts_) sum += v;
  r.avg = sum / static_cast<int64_t>(rtts_.size());
  r.p50 = percentile(rtts_, 0.50);
  r.p99 = percentile(rtts_, 0.99);
  s.rtt = r;
  return s;
}

IntervalSummary ProbeStatistics::take_interval() {
  IntervalSummary s = interval();
  rtts_.clear();
  reply_times_.clear();
  sent_ = lost_ = 0;
  return s;
}

}  // namespace netkeel::probe
