#pragma once
// Selects series by metric name and label matchers: =, !=, =~ and !~ (regular expressions match the
// whole value, ECMAScript syntax). A missing label matches like the empty string, as in Prometheus.
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "netkeel/store/series.hpp"

namespace netkeel::store {

enum class MatchOp { equal, not_equal, regex, not_regex };

class LabelMatcher {
 public:
  // Throws std::invalid_argument naming the label and the fix when a regex does not compile.
  LabelMatcher(std::string name, MatchOp op, std::string value);

  bool matches(const Series& series) const;
  const std::string& name() const { return name_; }
  MatchOp op() const { return op_; }
  const std::string& value() const { return value_; }

 private:
  std::string name_;
  MatchOp op_;
  std::string value_;
  std::shared_ptr<const std::regex> regex_;  // shared so matchers stay cheap to copy
};

struct SeriesSelector {
  std::string metric;
  std::vector<LabelMatcher> matchers;

  bool matches(const Series& series) const;
};

}  // namespace netkeel::store
