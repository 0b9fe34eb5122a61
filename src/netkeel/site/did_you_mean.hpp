#pragma once
// "Did you mean ...?" suggestions for misspelt keys, names and enum values.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netkeel::site {

// Optimal-string-alignment distance (Levenshtein plus adjacent transposition), case-insensitive.
size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate if it is close enough to be a plausible typo of `word`, else nullopt.
// Close enough: no edit (only case) for words of 1-2 characters, 1 edit up to 4, 2 up to 8, 3 beyond.
std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// A ready-made hint for an unknown name: "did you mean 'x'?" when one is close, otherwise the list of
// known `kind` (or "no <kind> are defined").
std::string unknown_name_hint(std::string_view word, const std::vector<std::string>& candidates,
                              std::string_view kind);

// The `name` of each item (switches, networks, hosts, services): the candidates for the hints above.
template <class T>
std::vector<std::string> names_of(const std::vector<T>& items) {
  std::vector<std::string> names;
  for (const auto& item : items) names.push_back(item.name);
  return names;
}

// "a, b, c" (the allowed values of an enum, the known names of a kind).
std::string join_names(const std::vector<std::string>& names);

}  // namespace netkeel::site
