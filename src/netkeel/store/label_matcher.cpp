#include "netkeel/store/label_matcher.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <stdexcept>

namespace netkeel::store {

LabelMatcher::LabelMatcher(std::string name, MatchOp op, std::string value)
    : name_(std::move(name)), op_(op), value_(std::move(value)) {
  if (op_ == MatchOp::regex || op_ == MatchOp::not_regex) {
    RE2::Options options;
    options.set_max_mem(kRegexMaxMemoryBytes);
    options.set_log_errors(false);  // the error goes back to the client, not to the server's stderr
    auto regex = std::make_shared<const RE2>(value_, options);
    if (!regex->ok()) {
      throw std::invalid_argument("label matcher " + name_ + (op_ == MatchOp::regex ? "=~" : "!~") + "\"" + value_ +
                                  "\": RE2 refuses the regular expression (" + regex->error() +
                                  "): use RE2 syntax as in Prometheus, e.g. \"web-.*\" (no backreferences or "
                                  "lookarounds; a pattern must compile within " +
                                  std::to_string(kRegexMaxMemoryBytes / (1024 * 1024)) + " MiB)");
    }
    regex_ = std::move(regex);
  }
}

bool LabelMatcher::matches(const Series& series) const {
  const std::string_view actual = series.label(name_);
  switch (op_) {
    case MatchOp::equal: return actual == value_;
    case MatchOp::not_equal: return actual != value_;
    case MatchOp::regex: return RE2::FullMatch(actual, *regex_);
    case MatchOp::not_regex: return !RE2::FullMatch(actual, *regex_);
  }
  return false;
}

bool SeriesSelector::matches(const Series& series) const {
  return series.metric == metric &&
         std::all_of(matchers.begin(), matchers.end(), [&](const LabelMatcher& m) { return m.matches(series); });
}

}  // namespace netkeel::store
