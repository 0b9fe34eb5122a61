// The probe matrix from the in-memory windows equals ProbeMatrixBuilder's over the same samples, for any
// window inside the span: counters exact (resets, NaN, gaps, several kinds), RTT percentiles from the same
// histogram buckets; out-of-order samples and the span's end hand the window back to the store.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

#include "fakes/core/fake_clock.hpp"
#include "netkeel/store/probe_matrix.hpp"
#include "netkeel/store/probe_windows.hpp"
#include "store/store_conformance.hpp"

namespace netkeel::store {
namespace {

using testing::counter_series;
using testing::rtt_series;

// Series with their samples, fed to the windows as a store would and computed by the builder directly.
class Recorded {
 public:
  explicit Recorded(ProbeWindows& windows) : windows_(windows) {}
  std::int64_t add(const Series& series) {
    const auto id = static_cast<std::int64_t>(series_.size() + 1);
    series_.push_back({series, {}});
    windows_.add_series(id, series);
    return id;
  }
  void append(std::int64_t id, TimestampMs t, double value) {
    series_[static_cast<std::size_t>(id - 1)].points.push_back({t, value});
    windows_.append(id, t, value);
  }
  ProbeMatrix expected(const ProbeMatrixQuery& query) const {
    std::vector<SeriesPoints> sent, lost, rtt;
    for (const SeriesPoints& s : series_) {
      if (s.series.label("network") != query.network) continue;
      SeriesPoints in{s.series, {}};
      for (const Point& p : s.points) {
        if (p.timestamp_ms >= query.start_ms && p.timestamp_ms <= query.end_ms) in.points.push_back(p);
      }
      auto& into = s.series.metric == probe_sent_metric ? sent : s.series.metric == probe_lost_metric ? lost : rtt;
      into.push_back(std::move(in));
    }
    return compute_probe_matrix(query.network, sent, lost, rtt, query.kind);
  }

