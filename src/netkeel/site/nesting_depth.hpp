#pragma once
// A conservative pre-scan of YAML text for nesting depth. yaml-cpp recurses once per nesting level,
// so a document like "[[[[...]]]]" could exhaust the stack; the loader rejects such documents with a
// diagnostic before parsing. The scan over-estimates (indentation levels + "- " entries + open
// brackets), which only matters for documents far deeper than any site file.
#include <optional>
#include <string_view>

namespace netkeel::site {

struct NestingViolation {
  int line = 0;    // 1-based
  int column = 0;  // 1-based
  int depth = 0;
};

std::optional<NestingViolation> find_nesting_beyond(std::string_view yaml_text, int max_depth);

}  // namespace netkeel::site
