#include "netkeel/server/server_metrics.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

namespace netkeel::server {
namespace {

using ::testing::HasSubstr;

TEST(ServerMetrics, EveryReasonIsShownWithItsCount) {
  IngestCounters ingest;
  ingest.reject(IngestRejection::too_deep);
  ingest.reject(IngestRejection::too_deep);
  ingest.stored_batches = 3;
  http::ConnectionCounts connections;
  connections.closed_request_read_timeout = 64;
  connections.refused_over_address_limit = 2;
  store::CardinalityRejections cardinality;
  cardinality.series_per_host = 5;

  const std::string page = render_server_metrics(ingest, connections, &cardinality);
  EXPECT_THAT(page, HasSubstr("netkeel_server_ingest_rejected_total{reason=\"too_deep\"} 2\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_server_ingest_rejected_total{reason=\"unauthorized\"} 0\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_server_ingest_accepted_total{outcome=\"stored\"} 3\n"));
  EXPECT_THAT(page, HasSubstr("# TYPE netkeel_server_connections_refused_total counter\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_server_connections_refused_total{reason=\"request_read_timeout\"} 64\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_server_connections_refused_total{reason=\"address_limit\"} 2\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_server_connections_refused_total{reason=\"busy\"} 0\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_server_series_limit_rejected_total{limit=\"series_per_host\"} 5\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_server_series_limit_rejected_total{limit=\"new_series_per_batch\"} 0\n"));

  EXPECT_THAT(render_server_metrics(ingest, connections, nullptr),
              ::testing::Not(HasSubstr("netkeel_server_series_limit_rejected_total")));
}

TEST(ServerMetrics, PrometheusOwnLinterFindsNothing) {
  if (std::system("command -v promtool >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "promtool is not installed (Debian package prometheus): not linted";
  }
  const IngestCounters ingest;
  const store::CardinalityRejections cardinality;
  const auto file = std::filesystem::path(::testing::TempDir()) / ("server-metrics-" + std::to_string(::getpid()) + ".prom");
  std::ofstream(file) << render_server_metrics(ingest, http::ConnectionCounts{}, &cardinality);
  const auto out = file.string() + ".out";
  const int status = std::system(("promtool check metrics < '" + file.string() + "' > '" + out + "' 2>&1").c_str());
  std::ifstream in(out);
  const std::string complaints((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(file);
  std::filesystem::remove(out);
  EXPECT_EQ(status, 0) << complaints;
  EXPECT_EQ(complaints, "");
}

}  // namespace
}  // namespace netkeel::server
