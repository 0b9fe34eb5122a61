#include "netkeel/site/yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include <fmt/format.h>

#include "netkeel/core/speed.hpp"
#include "netkeel/site/did_you_mean.hpp"

namespace netkeel::site {
namespace {

std::string describe_type(const YAML::Node& node) {
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  if (node.IsNull()) return "empty";
  return "a single value";
}

}  // namespace

std::string quote_for_message(std::string_view text) {
  constexpr size_t kLongest = 40;
  std::string shown;
  for (char c : text.substr(0, kLongest)) {
    const auto u = static_cast<unsigned char>(c);
    shown += (u < 0x20 || u == 0x7f) ? '?' : c;  // keep terminals and log files readable
  }
  if (text.size() > kLongest) shown += "...";
  return "'" + shown + "'";
}

YamlReader::YamlReader(std::string file, Diagnostics& diagnostics, size_t node_budget)
    : file_(std::move(file)), diagnostics_(diagnostics), budget_(node_budget) {}

SourceMark YamlReader::mark(const YAML::Node& node) const {
  const YAML::Mark m = node.Mark();
  if (m.line < 0 || m.column < 0) return SourceMark{file_, 0, 0};
  return SourceMark{file_, m.line + 1, m.column + 1};
}

void YamlReader::error(const YAML::Node& node, std::string message, std::string hint) {
  diagnostics_.error(mark(node), std::move(message), std::move(hint));
}

bool YamlReader::visit(const YAML::Node& node) {
  if (budget_ > 0) {
    --budget_;
    return true;
  }
  if (!budget_reported_) {
    budget_reported_ = true;
    error(node, "the document is too large to check (too many nodes, often from YAML aliases)",
          "write the site without deep alias reuse; a site file has at most some tens of thousands of entries");
  }
  return false;
}

bool YamlReader::read_mapping(const YAML::Node& node, std::string_view what, const std::vector<std::string>& keys,
                              Marks& marks, const FieldHandler& on_field) {
  marks.self = mark(node);
  if (!visit(node)) return false;
  if (!node.IsMap()) {
    error(node, fmt::format("{} must be a mapping (key: value), but it is {}", what, describe_type(node)),
          node.IsSequence() ? "remove the '- ' list markers (or the [ ]) and write key: value pairs"
                            : "write it as key: value pairs, e.g. {name: x, ...}");
    return false;
  }
  std::map<std::string, SourceMark> seen;
  std::vector<std::pair<std::string, YAML::Node>> known;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key = it->first;
    const YAML::Node value = it->second;
    if (!visit(key)) return false;
    if (!key.IsScalar()) {
      error(key, fmt::format("{} has a key that is {}, not a name", what, describe_type(key)),
            "keys are plain words such as 'name' or 'mtu'");
      continue;
    }
    const std::string name = key.Scalar();
    if (!first_occurrence(key, name, what, seen)) continue;
    if (std::find(keys.begin(), keys.end(), name) == keys.end()) {
      auto close = did_you_mean(name, keys);
      error(key, fmt::format("unknown key {} in {}", quote_for_message(name), what),
            close ? fmt::format("did you mean '{}'?", *close) : "allowed keys: " + join_names(keys));
      continue;
    }
    const SourceMark value_mark = mark(value);
    marks.fields[name] = value_mark.known() ? value_mark : mark(key);
    known.emplace_back(name, value);
  }
  for (const auto& [name, value] : known) on_field(name, value);
  return true;
}

bool YamlReader::first_occurrence(const YAML::Node& key, const std::string& name, std::string_view what,
                                  std::map<std::string, SourceMark>& seen) {
  if (auto first = seen.find(name); first != seen.end()) {
    error(key, fmt::format("duplicate key '{}' in {} (first given at line {})", name, what, first->second.line),
          "remove one of the two; YAML keeps only one of them");
    return false;
  }
  seen[name] = mark(key);
  return true;
}

