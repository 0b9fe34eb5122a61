// The alert engine's cost at 300 hosts x 4 networks, every host probing every other on every network and
// shipping one batch per 10 s report interval (docs/performance.md, "Alert engine"):
//  - Ingest: one agent's batch (299 peers x 4 networks x sent/lost = 2,392 samples) into the engine;
//  - Evaluate: one evaluation of every rule over the 358,800 pairs after 4 minutes of intervals, once
//    with a clean mesh and once with one host down and a partition on one network.
// Sizes: NETKEEL_BENCH_HOSTS (default 300).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "netkeel/analyze/alert_engine.hpp"
#include "netkeel/store/series.hpp"

namespace {

using netkeel::analyze::AlertEngine;
using netkeel::store::Batch;

constexpr std::int64_t kStart = 1'796'000'000'000;
constexpr std::int64_t kInterval = 10'000;
const std::vector<std::string> kNetworks = {"mgmt", "api", "tunnel", "storage"};

int host_count() {
  const char* text = std::getenv("NETKEEL_BENCH_HOSTS");
  return text != nullptr ? std::atoi(text) : 300;
}

std::string host_name(int i) { return "host" + std::to_string(i); }

// Cumulative counters of one agent, advanced one interval per call.
struct Agent {
  std::string name;
  std::vector<netkeel::store::Series> series;  // sent, lost per (network, dst)
  std::vector<double> values;
  std::vector<netkeel::store::Series> rtt_series;  // netkeel_probe_rtt_seconds per (network, dst)
  std::uint64_t sequence = 0;

  Agent(int self, int hosts) : name(host_name(self)) {
    for (const auto& network : kNetworks) {
      for (int d = 0; d < hosts; ++d) {
        if (d == self) continue;
        const std::vector<netkeel::store::Label> labels = {{"address", "10.0.0." + std::to_string(d % 250)},
                                                           {"dst", host_name(d)}, {"kind", "icmp"},
                                                           {"network", network}, {"port", "0"}, {"src", name}};
        series.push_back(netkeel::store::make_series("netkeel_probe_sent_total", labels));
        series.push_back(netkeel::store::make_series("netkeel_probe_lost_total", labels));
        rtt_series.push_back(netkeel::store::make_series(
            "netkeel_probe_rtt_seconds",
            {{"dst", host_name(d)}, {"kind", "icmp"}, {"network", network}, {"src", name}}));
      }
    }
    values.assign(series.size(), 0);
  }

  // `lost(i)`: the probes lost of pair i (in series order / 2) this interval, of 10. With `replies`, the
  // batch also carries each reply's RTT (0.25-0.35 ms), as agents ship them.
  template <typename Lost>
  Batch next(std::int64_t at, Lost lost, bool replies = false) {
    Batch batch;
    batch.id = {name, ++sequence};
    batch.series = series;
    if (replies) batch.series.insert(batch.series.end(), rtt_series.begin(), rtt_series.end());
    for (std::size_t i = 0; i < series.size(); i += 2) {
      values[i] += 10;
      const int lost_now = lost(i / 2);
      values[i + 1] += lost_now;
      batch.samples.push_back({static_cast<std::uint32_t>(i), at, values[i]});
      batch.samples.push_back({static_cast<std::uint32_t>(i + 1), at, values[i + 1]});
      if (!replies) continue;
      const auto rtt = static_cast<std::uint32_t>(series.size() + i / 2);
      for (int k = 0; k < 10 - lost_now; ++k) {
        batch.samples.push_back({rtt, at - 9'500 + k * 1'000, 0.00025 + 0.00001 * ((i + k * 7 + sequence) % 10)});
      }
    }
    return batch;
  }
};

// The agents of the mesh; batches are made round by round (all rounds at once would not fit in memory
// at 300 hosts: each batch carries its 2,392 series).
struct Mesh {
  int hosts = host_count();
  bool faults = false;
  int rounds = 26;
  std::vector<Agent> agents;

  explicit Mesh(bool with_faults) : faults(with_faults) {
    for (int h = 0; h < hosts; ++h) agents.emplace_back(h, hosts);
  }

