#pragma once
// The behaviour every Store back end must show. A back end's test instantiates the suite with a factory:
//   struct MyFactory { std::unique_ptr<Store> open(); };  // open() again = the same storage, reopened
//   INSTANTIATE_TYPED_TEST_SUITE_P(My, StoreConformance, ::testing::Types<MyFactory>);
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>

#include "fakes/core/fake_clock.hpp"
#include "netkeel/store/invalid_batch.hpp"
#include "netkeel/store/probe_matrix.hpp"
#include "netkeel/store/rtt_histogram.hpp"
#include "netkeel/store/query_too_large.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::store::testing {

// Builds a batch sample by sample, adding each series once.
class BatchBuilder {
 public:
  BatchBuilder(std::string host, std::uint64_t sequence) { batch_.id = {std::move(host), sequence}; }
  BatchBuilder& sample(const Series& series, TimestampMs t, double value) {
    std::uint32_t index = 0;
    while (index < batch_.series.size() && !(batch_.series[index] == series)) ++index;
    if (index == batch_.series.size()) batch_.series.push_back(series);
    batch_.samples.push_back({index, t, value});
    return *this;
  }
  BatchBuilder& event(TimestampMs t, std::string host, std::string kind, std::string text) {
    batch_.events.push_back({t, std::move(host), std::move(kind), std::move(text)});
    return *this;
  }
  Batch build() const { return batch_; }

 private:
  Batch batch_;
};

inline Series rtt_series(const std::string& src, const std::string& dst, const std::string& network = "mgmt",
                         const std::string& kind = "icmp") {
  return make_series("netkeel_probe_rtt_seconds",
                     {{"src", src}, {"dst", dst}, {"network", network}, {"kind", kind}});
}

inline Series counter_series(const char* metric, const std::string& src, const std::string& dst,
                             const std::string& network = "mgmt", const std::string& kind = "icmp") {
  return make_series(metric, {{"src", src}, {"dst", dst}, {"network", network}, {"kind", kind}});
}

inline std::vector<std::pair<TimestampMs, double>> as_pairs(const std::vector<Point>& points) {
  std::vector<std::pair<TimestampMs, double>> out;
  for (const Point& p : points) out.emplace_back(p.timestamp_ms, p.value);
  return out;
}

inline SeriesSelector select(std::string metric, std::vector<LabelMatcher> matchers = {}) {
  return SeriesSelector{std::move(metric), std::move(matchers)};
}

template <typename Factory>
class StoreConformance : public ::testing::Test {
 protected:
  Factory factory;
  std::unique_ptr<Store> store = factory.open();

  void reopen() {
    store.reset();
    store = factory.open();
  }
  std::vector<SeriesPoints> raw(const SeriesSelector& selector, TimestampMs start = 0,
                                TimestampMs end = std::numeric_limits<TimestampMs>::max()) {
    return store->query_range(RangeQuery{selector, start, end, 0, Aggregation::avg});
  }
  // Every event of the query, read page after page of `limit` (following each page's `next`).
  std::vector<Event> all_events(EventQuery query, std::size_t limit = 2) {
    query.limit = limit;
    std::vector<Event> out;
    for (int pages = 0; pages < 10000; ++pages) {
      const EventPage page = store->events(query);
      EXPECT_LE(page.events.size(), limit);
      out.insert(out.end(), page.events.begin(), page.events.end());
      if (!page.next) return out;
      query.after = page.next;
    }
    ADD_FAILURE() << "paging did not end";
    return out;
  }
  std::vector<Event> events(TimestampMs start, TimestampMs end) { return all_events(EventQuery{start, end}); }
};

TYPED_TEST_SUITE_P(StoreConformance);

