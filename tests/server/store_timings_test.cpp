// The store's duration histograms: bucket edges, sums, and the page's shape.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/server/store_timings.hpp"

namespace netkeel::server {
namespace {

using ::testing::HasSubstr;

TEST(StoreTimings, ADurationOnABoundCountsInThatBucketAndTheSumIsExact) {
  DurationHistogram h;
  h.observe(0.001);   // on the first bound: le="0.001"
  h.observe(0.0011);  // just above: the next
  h.observe(30);      // above every bound
  EXPECT_EQ(h.buckets[0], 1u);
  EXPECT_EQ(h.buckets[1], 1u);
  EXPECT_EQ(h.buckets.back(), 1u);
  EXPECT_EQ(h.count, 3u);
  EXPECT_DOUBLE_EQ(h.sum_seconds, 30.0021);
}

TEST(StoreTimings, ThePageIsCumulativePerOperation) {
  StoreTimings timings;
  timings.observe(StoreOperation::probe_matrix, 0.2);
  timings.observe(StoreOperation::probe_matrix, 3);
  const std::string page = render_store_timings(timings);
  EXPECT_THAT(page, HasSubstr("netkeel_server_store_duration_seconds_bucket{operation=\"probe_matrix\",le=\"0.1\"} 0\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_server_store_duration_seconds_bucket{operation=\"probe_matrix\",le=\"0.25\"} 1\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_server_store_duration_seconds_bucket{operation=\"probe_matrix\",le=\"2.5\"} 1\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_server_store_duration_seconds_bucket{operation=\"probe_matrix\",le=\"10\"} 2\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_server_store_duration_seconds_bucket{operation=\"probe_matrix\",le=\"+Inf\"} 2\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_server_store_duration_seconds_sum{operation=\"probe_matrix\"} 3.2\n"));
  for (const char* operation : {"write", "query_range", "latest", "hosts", "events", "maintain"})
    EXPECT_THAT(page, HasSubstr(std::string("netkeel_server_store_duration_seconds_count{operation=\"") + operation + "\"} 0\n"));
}

}  // namespace
}  // namespace netkeel::server
