#include "netkeel/site/nesting_depth.hpp"

#include <vector>

namespace netkeel::site {
namespace {

bool opens_quoted_scalar(char previous_significant) {
  // A quote starts a quoted scalar only where a new scalar can begin; inside a plain scalar
  // ("don't") it is just a character.
  switch (previous_significant) {
    case '\0': case '[': case '{': case ',': case ':': case '-': case '?':
      return true;
    default:
      return false;
  }
}

}  // namespace

std::optional<NestingViolation> find_nesting_beyond(std::string_view text, int max_depth) {
  std::vector<size_t> indents;  // open block indentation levels
  int flow_depth = 0;           // open [ and { (flow collections may span lines)
  int line_number = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    ++line_number;
    pos = end + 1;

    size_t indent = 0;
    while (indent < line.size() && (line[indent] == ' ' || line[indent] == '\t')) ++indent;
    if (indent == line.size() || line[indent] == '#') {
      if (end == text.size()) break;
      continue;
    }
    if (flow_depth == 0) {
      while (!indents.empty() && indents.back() > indent) indents.pop_back();
      if (indents.empty() || indents.back() < indent) indents.push_back(indent);
    }
    int dashes = 0;
    char quote = 0;
    char previous = '\0';
    for (size_t i = indent; i < line.size(); ++i) {
      const char c = line[i];
      if (quote) {
        if (quote == '"' && c == '\\') ++i;  // skip the escaped character
        else if (c == quote) quote = 0;
        continue;
      }
      if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) break;
      if ((c == '"' || c == '\'') && opens_quoted_scalar(previous)) {
        quote = c;
      } else if (c == '[' || c == '{') {
        ++flow_depth;
      } else if (c == ']' || c == '}') {
        if (flow_depth > 0) --flow_depth;
      } else if (c == '-' && previous == '\0' && flow_depth == 0 && (i + 1 == line.size() || line[i + 1] == ' ')) {
        ++dashes;  // "- - - x" nests one sequence per dash
        continue;  // still at the start of the line's content
      }
      if (c != ' ' && c != '\t') previous = c;
      const int depth = static_cast<int>(indents.size()) + dashes + flow_depth;
      if (depth > max_depth) return NestingViolation{line_number, static_cast<int>(i) + 1, depth};
    }
    const int depth = static_cast<int>(indents.size()) + dashes + flow_depth;
    if (depth > max_depth) return NestingViolation{line_number, static_cast<int>(indent) + 1, depth};
    if (end == text.size()) break;
  }
  return std::nullopt;
}

}  // namespace netkeel::site
