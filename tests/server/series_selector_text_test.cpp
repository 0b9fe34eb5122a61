#include "netkeel/server/series_selector_text.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/server/bad_request.hpp"

namespace netkeel::server {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(SeriesSelectorText, BareMetricHasNoMatchers) {
  const auto selector = parse_series_selector_text("netkeel_probe_sent_total");
  EXPECT_EQ(selector.metric, "netkeel_probe_sent_total");
  EXPECT_TRUE(selector.matchers.empty());
  EXPECT_TRUE(parse_series_selector_text(" up{} ").matchers.empty());
}

TEST(SeriesSelectorText, EveryOperatorBecomesAMatchParameter) {
  const auto selector =
      parse_series_selector_text(R"(netkeel_probe_sent_total{src="n1", dst=~"cmp.*" ,kind!='udp',net!~`st.*`,})");
  EXPECT_EQ(selector.metric, "netkeel_probe_sent_total");
  EXPECT_THAT(selector.matchers, ElementsAre("src=n1", "dst=~cmp.*", "kind!=udp", "net!~st.*"));
}

TEST(SeriesSelectorText, ValuesKeepEscapedQuotesCommasAndBraces) {
  const auto selector = parse_series_selector_text(R"(m{text="a \"b\", {c}\\d\n"})");
  EXPECT_THAT(selector.matchers, ElementsAre("text=a \"b\", {c}\\d\n"));
}

TEST(SeriesSelectorText, RefusesWhatIsNotASelectorNamingThePlace) {
  const struct {
    const char* text;
    const char* says;
  } cases[] = {
      {"", "expected a metric name"},
      {"9m", "expected a metric name"},
      {"m{src}", "expected =, !=, =~ or !~ after label 'src'"},
      {"m{src=n1}", "expected a quoted value"},
      {"m{src=\"n1}", "no closing \""},
      {"m{src=\"n1\" dst=\"n2\"}", "expected ',' or '}'"},
      {"m{1a=\"x\"}", "expected a label name"},
      {"m{a=\"\\q\"}", "unknown escape \\q"},
      {"m{a=\"x\"} extra", "unexpected text after the selector"},
      {"m{a=\"x\"", "expected ',' or '}' after the value of 'a'"},
  };
  for (const auto& c : cases) {
    try {
      parse_series_selector_text(c.text);
      ADD_FAILURE() << "accepted: " << c.text;
    } catch (const BadRequest& e) {
      EXPECT_THAT(e.what(), HasSubstr(c.says)) << c.text;
      EXPECT_THAT(e.what(), HasSubstr("at character")) << c.text;
    }
  }
}

}  // namespace
}  // namespace netkeel::server
