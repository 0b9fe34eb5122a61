// The Prometheus text reader: a real keeper-style page read whole (types from # TYPE, histogram and
// summary suffixes, escapes, special values, timestamps), and a table of bad and hostile pages, each
// rejected with its line and column, including pages, samples, labels and values past their limits.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "netkeel/core/prometheus_text_parser.hpp"

namespace netkeel {
namespace {

TEST(PrometheusTextParser, ReadsAPageWithItsTypesLabelsAndValues) {
  const std::string page =
      "# HELP netkeel_keeper_instance_health 1 for the instance's health.\n"
      "# TYPE netkeel_keeper_instance_health gauge\n"
      "netkeel_keeper_instance_health{service=\"keystone\",health=\"healthy\"} 1\n"
      "netkeel_keeper_instance_health{service=\"keystone\",health=\"failed\"} 0\n"
      "\n"
      "# TYPE netkeel_keeper_vip_releases_by_cause_total counter\n"
      "netkeel_keeper_vip_releases_by_cause_total{service=\"a\\\\b\\\"c\\nd\",cause=\"check\",} 3 1767225600000\n"
      "# TYPE netkeel_keeper_renew_latency_seconds histogram\n"
      "netkeel_keeper_renew_latency_seconds_bucket{le=\"0.01\"} 5\n"
      "netkeel_keeper_renew_latency_seconds_bucket{le=\"+Inf\"} 7\n"
      "netkeel_keeper_renew_latency_seconds_sum 0.0421\n"
      "netkeel_keeper_renew_latency_seconds_count 7\n"
      "# TYPE rpc_seconds summary\n"
      "rpc_seconds{quantile=\"0.5\"} NaN\n"
      "rpc_seconds_count\t +Inf\r\n"
      "# a free comment\n"
      "no_type_at_all -Inf\n"
      "  spaced_out  {  a = \"x\" , b=\"y\" }   -1.5e3\n";
  const auto samples = parse_prometheus_text(page);
  ASSERT_EQ(samples.size(), 11U);
  EXPECT_EQ(samples[0].metric, "netkeel_keeper_instance_health");
  EXPECT_EQ(samples[0].type, "gauge");
  EXPECT_EQ(samples[0].labels, (std::vector<PrometheusLabel>{{"service", "keystone"}, {"health", "healthy"}}));
  EXPECT_EQ(samples[0].value, 1);
  EXPECT_FALSE(samples[0].timestamp_ms);
  EXPECT_EQ(samples[2].type, "counter");
  EXPECT_EQ(samples[2].labels[0].value, "a\\b\"c\nd");
  EXPECT_EQ(samples[2].labels.size(), 2U) << "a trailing comma is allowed";
  EXPECT_EQ(samples[2].timestamp_ms, 1767225600000);
  EXPECT_EQ(samples[3].metric, "netkeel_keeper_renew_latency_seconds_bucket");
  EXPECT_EQ(samples[3].type, "histogram");
  EXPECT_EQ(samples[5].type, "histogram");
  EXPECT_DOUBLE_EQ(samples[5].value, 0.0421);
  EXPECT_EQ(samples[6].type, "histogram");
  EXPECT_EQ(samples[7].type, "summary");
  EXPECT_TRUE(std::isnan(samples[7].value));
  EXPECT_EQ(samples[8].type, "summary");
  EXPECT_EQ(samples[8].value, INFINITY);
  EXPECT_EQ(samples[9].type, "untyped");
  EXPECT_EQ(samples[9].value, -INFINITY);
  EXPECT_EQ(samples[10].metric, "spaced_out");
  EXPECT_EQ(samples[10].labels, (std::vector<PrometheusLabel>{{"a", "x"}, {"b", "y"}}));
  EXPECT_EQ(samples[10].value, -1500);
}

TEST(PrometheusTextParser, AnEmptyPageHasNoSamples) {
  EXPECT_TRUE(parse_prometheus_text("").empty());
  EXPECT_TRUE(parse_prometheus_text("\n\n# HELP x y\n").empty());
}

TEST(PrometheusTextParser, AHistogramSuffixOfAGaugeIsUntyped) {
  const auto samples = parse_prometheus_text("# TYPE x gauge\nx_bucket{le=\"1\"} 1\n# TYPE y summary\ny_bucket 2\n");
  ASSERT_EQ(samples.size(), 2U);
  EXPECT_EQ(samples[0].type, "untyped");
  EXPECT_EQ(samples[1].type, "untyped") << "a summary has no buckets";
}

struct BadPage {
  std::string page;
  std::string message;  // the start of the error: where, and what
};

class PrometheusTextParserRejects : public ::testing::TestWithParam<BadPage> {};

TEST_P(PrometheusTextParserRejects, NamingTheLineAndColumn) {
  try {
    parse_prometheus_text(GetParam().page);
    FAIL() << "accepted: " << GetParam().page;
  } catch (const PrometheusTextError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(GetParam().message, 0), 0U) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    BadInput, PrometheusTextParserRejects,
    ::testing::Values(
        BadPage{"ok 1\n1bad 2\n", "line 2, column 1: expected a metric name"},
        BadPage{"x{1a=\"b\"} 1\n", "line 1, column 3: expected a label name"},
        BadPage{"x{a:b=\"c\"} 1\n", "line 1, column 4: expected '=' after label 'a'"},
        BadPage{"x{a=b} 1\n", "line 1, column 5: expected '\"' to open the label value"},
        BadPage{"x{a=\"b} 1\n", "line 1, column 5: the label value has no closing '\"'"},
        BadPage{"x{a=\"b\\t\"} 1\n", "line 1, column 8: unknown escape '\\t'"},
        BadPage{"x{a=\"b\" c=\"d\"} 1\n", "line 1, column 9: expected ',' or '}'"},
        BadPage{"x{a=\"b\",a=\"c\"} 1\n", "line 1, column 9: label 'a' is given twice"},
        BadPage{"x{a=\"b\"}1\n", "line 1, column 9: expected a blank before the value"},
        BadPage{"x\n", "line 1, column 2: expected the sample's value"},
        BadPage{"x one\n", "line 1, column 3: the value 'one' is not a number"},
        BadPage{"x +-1\n", "line 1, column 3: the value '+-1' is not a number"},
        BadPage{"x 1e\n", "line 1, column 3: the value '1e' is not a number"},
        BadPage{"x 1 12.5\n", "line 1, column 5: the timestamp '12.5' is not whole milliseconds"},
        BadPage{"x 1 99999999999999999999\n", "line 1, column 5: the timestamp"},
        BadPage{"x 1 2 3\n", "line 1, column 7: unexpected text after the sample"},
        BadPage{"# TYPE x meter\n", "line 1, column 15: unknown metric type 'meter'"},
        BadPage{"# TYPE x gauge\n# TYPE x counter\n", "line 2, column 17: a second # TYPE line for 'x'"},
        BadPage{"x 1\n# TYPE x gauge\n", "line 2, column 15: # TYPE for 'x' comes after its samples"},
        BadPage{"h_bucket 1\n# TYPE h histogram\n", "line 2, column 19: # TYPE for 'h' comes after its samples"},
        BadPage{"# TYPE x gauge extra\n", "line 1, column 16: unexpected text after the type"},
        BadPage{"# TYPE 9x gauge\n", "line 1, column 8: expected a metric name"},
        BadPage{std::string("x{a=\"\0\"} 1\nx\xff 1\n", 16), "line 2, column 2: expected a blank or '{' after the metric name"}));

TEST(PrometheusTextParser, APageLongerThanItsLimitIsRejectedBeforeItIsRead) {
  PrometheusTextLimits limits;
  limits.max_page_bytes = 1000;
  const std::string page(1001, '#');
  try {
    parse_prometheus_text(page, limits);
    FAIL();
  } catch (const PrometheusTextError& e) {
    EXPECT_STREQ(e.what(), "the page has 1001 bytes, more than the 1000 allowed");
  }
  EXPECT_NO_THROW(parse_prometheus_text(page.substr(0, 1000), limits));
}

TEST(PrometheusTextParser, SamplesLabelsNamesAndValuesHaveCeilings) {
  PrometheusTextLimits limits;
  limits.max_samples = 2;
  limits.max_labels = 2;
  limits.max_name_bytes = 8;
  limits.max_label_value_bytes = 4;
  EXPECT_NO_THROW(parse_prometheus_text("a 1\nb 2\n# TYPE c gauge\n", limits));
  EXPECT_THROW(
      {
        try {
          parse_prometheus_text("a 1\nb 2\nc 3\n", limits);
        } catch (const PrometheusTextError& e) {
          EXPECT_STREQ(e.what(), "line 3, column 1: more than 2 samples on the page");
          throw;
        }
      },
      PrometheusTextError);
  EXPECT_NO_THROW(parse_prometheus_text("a{x=\"1\",y=\"2\"} 1\n", limits));
  EXPECT_THROW(parse_prometheus_text("a{x=\"1\",y=\"2\",z=\"3\"} 1\n", limits), PrometheusTextError);
  EXPECT_NO_THROW(parse_prometheus_text("abcdefgh 1\n", limits));
  EXPECT_THROW(parse_prometheus_text("abcdefghi 1\n", limits), PrometheusTextError);
  EXPECT_NO_THROW(parse_prometheus_text("a{x=\"\\\\\\\\\\n\\\"\"} 1\n", limits)) << "the ceiling counts unescaped bytes";
  EXPECT_THROW(parse_prometheus_text("a{x=\"12345\"} 1\n", limits), PrometheusTextError);
}

// A hostile page of the largest size allowed: one line of a million label bytes, a million tiny
// samples, a million commas. Each is rejected at its limit, never read whole into memory first.
TEST(PrometheusTextParser, HostilePagesAreRejectedAtTheirLimit) {
  const PrometheusTextLimits limits;
  const std::string long_value = "x{a=\"" + std::string(limits.max_page_bytes - 20, 'v') + "\"} 1\n";
  EXPECT_THROW(parse_prometheus_text(long_value, limits), PrometheusTextError);
  std::string many;
  while (many.size() + 4 <= limits.max_page_bytes) many += "x 1\n";
  try {
    parse_prometheus_text(many, limits);
    FAIL();
  } catch (const PrometheusTextError& e) {
    EXPECT_NE(std::string(e.what()).find("more than 10000 samples"), std::string::npos) << e.what();
  }
  const std::string commas = "x{" + std::string(limits.max_page_bytes - 10, ',') + "} 1\n";
  EXPECT_THROW(parse_prometheus_text(commas, limits), PrometheusTextError);
  const std::string long_name(limits.max_page_bytes - 10, 'n');
  EXPECT_THROW(parse_prometheus_text(long_name + " 1\n", limits), PrometheusTextError);
}

}  // namespace
}  // namespace netkeel
