#include "netkeel/server/label_matcher_text.hpp"

#include <string>

#include "netkeel/server/bad_request.hpp"
#include "netkeel/store/series.hpp"

namespace netkeel::server {

store::LabelMatcher parse_label_matcher(std::string_view text) {
  const auto fail = [&](const std::string& why) -> store::LabelMatcher {
    throw BadRequest("matcher '" + std::string(text) + "': " + why);
  };
  const std::size_t at = text.find_first_of("=!");
  if (at == std::string_view::npos) return fail("no operator: write label=value, label!=value, label=~regex or label!~regex");
  const std::string name(text.substr(0, at));
  if (!store::is_valid_label_name(name)) {
    return fail("label name '" + name + "' is invalid: use letters, digits and '_' and do not start with a digit");
  }
  const std::string_view rest = text.substr(at);
  store::MatchOp op = store::MatchOp::equal;
  std::size_t operator_length = 1;
  if (rest.starts_with("!=")) {
    op = store::MatchOp::not_equal;
    operator_length = 2;
  } else if (rest.starts_with("=~")) {
    op = store::MatchOp::regex;
    operator_length = 2;
  } else if (rest.starts_with("!~")) {
    op = store::MatchOp::not_regex;
    operator_length = 2;
  } else if (rest.front() == '!') {
    return fail("'!' must be followed by '=' or '~'");
  }
  try {
    return store::LabelMatcher(name, op, std::string(rest.substr(operator_length)));
  } catch (const std::invalid_argument& e) {
    return fail(e.what());
  }
}

}  // namespace netkeel::server
