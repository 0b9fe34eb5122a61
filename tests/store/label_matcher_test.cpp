// Label matchers: RE2 regexes anchored at both ends, as in Prometheus, that answer in linear time.
#include "netkeel/store/label_matcher.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <limits>

#include "netkeel/store/cardinality_limits.hpp"

namespace netkeel::store {
namespace {

using ::testing::HasSubstr;

Series with_label(std::string value) { return make_series("m", {{"v", std::move(value)}}); }

bool regex_matches(const std::string& pattern, const std::string& value) {
  return LabelMatcher("v", MatchOp::regex, pattern).matches(with_label(value));
}

TEST(LabelMatcher, ARegexMatchesTheWholeValueAsInPrometheus) {
  EXPECT_TRUE(regex_matches("web-.*", "web-1"));
  EXPECT_FALSE(regex_matches("web-.*", "my-web-1"));
  EXPECT_FALSE(regex_matches("web", "web-1"));
  EXPECT_TRUE(regex_matches("a|b", "b"));
  EXPECT_FALSE(regex_matches("a|b", "ab"));
  EXPECT_TRUE(regex_matches("", ""));  // a missing label is the empty string
  EXPECT_FALSE(LabelMatcher("v", MatchOp::not_regex, "web-.*").matches(with_label("web-2")));
  EXPECT_TRUE(LabelMatcher("v", MatchOp::not_regex, "web-.*").matches(with_label("db-2")));
  EXPECT_TRUE(regex_matches("[[:alpha:]]+\\d", "node7"));  // RE2's classes, as Prometheus users write them
}

// Patterns that make a backtracking matcher (std::regex) run for minutes or overflow its stack.
TEST(LabelMatcher, CatastrophicPatternsAndLongValuesAnswerWithinASecond) {
  const std::string ordinary(30, 'a');
  const std::string long_value(40'000, 'x');
  auto answers = std::async(std::launch::async, [&] {
    return std::vector<bool>{regex_matches("(.+)+X", ordinary), regex_matches("(.*)*X", ordinary),
                             regex_matches("(a|aa)+X", ordinary + ordinary), regex_matches(".*", long_value),
                             regex_matches("(x+x+)+y", long_value), regex_matches("x*", long_value)};
  });
  // The caller's deadline; a backtracking matcher misses it by minutes (or crashes first).
  ASSERT_EQ(std::future_status::ready, answers.wait_for(std::chrono::seconds(1)));
  EXPECT_EQ((std::vector<bool>{false, false, false, true, false, true}), answers.get());
}

TEST(LabelMatcher, APatternRE2RefusesIsAnInvalidArgumentNamingTheMatcherAndTheSyntax) {
  for (const char* pattern : {"(", "(a)\\1", "(?=a)", "a{2,1}"}) {
    try {
      LabelMatcher("dst", MatchOp::regex, pattern);
      ADD_FAILURE() << pattern << " compiled";
    } catch (const std::invalid_argument& e) {
      EXPECT_THAT(e.what(), HasSubstr(std::string("dst=~\"") + pattern + "\"")) << pattern;
      EXPECT_THAT(e.what(), HasSubstr("RE2 syntax as in Prometheus")) << pattern;
    }
  }
  // A pattern too big for the memory budget is refused the same way, not compiled without bound.
  EXPECT_THROW(LabelMatcher("dst", MatchOp::regex, "((((a{100}){100}){100}){100})"), std::invalid_argument);
}

TEST(CardinalityCheck, RefusesOverEitherLimitAndCountsByLimit) {
  const CardinalityLimits limits{10, 100};
  CardinalityRejections rejections;
  const BatchId id{"h", 1};
  EXPECT_NO_THROW(check_cardinality(id, 10, 90, limits, &rejections));
  EXPECT_THROW(check_cardinality(id, 11, 0, limits, &rejections), SeriesLimitExceeded);
  EXPECT_THROW(check_cardinality(id, 1, 100, limits, &rejections), SeriesLimitExceeded);
  EXPECT_THROW(check_cardinality(id, 1, std::numeric_limits<std::uint64_t>::max(), limits, &rejections),
               SeriesLimitExceeded);
  EXPECT_NO_THROW(check_cardinality(id, 0, std::numeric_limits<std::uint64_t>::max(), limits, nullptr));
  EXPECT_EQ(1u, rejections.new_series_per_batch.load());
  EXPECT_EQ(2u, rejections.series_per_host.load());
}

}  // namespace
}  // namespace netkeel::store
