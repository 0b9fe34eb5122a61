#include "netkeel/site/did_you_mean.hpp"

#include <algorithm>
#include <cctype>

namespace netkeel::site {
namespace {

// Longer words are not plausible typos of each other and would cost O(n*m); skip them.
constexpr size_t kLongestComparedWord = 64;

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// One- and two-letter names are too short to guess from: only a case difference counts.
size_t allowed_distance(size_t length) { return length <= 2 ? 0 : length <= 4 ? 1 : length <= 8 ? 2 : 3; }

}  // namespace

size_t edit_distance(std::string_view a, std::string_view b) {
  const size_t n = a.size(), m = b.size();
  // Three rows suffice for the transposition rule.
  std::vector<size_t> before(m + 1), previous(m + 1), current(m + 1);
  for (size_t j = 0; j <= m; ++j) previous[j] = j;
  for (size_t i = 1; i <= n; ++i) {
    current[0] = i;
    for (size_t j = 1; j <= m; ++j) {
      const size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[m];
}

std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.empty() || word.size() > kLongestComparedWord) return std::nullopt;
  const size_t limit = allowed_distance(word.size());
  std::optional<std::string> best;
  size_t best_distance = limit + 1;
  for (const auto& candidate : candidates) {
    if (candidate.size() > kLongestComparedWord) continue;
    const size_t length_gap = candidate.size() > word.size() ? candidate.size() - word.size() : word.size() - candidate.size();
    if (length_gap > limit) continue;
    const size_t d = edit_distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

std::string unknown_name_hint(std::string_view word, const std::vector<std::string>& candidates,
                              std::string_view kind) {
  if (auto close = did_you_mean(word, candidates)) return "did you mean '" + *close + "'?";
  if (candidates.empty()) return "no " + std::string(kind) + " are defined";
  constexpr size_t kMaxListed = 12;
  if (candidates.size() > kMaxListed) {
    std::vector<std::string> first(candidates.begin(), candidates.begin() + kMaxListed);
    return "known " + std::string(kind) + ": " + join_names(first) + ", ...";
  }
  return "known " + std::string(kind) + ": " + join_names(candidates);
}

}  // namespace netkeel::site