  // Round r's batches (rounds 0 .. rounds-1, 10 s apart). With faults, the last 4 rounds have host0
  // down (silent, every probe to it lost) and the storage network split into two halves.
  std::vector<Batch> round(int r) {
    std::vector<Batch> out;
    const int peers = hosts - 1;
    const bool faulty = faults && r >= rounds - 4;
    for (int h = 0; h < hosts; ++h) {
      if (faulty && h == 0) continue;
      out.push_back(agents[h].next(kStart + (r + 1) * kInterval, [&](std::size_t pair) {
        if (!faulty) return 0;
        const int network = static_cast<int>(pair) / peers;
        const int index = static_cast<int>(pair) % peers;
        const int dst = index < h ? index : index + 1;
        if (dst == 0) return 10;
        if (network == 3 && (h < hosts / 2) != (dst < hosts / 2)) return 10;
        return 0;
      }));
    }
    return out;
  }
};

void BM_IngestOneAgentBatch(benchmark::State& state) {
  Mesh mesh(false);
  AlertEngine engine({}, {});
  for (int r = 0; r + 1 < mesh.rounds; ++r) {
    for (const auto& batch : mesh.round(r)) engine.ingest(batch);
  }
  // Each iteration ingests the next agent's batch of the last round: every batch once.
  const std::vector<Batch> last = mesh.round(mesh.rounds - 1);
  std::size_t i = 0;
  for (auto _ : state) engine.ingest(last[i++ % last.size()]);
  state.counters["samples_per_batch"] = static_cast<double>(last.front().samples.size());
}
BENCHMARK(BM_IngestOneAgentBatch)->Unit(benchmark::kMillisecond)->Iterations(host_count());

// As agents ship them: every reply's RTT too (10 per pair), with and without NetkeelAnomaly's detector
// (docs/alerts.md), which judges every pair's interval as the next one opens.
void ingest_with_replies(benchmark::State& state, bool anomaly) {
  Mesh mesh(false);
  netkeel::analyze::AlertOptions options;
  options.anomaly.enabled = anomaly;
  AlertEngine engine(options, {});
  const int warm_rounds = 4;
  for (int r = 0; r < warm_rounds; ++r) {
    for (int h = 0; h < mesh.hosts; ++h) {
      engine.ingest(mesh.agents[h].next(kStart + (r + 1) * kInterval, [](std::size_t) { return 0; }, true));
    }
  }
  std::vector<Batch> last;
  for (int h = 0; h < mesh.hosts; ++h) {
    last.push_back(mesh.agents[h].next(kStart + (warm_rounds + 1) * kInterval, [](std::size_t) { return 0; }, true));
  }
  std::size_t i = 0;
  for (auto _ : state) engine.ingest(last[i++ % last.size()]);
  state.counters["samples_per_batch"] = static_cast<double>(last.front().samples.size());
}
void BM_IngestOneAgentBatchWithReplies(benchmark::State& state) { ingest_with_replies(state, false); }
void BM_IngestOneAgentBatchWithRepliesAndAnomalies(benchmark::State& state) { ingest_with_replies(state, true); }
BENCHMARK(BM_IngestOneAgentBatchWithReplies)->Unit(benchmark::kMillisecond)->Iterations(host_count());
BENCHMARK(BM_IngestOneAgentBatchWithRepliesAndAnomalies)->Unit(benchmark::kMillisecond)->Iterations(host_count());

void evaluate(benchmark::State& state, bool faults) {
  Mesh mesh(faults);
  AlertEngine engine({}, {});
  for (int r = 0; r < mesh.rounds; ++r) {
    for (const auto& batch : mesh.round(r)) engine.ingest(batch);
  }
  const std::int64_t now = kStart + 26 * kInterval + 500;
  std::size_t firing = 0;
  for (auto _ : state) {
    auto evaluation = engine.evaluate(now);
    benchmark::DoNotOptimize(evaluation);
    firing = engine.firing().size();
  }
  state.counters["alerts_firing"] = static_cast<double>(firing);
  state.counters["pairs"] = static_cast<double>(mesh.hosts) * (mesh.hosts - 1) * kNetworks.size();
}

void BM_EvaluateCleanMesh(benchmark::State& state) { evaluate(state, false); }
void BM_EvaluateHostDownAndPartition(benchmark::State& state) { evaluate(state, true); }
BENCHMARK(BM_EvaluateCleanMesh)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EvaluateHostDownAndPartition)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