 private:
  ProbeWindows& windows_;
  std::vector<SeriesPoints> series_;
};

void expect_equal(const ProbeMatrix& expected, const ProbeMatrix& actual, const std::string& context) {
  ASSERT_EQ(expected.pairs.size(), actual.pairs.size()) << context;
  for (std::size_t i = 0; i < expected.pairs.size(); ++i) {
    const ProbePair& e = expected.pairs[i];
    const ProbePair& a = actual.pairs[i];
    ASSERT_EQ(e.src, a.src) << context;
    ASSERT_EQ(e.dst, a.dst) << context;
    ASSERT_EQ(e.sent, a.sent) << context << " " << e.src << "->" << e.dst;
    ASSERT_EQ(e.lost, a.lost) << context << " " << e.src << "->" << e.dst;
    ASSERT_EQ(e.loss, a.loss) << context;
    ASSERT_EQ(std::isnan(e.rtt_p50_seconds), std::isnan(a.rtt_p50_seconds)) << context;
    if (!std::isnan(e.rtt_p50_seconds)) {
      ASSERT_EQ(e.rtt_p50_seconds, a.rtt_p50_seconds) << context << " " << e.src << "->" << e.dst;
      ASSERT_EQ(e.rtt_p99_seconds, a.rtt_p99_seconds) << context << " " << e.src << "->" << e.dst;
    }
    ASSERT_EQ(e.kinds, a.kinds) << context;
  }
}

TEST(ProbeWindows, RandomSamplesAndWindowsGiveTheBuildersMatrix) {
  std::mt19937_64 rng(21);
  ProbeWindows windows(10 * 60'000, 7'000);  // a slot that does not divide a minute
  Recorded recorded(windows);
  struct Feed {
    std::int64_t id;
    bool counter;
    double value;
  };
  std::vector<Feed> feeds;
  const std::vector<std::string> hosts = {"a", "b", "c", "d"};
  for (const std::string& src : hosts) {
    for (const std::string& dst : hosts) {
      if (src == dst) continue;
      for (const char* kind : {"icmp", "udp"}) {
        feeds.push_back({recorded.add(counter_series(probe_sent_metric, src, dst, "mgmt", kind)), true, 0});
        feeds.push_back({recorded.add(counter_series(probe_lost_metric, src, dst, "mgmt", kind)), true, 0});
        feeds.push_back({recorded.add(rtt_series(src, dst, "mgmt", kind)), false, 0});
      }
    }
  }
  feeds.push_back({recorded.add(counter_series(probe_sent_metric, "a", "b", "storage")), true, 0});  // another network
  const TimestampMs t0 = 1'700'000'000'000;
  for (int second = 0; second < 400; ++second) {
    for (Feed& f : feeds) {
      if (rng() % 10 == 0) continue;  // gaps
      const TimestampMs t = t0 + second * 1000 + static_cast<TimestampMs>(rng() % 900);
      double value;
      if (f.counter) {
        f.value += static_cast<double>(rng() % 4);
        if (rng() % 200 == 0) f.value = static_cast<double>(rng() % 3);  // an agent restart
        if (rng() % 150 == 0) f.value += 0.25;                          // not a whole number
        value = rng() % 300 == 0 ? std::nan("") : f.value;
      } else {
        value = rng() % 100 == 0 ? std::nan("") : 1e-4 * (1 + static_cast<double>(rng() % 5000) / 1000);
      }
      recorded.append(f.id, t, value);
    }
  }
  const TimestampMs newest = t0 + 400'000;
  EXPECT_LE(windows.answers_from(), newest - 10 * 60'000);
  for (int trial = 0; trial < 300; ++trial) {
    ProbeMatrixQuery query;
    query.network = trial % 17 == 0 ? "storage" : "mgmt";
    query.start_ms = t0 - 5000 + static_cast<TimestampMs>(rng() % 410'000);
    query.end_ms = query.start_ms + static_cast<TimestampMs>(rng() % 300'000);
    if (trial % 5 == 0) query.end_ms = std::max(query.start_ms, newest + 1000);  // "now": the newest samples' running totals
    if (trial % 3 == 0) query.kind = "udp";
    ASSERT_TRUE(windows.answers(query)) << query.start_ms - t0 << " " << windows.answers_from() - t0;
    const std::string context = "window " + std::to_string(query.start_ms - t0) + ".." + std::to_string(query.end_ms - t0) +
                                " kind " + query.kind;
    expect_equal(recorded.expected(query), windows.matrix(query), context);
  }
}

TEST(ProbeWindows, KeepsOnlyTheSpanAndHandsOlderWindowsBack) {
  ProbeWindows windows(60'000, 10'000);
  Recorded recorded(windows);
  const std::int64_t sent = recorded.add(counter_series(probe_sent_metric, "a", "b"));
  const std::int64_t rtt = recorded.add(rtt_series("a", "b"));
  for (int s = 0; s <= 300; ++s) {
    recorded.append(sent, s * 1000, s);
    recorded.append(rtt, s * 1000, 0.001 * (1 + s % 7));
  }
  // Newest 300 s, span 60 s: slots from 240 s on are kept.
  EXPECT_EQ(240'000, windows.answers_from());
  EXPECT_FALSE(windows.answers(ProbeMatrixQuery{"mgmt", 239'999, 300'000}));
  const ProbeMatrixQuery inside{"mgmt", 245'500, 300'000};
  ASSERT_TRUE(windows.answers(inside));
  expect_equal(recorded.expected(inside), windows.matrix(inside), "inside the span");
  const std::uint64_t bytes_at_300 = windows.memory_bytes();
  for (int s = 301; s <= 900; ++s) {
    recorded.append(sent, s * 1000, s);
    recorded.append(rtt, s * 1000, 0.001 * (1 + s % 7));
  }
  // Ten more minutes of samples take no more memory than the first five: old slots are dropped.
  EXPECT_LE(windows.memory_bytes(), bytes_at_300 + 512);
  const ProbeMatrixQuery last_minute{"mgmt", 840'000, 900'000};
  expect_equal(recorded.expected(last_minute), windows.matrix(last_minute), "last minute");
  EXPECT_DOUBLE_EQ(60, windows.matrix(last_minute).pairs[0].sent);
}

TEST(ProbeWindows, AnOutOfOrderSampleHandsEarlierWindowsBack) {
  ProbeWindows windows(600'000);
  Recorded recorded(windows);
  const std::int64_t sent = recorded.add(counter_series(probe_sent_metric, "a", "b"));
  for (int s = 0; s < 100; ++s) recorded.append(sent, s * 1000, s);
  ASSERT_TRUE(windows.answers(ProbeMatrixQuery{"mgmt", 0, 99'000}));
  windows.append(sent, 50'500, 7);  // late: the store merges it in; the windows cannot
  EXPECT_FALSE(windows.answers(ProbeMatrixQuery{"mgmt", 0, 99'000}));
  EXPECT_FALSE(windows.answers(ProbeMatrixQuery{"mgmt", 99'000, 99'000}));
  EXPECT_TRUE(windows.answers(ProbeMatrixQuery{"mgmt", 99'001, 120'000}));
  EXPECT_EQ(99'001, windows.answers_from());
}

TEST(ProbeWindows, OnlyProbeSeriesAreKeptAndHeldFromBoundsTheAnswers) {
  ProbeWindows windows(600'000);
  windows.add_series(1, make_series("netkeel_link_rx_bytes_total", {{"host", "a"}}));
  windows.add_series(2, rtt_series("a", "b"));
  EXPECT_EQ(1u, windows.series_count());
  windows.append(1, 1000, 5);  // ignored
  windows.held_from(50'000);
  EXPECT_EQ(50'000, windows.answers_from());
  EXPECT_FALSE(windows.answers(ProbeMatrixQuery{"mgmt", 49'999, 60'000}));
  EXPECT_FALSE(windows.answers(ProbeMatrixQuery{"mgmt", 60'000, 59'999}));  // an empty window: the store says
}

TEST(ProbeWindows, APassedDeadlineCancelsTheMatrix) {
  ProbeWindows windows(600'000);
  windows.add_series(1, rtt_series("a", "b"));
  windows.append(1, 1000, 0.001);
  FakeClock clock;
  EXPECT_THROW(windows.matrix(ProbeMatrixQuery{"mgmt", 0, 5000, QueryDeadline(clock, clock.now())}), QueryTimedOut);
  EXPECT_THROW(windows.matrix(ProbeMatrixQuery{"nowhere", 0, 5000, QueryDeadline(clock, clock.now())}), QueryTimedOut);
}

}  // namespace
}  // namespace netkeel::store
