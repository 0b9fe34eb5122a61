#include "netkeel/store/label_matcher.hpp"

#include <algorithm>
#include <stdexcept>

namespace netkeel::store {

LabelMatcher::LabelMatcher(std::string name, MatchOp op, std::string value)
    : name_(std::move(name)), op_(op), value_(std::move(value)) {
  if (op_ == MatchOp::regex || op_ == MatchOp::not_regex) {
    try {
      regex_ = std::make_shared<const std::regex>(value_, std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error& e) {
      throw std::invalid_argument("label matcher " + name_ + "=~\"" + value_ +
                                  "\": not a valid regular expression (" + e.what() +
                                  "): use ECMAScript syntax, e.g. \"web-.*\"");
    }
  }
}

bool LabelMatcher::matches(const Series& series) const {
  const std::string_view actual = series.label(name_);
  switch (op_) {
    case MatchOp::equal: return actual == value_;
    case MatchOp::not_equal: return actual != value_;
    case MatchOp::regex: return std::regex_match(actual.begin(), actual.end(), *regex_);
    case MatchOp::not_regex: return !std::regex_match(actual.begin(), actual.end(), *regex_);
  }
  return false;
}

bool SeriesSelector::matches(const Series& series) const {
  return series.metric == metric &&
         std::all_of(matchers.begin(), matchers.end(), [&](const LabelMatcher& m) { return m.matches(series); });
}

}  // namespace netkeel::store