bool YamlReader::read_dictionary(const YAML::Node& node, std::string_view what, Marks& marks,
                                 const std::string& prefix, const FieldHandler& on_entry) {
  if (!visit(node)) return false;
  if (!node.IsMap()) {
    error(node, fmt::format("{} must be a mapping, but it is {}", what, describe_type(node)),
          "write it as name: value pairs");
    return false;
  }
  std::map<std::string, SourceMark> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key = it->first;
    const YAML::Node value = it->second;
    if (!visit(key)) return false;
    if (!key.IsScalar() || key.Scalar().empty()) {
      error(key, fmt::format("{} has a key that is {}, not a name", what, describe_type(key)),
            "keys are names, e.g. a rack name or a network name");
      continue;
    }
    const std::string name = key.Scalar();
    if (!first_occurrence(key, name, what, seen)) continue;
    const SourceMark value_mark = mark(value);
    marks.fields[prefix + name] = value_mark.known() ? value_mark : mark(key);
    on_entry(name, value);
  }
  return true;
}

bool YamlReader::read_sequence(const YAML::Node& node, std::string_view what,
                               const std::function<void(size_t, const YAML::Node&)>& on_item) {
  if (!visit(node)) return false;
  if (!node.IsSequence()) {
    error(node, fmt::format("{} must be a list, but it is {}", what, describe_type(node)),
          "write one '- item' per line, or [a, b]");
    return false;
  }
  size_t index = 0;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!visit(*it)) return false;
    on_item(index++, *it);
  }
  return true;
}

std::optional<std::string> YamlReader::scalar_text(const YAML::Node& node, std::string_view what,
                                                   std::string_view expected) {
  if (!visit(node)) return std::nullopt;
  if (node.IsScalar()) return node.Scalar();
  if (node.IsNull()) {
    error(node, fmt::format("{} is empty", what), fmt::format("give {}", expected));
  } else {
    error(node, fmt::format("{} must be {}, but it is {}", what, expected, describe_type(node)),
          node.IsSequence() ? "give a single value, not a list" : "give a single value, not a mapping");
  }
  return std::nullopt;
}

std::optional<std::string> YamlReader::string(const YAML::Node& node, std::string_view what) {
  auto text = scalar_text(node, what, "a value");
  if (text && text->empty()) {
    error(node, fmt::format("{} is an empty string", what), "give a non-empty value");
    return std::nullopt;
  }
  return text;
}

std::optional<int64_t> YamlReader::integer(const YAML::Node& node, std::string_view what, int64_t min, int64_t max,
                                           std::string_view range_hint) {
  auto text = scalar_text(node, what, "a whole number");
  if (!text) return std::nullopt;
  int64_t value = 0;
  const char* begin = text->data();
  const char* end = begin + text->size();
  if (begin != end && *begin == '+') ++begin;
  auto [stop, ec] = std::from_chars(begin, end, value);
  const std::string hint = range_hint.empty() ? fmt::format("use a whole number from {} to {}", min, max)
                                              : std::string(range_hint);
  if (begin == end || ec != std::errc{} || stop != end) {
    error(node, fmt::format("{} must be a whole number, not {}", what, quote_for_message(*text)), hint);
    return std::nullopt;
  }
  if (value < min || value > max) {
    error(node, fmt::format("{} {} is out of range ({}-{})", what, value, min, max), hint);
    return std::nullopt;
  }
  return value;
}

std::optional<bool> YamlReader::boolean(const YAML::Node& node, std::string_view what) {
  auto text = scalar_text(node, what, "true or false");
  if (!text) return std::nullopt;
  if (*text == "true" || *text == "True" || *text == "TRUE") return true;
  if (*text == "false" || *text == "False" || *text == "FALSE") return false;
  error(node, fmt::format("{} must be true or false, not {}", what, quote_for_message(*text)),
        "write true or false");
  return std::nullopt;
}

std::optional<Ipv4Address> YamlReader::ipv4_address(const YAML::Node& node, std::string_view what) {
  auto text = scalar_text(node, what, "an IPv4 address");
  if (!text) return std::nullopt;
  if (auto address = Ipv4Address::parse(*text)) return address;
  std::string hint = "write a dotted quad such as 10.0.0.1 (four numbers 0-255, no leading zeros)";
  if (text->find('/') != std::string::npos) hint = "write the address without a prefix length, e.g. 10.0.0.1";
  error(node, fmt::format("{} is not a valid IPv4 address: {}", what, quote_for_message(*text)), hint);
  return std::nullopt;
}

