// Arbitrary patterns against arbitrary label values: a pattern either compiles (RE2) or is refused with
// invalid_argument, and matching ends, whatever the input. Input: PATTERN \0 VALUE (no \0: the value is
// the pattern itself). A backtracking matcher fails this at once on the seeds: (.+)+X runs for minutes,
// .* over a 40,000-character value overflows its stack.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "netkeel/store/label_matcher.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netkeel::store;
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::size_t split = input.find('\0');
  const std::string pattern = input.substr(0, split);
  const std::string value = split == std::string::npos ? input : input.substr(split + 1);
  const Series series{"m", {{"v", value}}};
  try {
    const LabelMatcher matches("v", MatchOp::regex, pattern);
    const LabelMatcher does_not("v", MatchOp::not_regex, pattern);
    if (matches.matches(series) == does_not.matches(series)) std::abort();
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