TYPED_TEST_P(StoreConformance, StoresAndReturnsRawSamplesPerSeriesSortedByKey) {
  const Series ab = rtt_series("a", "b");
  const Series ac = rtt_series("a", "c");
  ASSERT_EQ(WriteOutcome::stored,
            this->store->write(BatchBuilder("a", 1).sample(ac, 1000, 0.5).sample(ab, 1000, 0.25).sample(ab, 2000, 0.125).build()));
  const auto result = this->raw(select("netkeel_probe_rtt_seconds"));
  ASSERT_EQ(2u, result.size());
  EXPECT_EQ(ab, result[0].series);
  EXPECT_THAT(as_pairs(result[0].points), ::testing::ElementsAre(std::pair{1000, 0.25}, std::pair{2000, 0.125}));
  EXPECT_EQ(ac, result[1].series);
  EXPECT_THAT(as_pairs(result[1].points), ::testing::ElementsAre(std::pair{1000, 0.5}));
  EXPECT_TRUE(this->raw(select("netkeel_no_such_metric")).empty());
}

TYPED_TEST_P(StoreConformance, RangeBoundsAreInclusive) {
  const Series s = rtt_series("a", "b");
  BatchBuilder b("a", 1);
  for (TimestampMs t = 1000; t <= 10000; t += 1000) b.sample(s, t, static_cast<double>(t));
  this->store->write(b.build());
  const auto result = this->raw(select("netkeel_probe_rtt_seconds"), 3000, 5000);
  ASSERT_EQ(1u, result.size());
  EXPECT_THAT(as_pairs(result[0].points),
              ::testing::ElementsAre(std::pair{3000, 3000.0}, std::pair{4000, 4000.0}, std::pair{5000, 5000.0}));
  EXPECT_TRUE(this->raw(select("netkeel_probe_rtt_seconds"), 10001, 20000).empty());
}

TYPED_TEST_P(StoreConformance, RetriedBatchIsStoredOnce) {
  const Series s = rtt_series("a", "b");
  const Batch batch = BatchBuilder("a", 7).sample(s, 1000, 1).event(1000, "a", "link_down", "eth0").build();
  EXPECT_EQ(WriteOutcome::stored, this->store->write(batch));
  EXPECT_EQ(WriteOutcome::duplicate, this->store->write(batch));
  // Same sequence from another host, and the next sequence from the same host, are new batches.
  EXPECT_EQ(WriteOutcome::stored, this->store->write(BatchBuilder("b", 7).sample(s, 2000, 2).build()));
  EXPECT_EQ(WriteOutcome::stored, this->store->write(BatchBuilder("a", 8).sample(s, 3000, 3).build()));
  const auto result = this->raw(select("netkeel_probe_rtt_seconds"));
  ASSERT_EQ(1u, result.size());
  EXPECT_THAT(as_pairs(result[0].points),
              ::testing::ElementsAre(std::pair{1000, 1.0}, std::pair{2000, 2.0}, std::pair{3000, 3.0}));
  EXPECT_EQ(1u, this->events(0, 10000).size());
}

TYPED_TEST_P(StoreConformance, LabelMatchers) {
  const Series ab = rtt_series("a", "b");
  const Series ac = rtt_series("a", "c", "storage");
  const Series db = rtt_series("d", "b");
  const Series bare = make_series("netkeel_probe_rtt_seconds", {{"src", "x"}});
  this->store->write(BatchBuilder("a", 1).sample(ab, 1, 1).sample(ac, 1, 2).sample(db, 1, 3).sample(bare, 1, 4).build());
  auto keys = [&](std::vector<LabelMatcher> matchers) {
    std::vector<double> values;
    for (const auto& s : this->raw(select("netkeel_probe_rtt_seconds", std::move(matchers)))) {
      values.push_back(s.points.at(0).value);
    }
    std::sort(values.begin(), values.end());
    return values;
  };
  EXPECT_THAT(keys({LabelMatcher("src", MatchOp::equal, "a")}), ::testing::ElementsAre(1, 2));
  EXPECT_THAT(keys({LabelMatcher("src", MatchOp::not_equal, "a")}), ::testing::ElementsAre(3, 4));
  EXPECT_THAT(keys({LabelMatcher("dst", MatchOp::regex, "b|c")}), ::testing::ElementsAre(1, 2, 3));
  EXPECT_THAT(keys({LabelMatcher("dst", MatchOp::regex, "b.*"), LabelMatcher("src", MatchOp::not_regex, "d")}),
              ::testing::ElementsAre(1));
  // A missing label matches like "": = "" selects series without it, the regex must match the whole value.
  EXPECT_THAT(keys({LabelMatcher("network", MatchOp::equal, "")}), ::testing::ElementsAre(4));
  EXPECT_THAT(keys({LabelMatcher("network", MatchOp::regex, "stor")}), ::testing::ElementsAre());
  EXPECT_THROW(LabelMatcher("dst", MatchOp::regex, "("), std::invalid_argument);
}

