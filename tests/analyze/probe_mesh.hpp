#pragma once
// Synthetic agent batches for the alert engine's tests: each agent's cumulative probe counters per
// (network, dst, kind), advanced by what the test says each report interval lost.
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "netkeel/store/batch.hpp"
#include "netkeel/store/series.hpp"

namespace netkeel::analyze::testing {

struct ProbeResult {
  std::string network;
  std::string dst;
  double sent = 10;
  double lost = 0;
  std::string kind = "icmp";
};

class ProbeMesh {
 public:
  // One batch of `src` at `at_ms`: the counters after this interval's results, plus `events`.
  store::Batch batch(const std::string& src, std::int64_t at_ms, const std::vector<ProbeResult>& results,
                     std::vector<store::Event> events = {}) {
    store::Batch batch;
    batch.id = {src, ++sequence_[src]};
    for (const ProbeResult& r : results) {
      auto& [sent, lost] = counters_[{src, r.network, r.dst, r.kind}];
      sent += r.sent;
      lost += r.lost;
      const std::vector<store::Label> labels = {{"address", "10.0.0.1"}, {"dst", r.dst}, {"kind", r.kind},
                                                {"network", r.network}, {"port", "0"}, {"src", src}};
      batch.series.push_back(store::make_series("netkeel_probe_sent_total", labels));
      batch.samples.push_back({static_cast<std::uint32_t>(batch.series.size() - 1), at_ms, sent});
      batch.series.push_back(store::make_series("netkeel_probe_lost_total", labels));
      batch.samples.push_back({static_cast<std::uint32_t>(batch.series.size() - 1), at_ms, lost});
    }
    batch.events = std::move(events);
    return batch;
  }

 private:
  std::map<std::tuple<std::string, std::string, std::string, std::string>, std::pair<double, double>> counters_;
  std::map<std::string, std::uint64_t> sequence_;
};

// Every host probes every other host on each network; `lost(src, dst, network)` says how many of the `sent`
// probes of this interval were lost.
template <typename LostFn>
std::vector<ProbeResult> mesh_results(const std::string& src, const std::vector<std::string>& hosts,
                                      const std::vector<std::string>& networks, LostFn lost, double sent = 10) {
  std::vector<ProbeResult> out;
  for (const auto& network : networks) {
    for (const auto& dst : hosts) {
      if (dst != src) out.push_back({network, dst, sent, static_cast<double>(lost(src, dst, network))});
    }
  }
  return out;
}

}  // namespace netkeel::analyze::testing
