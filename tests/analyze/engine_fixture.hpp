#pragma once
// An AlertEngine fed a synthetic mesh every 10 s (report interval) on a timeline the test controls.
#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "netkeel/analyze/alert_engine.hpp"
#include "probe_mesh.hpp"

namespace netkeel::analyze::testing {

inline constexpr std::int64_t kStart = 1'796'000'000'000;  // 2026-11-30T00:53:20Z
inline constexpr std::int64_t kInterval = 10'000;

using LostFn = std::function<int(const std::string& src, const std::string& dst, const std::string& network)>;

inline int no_loss(const std::string&, const std::string&, const std::string&) { return 0; }

class EngineFixture : public ::testing::Test {
 protected:
  explicit EngineFixture(AlertOptions options = {}, AlertTopology topology = {})
      : engine(options, std::move(topology)) {}

  // One report interval: every host not in `silent` ships its batch at `now`; then the engine evaluates
  // half a second later. Returns the evaluation.
  Evaluation step(const LostFn& lost, const std::set<std::string>& silent = {}) {
    return step_after(kInterval, 10, lost, silent);
  }
  // One report `interval_ms` after the last with `sent` probes per pair (an agent reporting early, every
  // second, after a peer stopped answering: docs/agent.md).
  Evaluation step_after(std::int64_t interval_ms, double sent, const LostFn& lost,
                        const std::set<std::string>& silent = {}) {
    now += interval_ms;
    for (const auto& host : hosts) {
      if (silent.count(host) > 0) continue;
      engine.ingest(mesh.batch(host, now, mesh_results(host, hosts, networks, lost, sent)));
    }
    Evaluation evaluation = engine.evaluate(now + 500);
    for (const auto& alert : evaluation.changes.fired) fired.push_back(alert);
    for (const auto& alert : evaluation.changes.resolved) resolved.push_back(alert);
    return evaluation;
  }
  void steps(int count, const LostFn& lost, const std::set<std::string>& silent = {}) {
    for (int i = 0; i < count; ++i) step(lost, silent);
  }

  std::vector<Alert> firing(const std::string& name = "") const {
    std::vector<Alert> out;
    for (const Alert& alert : engine.firing()) {
      if (name.empty() || alert.name == name) out.push_back(alert);
    }
    return out;
  }
  std::size_t fired_count(const std::string& name) const {
    return std::count_if(fired.begin(), fired.end(), [&](const Alert& a) { return a.name == name; });
  }

  AlertEngine engine;
  ProbeMesh mesh;
  std::vector<std::string> hosts = {"ctl1", "ctl2", "cmp1", "cmp2"};
  std::vector<std::string> networks = {"mgmt", "storage"};
  std::int64_t now = kStart;
  std::vector<Alert> fired, resolved;  // every transition so far
};

}  // namespace netkeel::analyze::testing