TYPED_TEST_P(StoreConformance, StepAggregations) {
  const Series s = make_series("netkeel_link_rx_bytes_total", {{"host", "a"}, {"link", "eth0"}});
  BatchBuilder b("a", 1);
  // Step 10 s from 0: bucket 0 holds 1,2,3 (t 0,4,8 s), bucket 10 s is empty, bucket 20 s holds 10, NaN, 20.
  b.sample(s, 0, 1).sample(s, 4000, 3).sample(s, 8000, 2);
  b.sample(s, 20000, 10).sample(s, 25000, std::numeric_limits<double>::quiet_NaN()).sample(s, 29999, 20);
  b.sample(s, 30001, 99);  // after the range end
  this->store->write(b.build());
  auto run = [&](Aggregation aggregation) {
    const auto result = this->store->query_range(RangeQuery{select(s.metric), 0, 30000, 10000, aggregation});
    return result.empty() ? std::vector<std::pair<TimestampMs, double>>{} : as_pairs(result.at(0).points);
  };
  using P = std::pair<TimestampMs, double>;
  EXPECT_THAT(run(Aggregation::avg), ::testing::ElementsAre(P{0, 2}, P{20000, 15}));
  EXPECT_THAT(run(Aggregation::min), ::testing::ElementsAre(P{0, 1}, P{20000, 10}));
  EXPECT_THAT(run(Aggregation::max), ::testing::ElementsAre(P{0, 3}, P{20000, 20}));
  EXPECT_THAT(run(Aggregation::sum), ::testing::ElementsAre(P{0, 6}, P{20000, 30}));
  EXPECT_THAT(run(Aggregation::last), ::testing::ElementsAre(P{0, 2}, P{20000, 20}));
}

TYPED_TEST_P(StoreConformance, SpecialValuesAreStoredExactly) {
  const Series s = make_series("netkeel_test_value", {});
  const double inf = std::numeric_limits<double>::infinity();
  this->store->write(BatchBuilder("a", 1)
                         .sample(s, 1, 0.0)
                         .sample(s, 2, -0.0)
                         .sample(s, 3, inf)
                         .sample(s, 4, -inf)
                         .sample(s, 5, std::numeric_limits<double>::quiet_NaN())
                         .sample(s, 6, -1e300)
                         .sample(s, 7, 5e-324)
                         .build());
  const auto points = this->raw(select(s.metric)).at(0).points;
  ASSERT_EQ(7u, points.size());
  EXPECT_EQ(0.0, points[0].value);
  EXPECT_TRUE(std::signbit(points[1].value));
  EXPECT_EQ(inf, points[2].value);
  EXPECT_EQ(-inf, points[3].value);
  EXPECT_TRUE(std::isnan(points[4].value));
  EXPECT_EQ(-1e300, points[5].value);
  EXPECT_EQ(5e-324, points[6].value);
}