std::optional<Ipv4Prefix> YamlReader::ipv4_prefix(const YAML::Node& node, std::string_view what) {
  auto text = scalar_text(node, what, "a CIDR such as 10.0.0.0/24");
  if (!text) return std::nullopt;
  if (auto prefix = Ipv4Prefix::parse(*text)) return prefix;
  if (auto loose = Ipv4Prefix::parse(*text, false)) {
    error(node, fmt::format("{} {} has host bits set", what, quote_for_message(*text)),
          fmt::format("did you mean {}?", loose->str()));
  } else {
    error(node, fmt::format("{} is not a valid CIDR: {}", what, quote_for_message(*text)),
          text->find('/') == std::string::npos ? "add the prefix length, e.g. 10.0.0.0/24"
                                               : "write ADDRESS/LENGTH, e.g. 10.0.0.0/24 (length 0-32)");
  }
  return std::nullopt;
}

std::optional<Ipv4Range> YamlReader::ipv4_range(const YAML::Node& node, std::string_view what) {
  auto text = scalar_text(node, what, "an address range such as 10.0.0.200-10.0.0.250");
  if (!text) return std::nullopt;
  if (auto range = Ipv4Range::parse(*text)) return range;
  auto dash = text->find('-');
  std::string hint = "write FIRST-LAST, e.g. 10.0.0.200-10.0.0.250";
  if (dash != std::string::npos) {
    auto first = Ipv4Address::parse(std::string_view(*text).substr(0, dash));
    auto last = Ipv4Address::parse(std::string_view(*text).substr(dash + 1));
    if (first && last && *last < *first) hint = "the first address must not be above the last; swap them";
  }
  error(node, fmt::format("{} is not a valid address range: {}", what, quote_for_message(*text)), hint);
  return std::nullopt;
}

std::optional<MacAddress> YamlReader::mac_address(const YAML::Node& node, std::string_view what) {
  auto text = scalar_text(node, what, "a MAC address");
  if (!text) return std::nullopt;
  if (auto mac = MacAddress::parse(*text)) {
    if (mac->is_multicast()) {
      error(node, fmt::format("{} {} is a multicast address, not a NIC's", what, quote_for_message(*text)),
            "copy the NIC's MAC from `ip link` (the first byte of a NIC's MAC is even)");
      return std::nullopt;
    }
    if (mac->is_zero()) {
      error(node, fmt::format("{} is all zeros", what), "copy the NIC's MAC from `ip link`");
      return std::nullopt;
    }
    return mac;
  }
  error(node, fmt::format("{} is not a valid MAC address: {}", what, quote_for_message(*text)),
        "write six two-digit hex groups, e.g. \"3c:fd:fe:00:01:01\" (quote it in YAML)");
  return std::nullopt;
}

std::optional<uint64_t> YamlReader::speed_mbps(const YAML::Node& node, std::string_view what) {
  auto text = scalar_text(node, what, "a speed such as 10G");
  if (!text) return std::nullopt;
  if (auto speed = parse_speed_mbps(*text)) return speed;
  error(node, fmt::format("{} is not a valid speed: {}", what, quote_for_message(*text)),
        "write one of the Ethernet speeds: " + ethernet_speeds_text());
  return std::nullopt;
}

std::vector<std::string> YamlReader::string_list(const YAML::Node& node, std::string_view what, Marks& marks,
                                                 const std::string& field) {
  std::vector<std::string> out;
  if (!visit(node)) return out;
  if (!node.IsSequence()) {
    error(node, fmt::format("{} must be a list of names, but it is {}", what, describe_type(node)),
          node.IsScalar() ? fmt::format("write [{}]", node.Scalar()) : "write [a, b, ...]");
    return out;
  }
  size_t index = 0;
  for (auto it = node.begin(); it != node.end(); ++it, ++index) {
    std::optional<std::string> item;
    if (it->IsScalar() && !it->Scalar().empty()) {
      if (!visit(*it)) break;
      item = it->Scalar();
    } else {
      item = string(*it, fmt::format("entry {} of {}", index + 1, what));  // reports why
    }
    if (!item) continue;
    const SourceMark item_mark = mark(*it);
    marks.fields[field + "." + std::to_string(out.size())] = item_mark.known() ? item_mark : marks.of(field);
    out.push_back(*item);
  }
  return out;
}

void YamlReader::report_bad_choice(const YAML::Node& node, std::string_view what, const std::string& word,
                                   const std::vector<std::string>& names) {
  std::string hint = "use one of: " + join_names(names);
  if (auto close = did_you_mean(word, names)) hint = fmt::format("did you mean '{}'? ({})", *close, hint);
  error(node, fmt::format("{} has an unknown value {}", what, quote_for_message(word)), hint);
}

}  // namespace netkeel::site
