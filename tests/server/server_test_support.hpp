#pragma once
// Shared by the server tests: a temporary directory removed afterwards, a SQLite store in it, and batches.
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "fakes/core/fake_clock.hpp"
#include "netkeel/store/sqlite_store.hpp"
#include "support/temporary_directory.hpp"

namespace netkeel::server::testing {

struct StoreInTempDir {
  netkeel::testing::TemporaryDirectory dir{"netkeel-server"};
  std::unique_ptr<store::SqliteStore> store = std::make_unique<store::SqliteStore>(dir.file("store.db"));
};

// Probe counters and RTTs of one src->dst pair on `network`, one sample per second from `start_ms`.
inline store::Batch probe_batch(const std::string& host, std::uint64_t sequence, const std::string& dst,
                                const std::string& network, store::TimestampMs start_ms, int seconds, int lost_every) {
  store::Batch batch;
  batch.id = {host, sequence};
  const std::vector<store::Label> labels = {{"src", host}, {"dst", dst}, {"network", network}, {"kind", "icmp"}};
  batch.series.push_back(store::make_series("netkeel_probe_sent_total", labels));
  batch.series.push_back(store::make_series("netkeel_probe_lost_total", labels));
  batch.series.push_back(store::make_series("netkeel_probe_rtt_seconds", labels));
  int lost = 0;
  for (int i = 0; i <= seconds; ++i) {
    const store::TimestampMs t = start_ms + i * 1000;
    if (lost_every > 0 && i > 0 && i % lost_every == 0) ++lost;
    batch.samples.push_back({0, t, static_cast<double>(i)});
    batch.samples.push_back({1, t, static_cast<double>(lost)});
    batch.samples.push_back({2, t, 0.0005 + 0.0001 * (i % 3)});
  }
  return batch;
}

// A clock for a server under test: wall time pinned at `unix_ms`, monotonic time still (query deadlines
// never pass by themselves).
inline std::shared_ptr<const Clock> clock_at_wall_time(store::TimestampMs unix_ms) {
  auto clock = std::make_shared<FakeClock>();
  clock->set_wall(WallTime{} + std::chrono::milliseconds(unix_ms));
  return clock;
}

}  // namespace netkeel::server::testing
