#pragma once
// Typed, diagnosing access to a yaml-cpp document: every read either returns a value or reports a
// FILE:LINE:COL error (with a hint) and returns nothing, so the loader can keep going and report all
// problems. Used only by the site loader.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "netkeel/core/diagnostic.hpp"
#include "netkeel/core/ipv4.hpp"
#include "netkeel/core/mac_address.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::site {

class YamlReader {
 public:
  // `node_budget` bounds the work on hostile input (aliases can make a small file expand hugely);
  // a 1,000-host site reads about 40,000 nodes.
  YamlReader(std::string file, Diagnostics& diagnostics, size_t node_budget = 250'000);

  SourceMark mark(const YAML::Node& node) const;
  void error(const YAML::Node& node, std::string message, std::string hint);
  Diagnostics& diagnostics() { return diagnostics_; }
  const std::string& file() const { return file_; }

  // Counts one node against the budget; false (after one diagnostic) once it is spent.
  bool visit(const YAML::Node& node);

  // Reads a mapping: records marks.self and marks.fields[key] (the value's mark), reports unknown keys
  // (with did-you-mean), duplicate keys and non-scalar keys, then calls on_field for each known key.
  // `what` names the mapping in messages ("switch 'tor1'"). Returns false when `node` is not a mapping.
  using FieldHandler = std::function<void(const std::string& key, const YAML::Node& value)>;
  bool read_mapping(const YAML::Node& node, std::string_view what, const std::vector<std::string>& keys,
                    Marks& marks, const FieldHandler& on_field);
  // A mapping with free-form keys (rack -> cidr, network -> address); reports duplicates and
  // non-scalar keys. marks.fields[prefix + key] gets each value's mark.
  bool read_dictionary(const YAML::Node& node, std::string_view what, Marks& marks, const std::string& prefix,
                       const FieldHandler& on_entry);
  // Calls on_item for each element of a sequence; false when `node` is not a sequence.
  bool read_sequence(const YAML::Node& node, std::string_view what,
                     const std::function<void(size_t index, const YAML::Node& item)>& on_item);

  std::optional<std::string> string(const YAML::Node& node, std::string_view what);
  std::optional<int64_t> integer(const YAML::Node& node, std::string_view what, int64_t min, int64_t max,
                                 std::string_view range_hint = {});
  std::optional<bool> boolean(const YAML::Node& node, std::string_view what);
  std::optional<Ipv4Address> ipv4_address(const YAML::Node& node, std::string_view what);
  std::optional<Ipv4Prefix> ipv4_prefix(const YAML::Node& node, std::string_view what);
  std::optional<Ipv4Range> ipv4_range(const YAML::Node& node, std::string_view what);
  std::optional<MacAddress> mac_address(const YAML::Node& node, std::string_view what);
  std::optional<uint64_t> speed_mbps(const YAML::Node& node, std::string_view what);
  // A list of names; marks.fields[field + "." + index] gets each element's mark.
  std::vector<std::string> string_list(const YAML::Node& node, std::string_view what, Marks& marks,
                                       const std::string& field);

  // One of a fixed set of words; the hint lists them all (and the closest one).
  template <class E>
  std::optional<E> choice(const YAML::Node& node, std::string_view what,
                          const std::vector<std::pair<std::string, E>>& options) {
    auto word = string(node, what);
    if (!word) return std::nullopt;
    std::vector<std::string> names;
    for (const auto& [name, value] : options) {
      if (name == *word) return value;
      names.push_back(name);
    }
    report_bad_choice(node, what, *word, names);
    return std::nullopt;
  }

 private:
  // Records `name` as seen at `key`; false (after a duplicate-key error naming the first line) if it was seen.
  bool first_occurrence(const YAML::Node& key, const std::string& name, std::string_view what,
                        std::map<std::string, SourceMark>& seen);
  void report_bad_choice(const YAML::Node& node, std::string_view what, const std::string& word,
                         const std::vector<std::string>& names);
  std::optional<std::string> scalar_text(const YAML::Node& node, std::string_view what,
                                         std::string_view expected);

  std::string file_;
  Diagnostics& diagnostics_;
  size_t budget_;
  bool budget_reported_ = false;
};

// A short rendering of a scalar for messages: quoted, cut at 40 characters.
std::string quote_for_message(std::string_view text);

}  // namespace netkeel::site
