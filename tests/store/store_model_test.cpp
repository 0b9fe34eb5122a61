// The pure parts: series identity, batch validation, the head log entry format, counter increase
// and percentiles.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "netkeel/store/batch.hpp"
#include "netkeel/store/head_log_entry.hpp"
#include "netkeel/store/invalid_batch.hpp"
#include "netkeel/store/probe_matrix.hpp"
#include "netkeel/store/series.hpp"
#include "netkeel/store/step_aggregation.hpp"

namespace netkeel::store {
namespace {

using ::testing::HasSubstr;

TEST(Series, LabelsAreSortedAndKeyIsCanonical) {
  const Series s = make_series("netkeel_probe_rtt_seconds", {{"src", "a"}, {"dst", "b\"q\\"}, {"kind", "icmp"}});
  EXPECT_EQ("dst", s.labels[0].name);
  EXPECT_EQ("netkeel_probe_rtt_seconds{dst=\"b\\\"q\\\\\",kind=\"icmp\",src=\"a\"}", canonical_key(s));
  EXPECT_EQ("a", s.label("src"));
  EXPECT_EQ("", s.label("network"));
  EXPECT_EQ(canonical_key(s), canonical_key(make_series(s.metric, {{"kind", "icmp"}, {"src", "a"}, {"dst", "b\"q\\"}})));
}

TEST(Series, RejectsBadNamesAndDuplicateLabels) {
  EXPECT_THROW(make_series("", {}), InvalidBatch);
  EXPECT_THROW(make_series("9lives", {}), InvalidBatch);
  EXPECT_THROW(make_series("a-b", {}), InvalidBatch);
  EXPECT_NO_THROW(make_series("ns:sub_metric", {}));
  EXPECT_THROW(make_series("m", {{"a:b", "x"}}), InvalidBatch);
  try {
    make_series("m", {{"src", "a"}, {"src", "b"}});
    FAIL();
  } catch (const InvalidBatch& e) {
    EXPECT_THAT(e.what(), HasSubstr("label 'src' appears twice"));
  }
}

TEST(Batch, ValidationNamesTheBatchAndTheItem) {
  Batch batch;
  batch.id = {"web-1", 42};
  batch.series.push_back(make_series("m", {}));
  batch.samples.push_back({1, 1000, 1});
  try {
    validate_batch(batch);
    FAIL();
  } catch (const InvalidBatch& e) {
    EXPECT_THAT(e.what(), HasSubstr("batch web-1#42: sample 0 refers to series 1 but the batch has 1 series"));
  }
  batch.samples[0].series = 0;
  EXPECT_NO_THROW(validate_batch(batch));
  batch.series.push_back(make_series("m", {}));
  EXPECT_THROW(validate_batch(batch), InvalidBatch);  // listed twice
  batch.series.pop_back();
  batch.series.push_back(Series{"m", {{"z", "1"}, {"a", "2"}}});  // unsorted, not from make_series
  EXPECT_THROW(validate_batch(batch), InvalidBatch);
  batch.series.pop_back();
  batch.events.push_back({1, "web-1", "", "x"});
  EXPECT_THROW(validate_batch(batch), InvalidBatch);
}

TEST(Batch, NewestTimestampCoversSamplesAndEvents) {
  Batch batch;
  batch.series.push_back(make_series("m", {}));
  EXPECT_EQ(std::numeric_limits<TimestampMs>::min(), newest_timestamp(batch));
  batch.samples = {{0, 5, 1}, {0, 9, 1}};
  batch.events = {{7, "h", "k", ""}};
  EXPECT_EQ(9, newest_timestamp(batch));
}

TEST(HeadLogEntry, RoundTripsAndRejectsDamage) {
  const std::vector<LoggedSample> samples = {{1, 1'700'000'000'000, 0.5},
                                             {300, 1'700'000'000'000, -0.0},
                                             {2, -5, std::numeric_limits<double>::infinity()},
                                             {7, std::numeric_limits<std::int64_t>::max(), 1e300}};
  const auto bytes = encode_head_log_entry(samples);
  const auto decoded = decode_head_log_entry(bytes);
  ASSERT_EQ(samples.size(), decoded.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    EXPECT_EQ(samples[i].series_id, decoded[i].series_id);
    EXPECT_EQ(samples[i].timestamp_ms, decoded[i].timestamp_ms);
    EXPECT_EQ(samples[i].value, decoded[i].value);
  }
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_THROW(decode_head_log_entry(std::span(bytes).first(n)), std::runtime_error) << n;
  }
  auto longer = bytes;
  longer.push_back(0);
  EXPECT_THROW(decode_head_log_entry(longer), std::runtime_error);
}

TEST(ProbeMath, CounterIncreaseHandlesResetsAndNaN) {
  EXPECT_EQ(0, counter_increase({}));
  EXPECT_EQ(0, counter_increase(std::vector<Point>{{1, 10}}));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(17, counter_increase(std::vector<Point>{{1, 10}, {2, 15}, {3, nan}, {4, 3}, {5, 12}}));  // 5 + 3 + 9
}

TEST(ProbeMath, PercentileInterpolatesBetweenClosestRanks) {
  EXPECT_TRUE(std::isnan(percentile({}, 0.5)));
  const std::vector<double> one = {4};
  EXPECT_EQ(4, percentile(one, 0.99));
  const std::vector<double> four = {1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(2.5, percentile(four, 0.5));
  EXPECT_DOUBLE_EQ(1, percentile(four, 0));
  EXPECT_DOUBLE_EQ(4, percentile(four, 1));
  EXPECT_DOUBLE_EQ(3.97, percentile(four, 0.99));
}

TEST(StepAggregation, BucketsAnchorAtTheStartEvenFromTheFarPast) {
  const TimestampMs min = std::numeric_limits<TimestampMs>::min();
  const std::vector<Point> points = {{-10, 1}, {5, 2}, {6, 4}, {1'000'000, 8}};
  RangeQuery query{SeriesSelector{"m", {}}, min, std::numeric_limits<TimestampMs>::max(),
                   std::numeric_limits<std::int64_t>::max(), Aggregation::sum};
  // The second bucket starts at min + INT64_MAX = -1.
  const auto far = aggregate_steps(points, query);
  ASSERT_EQ(2u, far.size());
  EXPECT_EQ(min, far[0].timestamp_ms);
  EXPECT_EQ(1, far[0].value);
  EXPECT_EQ(-1, far[1].timestamp_ms);
  EXPECT_EQ(14, far[1].value);
  query.start_ms = 0;
  query.end_ms = 1'000'000;
  query.step_ms = 5;
  query.aggregation = Aggregation::max;
  const auto buckets = aggregate_steps(points, query);  // -10 is before the start
  ASSERT_EQ(2u, buckets.size());
  EXPECT_EQ(5, buckets[0].timestamp_ms);
  EXPECT_EQ(4, buckets[0].value);
  EXPECT_EQ(1'000'000, buckets[1].timestamp_ms);
}

}  // namespace
}  // namespace netkeel::store
