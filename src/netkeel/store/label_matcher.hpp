#pragma once
// Selects series by metric name and label matchers: =, !=, =~ and !~. Regular expressions use RE2 syntax
// (the one Prometheus uses) and match the whole value, as in Prometheus: `web-.*` matches "web-1", not
// "my-web-1". RE2 matches in time linear in the value and within a fixed memory budget, so no pattern can
// freeze or crash the server. A missing label matches like the empty string, as in Prometheus.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "netkeel/store/series.hpp"

namespace re2 {
class RE2;
}

namespace netkeel::store {

enum class MatchOp { equal, not_equal, regex, not_regex };

// The memory RE2 may use for one compiled pattern (its program and its DFA cache); a pattern whose program
// alone does not fit is refused, a DFA that runs out falls back to RE2's slower, still linear, matcher.
inline constexpr std::int64_t kRegexMaxMemoryBytes = 8 * 1024 * 1024;

class LabelMatcher {
 public:
  // Throws std::invalid_argument naming the label and the fix when RE2 refuses the pattern.
  LabelMatcher(std::string name, MatchOp op, std::string value);

  bool matches(const Series& series) const;
  const std::string& name() const { return name_; }
  MatchOp op() const { return op_; }
  const std::string& value() const { return value_; }

 private:
  std::string name_;
  MatchOp op_;
  std::string value_;
  std::shared_ptr<const re2::RE2> regex_;  // shared so matchers stay cheap to copy; RE2 is thread-safe
};

struct SeriesSelector {
  std::string metric;
  std::vector<LabelMatcher> matchers;

  bool matches(const Series& series) const;
};

}  // namespace netkeel::store
