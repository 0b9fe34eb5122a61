// The whole /metrics page, byte for byte: the page is written straight from the walk over the
// snapshot, and must stay what docs/metrics.md and every scraper already read.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "agent/every_family_snapshot.hpp"
#include "netkeel/agent/metric_families.hpp"
#include "netkeel/agent/prometheus_text.hpp"

namespace netkeel::agent {
namespace {

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(NETKEEL_SOURCE_DIR) + "/tests/agent/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name << " missing";
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// every_family_page.prom was written by the renderer that built every family in memory first (commit
// d72d093), with the HELP lines of the /proc/net families added since; the streaming renderer must print
// the same bytes.
TEST(PrometheusPage, EveryFamilyPageIsByteForByteThePreviousRenderersPage) {
  EXPECT_EQ(render_prometheus_text(testing::every_family_snapshot()), read_fixture("every_family_page.prom"));
}

TEST(PrometheusPage, MaterialisedFamiliesPrintTheSamePageAsTheWalk) {
  const AgentSnapshot s = testing::every_family_snapshot();
  EXPECT_EQ(render_prometheus_text(metric_families(s)), render_prometheus_text(s));
}

// The agent renders a page per report interval; the buffer it renders into is cleared, not appended
// to, and keeps no more than the largest page needs however many intervals pass.
TEST(PrometheusPage, ABufferReusedOverManyIntervalsHoldsOnePageAndStopsGrowing) {
  AgentSnapshot s = testing::every_family_snapshot();
  std::string buffer;
  std::size_t largest_page = 0;
  std::size_t capacity_after_warm_up = 0;
  for (int interval = 0; interval < 2000; ++interval) {
    for (auto& r : s.probes) {
      r.sent_total += 1000;  // the counters' digits grow, as they do over an uptime
      r.lost_total += interval % 3;
    }
    s.responder_answered_total += 7;
    render_prometheus_text(s, buffer);
    ASSERT_EQ(buffer, render_prometheus_text(s)) << "interval " << interval;
    largest_page = std::max(largest_page, buffer.size());
    if (interval == 100) capacity_after_warm_up = buffer.capacity();
  }
  EXPECT_LE(buffer.capacity(), 2 * largest_page);
  EXPECT_LE(buffer.capacity(), 2 * capacity_after_warm_up);
}

}  // namespace
}  // namespace netkeel::agent