TYPED_TEST_P(StoreConformance, ManySamplesAcrossBatchesAndOutOfOrderWrites) {
  const Series s = rtt_series("a", "b");
  std::uint64_t sequence = 0;
  for (int batch = 0; batch < 20; ++batch) {
    BatchBuilder b("a", ++sequence);
    for (int i = 0; i < 100; ++i) {
      const TimestampMs t = 1'700'000'000'000 + (batch * 100 + i) * 1000;
      b.sample(s, t, (batch * 100 + i) * 0.001);
    }
    this->store->write(b.build());
  }
  // Late samples for an earlier minute, interleaved with the existing ones.
  BatchBuilder late("a", ++sequence);
  for (int i = 0; i < 10; ++i) late.sample(s, 1'700'000'000'000 + i * 1000 + 500, -1);
  this->store->write(late.build());
  const auto points = this->raw(select(s.metric)).at(0).points;
  ASSERT_EQ(2010u, points.size());
  for (std::size_t i = 1; i < points.size(); ++i) ASSERT_LT(points[i - 1].timestamp_ms, points[i].timestamp_ms);
  EXPECT_EQ(-1, points[1].value);
  EXPECT_DOUBLE_EQ(1.999, points.back().value);
}

TYPED_TEST_P(StoreConformance, LatestValuePerSeries) {
  const Series ab = rtt_series("a", "b");
  const Series ac = rtt_series("a", "c");
  this->store->write(BatchBuilder("a", 1).sample(ab, 1000, 1).sample(ab, 2000, 2).sample(ac, 1000, 5).build());
  this->store->write(BatchBuilder("a", 2).sample(ab, 3000, 3).build());
  const auto latest = this->store->latest(select("netkeel_probe_rtt_seconds"));
  ASSERT_EQ(2u, latest.size());
  EXPECT_EQ(ab, latest[0].series);
  EXPECT_EQ(3000, latest[0].point.timestamp_ms);
  EXPECT_EQ(3, latest[0].point.value);
  EXPECT_EQ(ac, latest[1].series);
  EXPECT_EQ(5, latest[1].point.value);
  EXPECT_TRUE(this->store->latest(select("netkeel_probe_rtt_seconds", {LabelMatcher("dst", MatchOp::equal, "z")})).empty());
}

TYPED_TEST_P(StoreConformance, ProbeMatrixFromCountersAndRtts) {
  const char* sent = "netkeel_probe_sent_total";
  const char* lost = "netkeel_probe_lost_total";
  BatchBuilder b("a", 1);
  // a->b: sent 100 -> 110 -> (agent restart) 5 -> 15: increase 10 + 5 + 10 = 25; lost 0 -> 5.
  b.sample(counter_series(sent, "a", "b"), 10'000, 100)
      .sample(counter_series(sent, "a", "b"), 20'000, 110)
      .sample(counter_series(sent, "a", "b"), 30'000, 5)
      .sample(counter_series(sent, "a", "b"), 40'000, 15);
  b.sample(counter_series(lost, "a", "b"), 10'000, 0).sample(counter_series(lost, "a", "b"), 40'000, 5);
  for (int i = 1; i <= 100; ++i) b.sample(rtt_series("a", "b"), 10'000 + i * 100, i * 0.001);  // 1..100 ms
  // a->b over UDP too: counts and RTTs of both kinds are pooled for the pair.
  b.sample(counter_series(sent, "a", "b", "mgmt", "udp"), 10'000, 0).sample(counter_series(sent, "a", "b", "mgmt", "udp"), 40'000, 75);
  // b->a: nothing lost, no RTT sample in the window.
  b.sample(counter_series(sent, "b", "a"), 10'000, 0).sample(counter_series(sent, "b", "a"), 40'000, 30);
  b.sample(counter_series(lost, "b", "a"), 10'000, 0).sample(counter_series(lost, "b", "a"), 40'000, 0);
  b.sample(rtt_series("b", "a"), 50'000, 0.5);  // outside the window
  // Another network does not show.
  b.sample(counter_series(sent, "a", "b", "storage"), 10'000, 0).sample(counter_series(sent, "a", "b", "storage"), 40'000, 1000);
  this->store->write(b.build());

  const ProbeMatrix matrix = this->store->probe_matrix(ProbeMatrixQuery{"mgmt", 10'000, 40'000});
  EXPECT_EQ("mgmt", matrix.network);
  ASSERT_EQ(2u, matrix.pairs.size());
  const ProbePair& ab = matrix.pairs[0];
  EXPECT_EQ("a", ab.src);
  EXPECT_EQ("b", ab.dst);
  EXPECT_DOUBLE_EQ(100, ab.sent);
  EXPECT_DOUBLE_EQ(5, ab.lost);
  EXPECT_DOUBLE_EQ(0.05, ab.loss);
  // 1..100 ms through the RTT histogram: within 1/128 of the exact 50.5 and 99.01 ms, equal on every back end.
  std::vector<double> ab_rtts;
  for (int i = 1; i <= 100; ++i) ab_rtts.push_back(i * 0.001);
  EXPECT_EQ(histogram_percentiles(ab_rtts, 0.5, 0.99), std::make_pair(ab.rtt_p50_seconds, ab.rtt_p99_seconds));
  EXPECT_NEAR(0.0505, ab.rtt_p50_seconds, 0.0505 / 128);
  EXPECT_NEAR(0.09901, ab.rtt_p99_seconds, 0.09901 / 128);
  const ProbePair& ba = matrix.pairs[1];
  EXPECT_EQ("b", ba.src);
  EXPECT_EQ("a", ba.dst);
  EXPECT_DOUBLE_EQ(30, ba.sent);
  EXPECT_DOUBLE_EQ(0, ba.lost);
  EXPECT_DOUBLE_EQ(0, ba.loss);
  EXPECT_TRUE(std::isnan(ba.rtt_p50_seconds));
  EXPECT_TRUE(this->store->probe_matrix(ProbeMatrixQuery{"nowhere", 0, 100'000}).pairs.empty());
  // Each kind's loss apart; one kind asked for: only its counts and RTTs (udp has none), every kind listed.
  EXPECT_THAT(ab.kinds, ::testing::ElementsAre(ProbeKindLoss{"icmp", 25, 5, 0.2}, ProbeKindLoss{"udp", 75, 0, 0}));
  ProbeMatrixQuery udp_only{"mgmt", 10'000, 40'000};
  udp_only.kind = "udp";
  const ProbeMatrix udp = this->store->probe_matrix(udp_only);
  ASSERT_EQ(2u, udp.pairs.size());
  EXPECT_DOUBLE_EQ(75, udp.pairs[0].sent);
  EXPECT_DOUBLE_EQ(0, udp.pairs[0].lost);
  EXPECT_TRUE(std::isnan(udp.pairs[0].rtt_p50_seconds));
  EXPECT_EQ(ab.kinds, udp.pairs[0].kinds);
  EXPECT_DOUBLE_EQ(0, udp.pairs[1].sent);  // b->a probed with icmp only: still a pair, nothing counted
}

// Windows that start and end inside the stored runs of samples (inside a chunk, for a back end that has
// them), across several batches, a counter reset, a NaN, and a late sample written after the others.
TYPED_TEST_P(StoreConformance, ProbeMatrixOverWindowsThatCutThroughTheData) {
  const char* sent = "netkeel_probe_sent_total";
  const char* lost = "netkeel_probe_lost_total";
  std::vector<Point> sent_points;
  std::vector<Point> lost_points;
  std::vector<Point> rtt_points;
  for (int i = 0; i < 60; ++i) {
    const TimestampMs t = 1'700'000'000'000 + i * 1000;
    sent_points.push_back({t, static_cast<double>(i < 25 ? 1000 + 3 * i : i - 20)});  // an agent restart at 25
    lost_points.push_back({t, i == 40 ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(i / 7)});
    rtt_points.push_back({t, 0.001 * ((i * 37) % 60 + 1)});
  }
  for (int batch = 0; batch < 6; ++batch) {
    BatchBuilder b("a", static_cast<std::uint64_t>(batch + 1));
    for (int i = batch * 10; i < batch * 10 + 10; ++i) {
      b.sample(counter_series(sent, "a", "b"), sent_points[i].timestamp_ms, sent_points[i].value)
          .sample(counter_series(lost, "a", "b"), lost_points[i].timestamp_ms, lost_points[i].value)
          .sample(rtt_series("a", "b"), rtt_points[i].timestamp_ms, rtt_points[i].value);
    }
    this->store->write(b.build());
  }
  auto expect_window = [&](TimestampMs start, TimestampMs end, const std::string& context) {
    auto in_window = [&](const std::vector<Point>& points) {
      std::vector<Point> out;
      for (const Point& p : points) {
        if (p.timestamp_ms >= start && p.timestamp_ms <= end) out.push_back(p);
      }
      return out;
    };
    std::vector<double> rtts;
    for (const Point& p : in_window(rtt_points)) rtts.push_back(p.value);
    std::sort(rtts.begin(), rtts.end());
    const ProbeMatrix matrix = this->store->probe_matrix(ProbeMatrixQuery{"mgmt", start, end});
    ASSERT_EQ(1u, matrix.pairs.size()) << context;
    const ProbePair& ab = matrix.pairs[0];
    // Integer-valued counters: exact, whichever order a back end sums them in.
    EXPECT_EQ(counter_increase(in_window(sent_points)), ab.sent) << context;
    EXPECT_EQ(counter_increase(in_window(lost_points)), ab.lost) << context;
    if (rtts.empty()) {
      EXPECT_TRUE(std::isnan(ab.rtt_p50_seconds)) << context;
    } else {
      const auto [p50, p99] = histogram_percentiles(rtts, 0.5, 0.99);
      EXPECT_EQ(p50, ab.rtt_p50_seconds) << context;
      EXPECT_EQ(p99, ab.rtt_p99_seconds) << context;
    }
  };
  auto expect_windows = [&](const std::string& when) {
    const TimestampMs t0 = 1'700'000'000'000;
    for (const auto& [from, to] : std::vector<std::pair<int, int>>{
             {0, 59}, {3, 59}, {3, 57}, {0, 30}, {24, 26}, {25, 25}, {38, 44}, {1, 58}, {-10, 100}, {61, 70}}) {
      expect_window(t0 + from * 1000, t0 + to * 1000, when + ": seconds " + std::to_string(from) + ".." + std::to_string(to));
    }
    expect_window(t0 + 2500, t0 + 47'500, when + ": between samples");
  };
  expect_windows("as written");
  this->reopen();
  expect_windows("reopened");
  // A late sample between two stored ones (the back end now holds overlapping runs): it counts like any other.
  const Point late{1'700'000'000'000 + 10'500, 1200};
  this->store->write(BatchBuilder("a", 99).sample(counter_series(sent, "a", "b"), late.timestamp_ms, late.value).build());
  sent_points.insert(sent_points.begin() + 11, late);
  expect_windows("after a late sample");
}

TYPED_TEST_P(StoreConformance, HostsWithLastSeenTime) {
  const Series s = rtt_series("a", "b");
  this->store->write(BatchBuilder("web-2", 1).sample(s, 5000, 1).build());
  this->store->write(BatchBuilder("web-1", 1).sample(s, 7000, 1).event(9000, "web-1", "link_up", "eth1").build());
  this->store->write(BatchBuilder("web-2", 2).sample(s, 3000, 1).build());  // a late batch: last seen stays
  EXPECT_THAT(this->store->hosts(),
              ::testing::ElementsAre(HostLastSeen{"web-1", 9000}, HostLastSeen{"web-2", 5000}));
}

TYPED_TEST_P(StoreConformance, EventsInARange) {
  this->store->write(BatchBuilder("a", 1)
                         .event(3000, "a", "link_down", "eth0 carrier lost")
                         .event(1000, "a", "link_up", "eth0")
                         .event(5000, "a", "link_up", "eth0 carrier back")
                         .build());
  this->store->write(BatchBuilder("b", 1).event(2000, "b", "vip_moved", "10.0.0.5 to b").build());
  const auto events = this->events(2000, 4000);
  ASSERT_EQ(2u, events.size());
  EXPECT_EQ((Event{2000, "b", "vip_moved", "10.0.0.5 to b"}), events[0]);
  EXPECT_EQ((Event{3000, "a", "link_down", "eth0 carrier lost"}), events[1]);
  EXPECT_EQ(4u, this->events(0, 5000).size());
}

TYPED_TEST_P(StoreConformance, InvalidBatchIsRejectedAndStoresNothing) {
  Batch bad = BatchBuilder("a", 1).sample(rtt_series("a", "b"), 1000, 1).build();
  bad.samples.push_back({5, 2000, 2});
  EXPECT_THROW(this->store->write(bad), InvalidBatch);
  Batch no_host = BatchBuilder("", 1).sample(rtt_series("a", "b"), 1000, 1).build();
  EXPECT_THROW(this->store->write(no_host), InvalidBatch);
  EXPECT_TRUE(this->raw(select("netkeel_probe_rtt_seconds")).empty());
  EXPECT_TRUE(this->store->hosts().empty());
  // The rejected id was not consumed: the corrected batch is stored.
  bad.samples.pop_back();
  EXPECT_EQ(WriteOutcome::stored, this->store->write(bad));
}

TYPED_TEST_P(StoreConformance, EverythingSurvivesReopening) {
  const Series s = rtt_series("a", "b");
  const Batch batch = BatchBuilder("a", 1).sample(s, 1000, 1).sample(s, 2000, 2).event(1500, "a", "link_down", "x").build();
  this->store->write(batch);
  this->reopen();
  EXPECT_EQ(WriteOutcome::duplicate, this->store->write(batch));
  this->store->write(BatchBuilder("a", 2).sample(s, 3000, 3).build());
  this->reopen();
  const auto result = this->raw(select(s.metric));
  ASSERT_EQ(1u, result.size());
  EXPECT_EQ(3u, result[0].points.size());
  EXPECT_EQ(1u, this->events(0, 5000).size());
  EXPECT_THAT(this->store->hosts(), ::testing::ElementsAre(HostLastSeen{"a", 3000}));
}

TYPED_TEST_P(StoreConformance, EventsComeInPagesThatHoldEachEventOnce) {
  // 60 events, up to 7 at one time, from two hosts, each one distinct.
  std::vector<Event> written;
  BatchBuilder a("a", 1);
  BatchBuilder b("b", 1);
  for (int i = 0; i < 60; ++i) {
    const Event e{1000 + (i / 7) * 10, i % 3 == 0 ? "b" : "a", i % 2 == 0 ? "link_down" : "link_up",
                  "event " + std::to_string(i)};
    (e.host == "a" ? a : b).event(e.timestamp_ms, e.host, e.kind, e.text);
    written.push_back(e);
  }
  this->store->write(a.build());
  this->store->write(b.build());
  const EventPage whole = this->store->events(EventQuery{0, 10'000});
  ASSERT_EQ(60u, whole.events.size());
  EXPECT_FALSE(whole.next);
  EXPECT_THAT(whole.events, ::testing::UnorderedElementsAreArray(written));
  EXPECT_TRUE(std::is_sorted(whole.events.begin(), whole.events.end(),
                             [](const Event& x, const Event& y) { return x.timestamp_ms < y.timestamp_ms; }));
  for (std::size_t limit : {1u, 2u, 3u, 7u, 8u, 59u, 60u, 61u}) {
    EXPECT_EQ(whole.events, this->all_events(EventQuery{0, 10'000}, limit)) << "limit " << limit;
  }
  // A range that starts inside a run of events at one time, and filters, page the same way.
  EventQuery in_range{1010, 1050};
  EXPECT_EQ(this->store->events(in_range).events, this->all_events(in_range, 3));
  EventQuery of_b{0, 10'000};
  of_b.host = "b";
  of_b.kind = "link_down";
  const std::vector<Event> b_down = this->all_events(of_b, 2);
  EXPECT_EQ(10u, b_down.size());
  for (const Event& e : b_down) EXPECT_TRUE(e.host == "b" && e.kind == "link_down") << e.text;
  // A page of exactly the remaining events says there is no next page.
  EventQuery last{0, 10'000};
  last.limit = 60;
  EXPECT_FALSE(this->store->events(last).next);
  last.limit = 59;
  EXPECT_TRUE(this->store->events(last).next);
}

TYPED_TEST_P(StoreConformance, AQueryOverMaxPointsIsRefusedBeforeItsPointsAreRead) {
  BatchBuilder batch("a", 1);
  for (int i = 0; i < 10; ++i) {
    batch.sample(rtt_series("a", "b"), 1000 * (i + 1), i);
    batch.sample(rtt_series("a", "c"), 1000 * (i + 1), i);
  }
  this->store->write(batch.build());
  RangeQuery raw{select("netkeel_probe_rtt_seconds"), 0, 20'000, 0, Aggregation::avg};
  raw.max_points = 19;
  EXPECT_THROW(this->store->query_range(raw), QueryTooLarge);
  raw.max_points = 20;
  EXPECT_EQ(2u, this->store->query_range(raw).size());
  // Step queries are estimated as series x steps: 2 x 21 buckets of 1 s over [0, 20 s].
  RangeQuery steps{select("netkeel_probe_rtt_seconds"), 0, 20'000, 1000, Aggregation::max};
  steps.max_points = 41;
  try {
    this->store->query_range(steps);
    ADD_FAILURE() << "no QueryTooLarge";
  } catch (const QueryTooLarge& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("2 series x 21 steps"));
  }
  steps.max_points = 42;
  EXPECT_EQ(2u, this->store->query_range(steps).size());
  // Times at the ends of int64 are estimated without overflow.
  RangeQuery extremes{select("netkeel_probe_rtt_seconds"), std::numeric_limits<TimestampMs>::min(),
                      std::numeric_limits<TimestampMs>::max(), 1, Aggregation::max};
  extremes.max_points = 1'000'000;
  EXPECT_THROW(this->store->query_range(extremes), QueryTooLarge);
}

TYPED_TEST_P(StoreConformance, AQueryPastItsDeadlineIsCancelledAndWritesGoOn) {
  const Series s = rtt_series("a", "b");
  this->store->write(BatchBuilder("a", 1).sample(s, 1000, 1).event(1000, "a", "link_up", "x").build());
  FakeClock clock;
  const QueryDeadline passed(clock, clock.now());
  RangeQuery range{select(s.metric), 0, 5000, 0, Aggregation::avg};
  range.deadline = passed;
  EXPECT_THROW(this->store->query_range(range), QueryTimedOut);
  EventQuery events{0, 5000};
  events.deadline = passed;
  EXPECT_THROW(this->store->events(events), QueryTimedOut);
  EXPECT_THROW(this->store->probe_matrix(ProbeMatrixQuery{"mgmt", 0, 5000, passed}), QueryTimedOut);
  // A deadline still ahead changes nothing; the store goes on.
  range.deadline = QueryDeadline(clock, clock.now() + std::chrono::seconds(10));
  EXPECT_EQ(1u, this->store->query_range(range).size());
  EXPECT_EQ(WriteOutcome::stored, this->store->write(BatchBuilder("a", 2).sample(s, 2000, 2).build()));
  EXPECT_EQ(2u, this->raw(select(s.metric))[0].points.size());
}

REGISTER_TYPED_TEST_SUITE_P(StoreConformance, StoresAndReturnsRawSamplesPerSeriesSortedByKey, RangeBoundsAreInclusive,
                            RetriedBatchIsStoredOnce, LabelMatchers, StepAggregations, SpecialValuesAreStoredExactly,
                            ManySamplesAcrossBatchesAndOutOfOrderWrites, LatestValuePerSeries,
                            ProbeMatrixFromCountersAndRtts, ProbeMatrixOverWindowsThatCutThroughTheData,
                            HostsWithLastSeenTime, EventsInARange,
                            InvalidBatchIsRejectedAndStoresNothing, EverythingSurvivesReopening,
                            EventsComeInPagesThatHoldEachEventOnce, AQueryOverMaxPointsIsRefusedBeforeItsPointsAreRead,
                            AQueryPastItsDeadlineIsCancelledAndWritesGoOn);

}  // namespace netkeel::store::testing
