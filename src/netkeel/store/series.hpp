#pragma once
// A series is one metric name plus a label set sorted by name: netkeel_probe_rtt_seconds{dst,kind,network,src}.
#include <string>
#include <string_view>
#include <vector>

namespace netkeel::store {

struct Label {
  std::string name;
  std::string value;
  bool operator==(const Label&) const = default;
  auto operator<=>(const Label&) const = default;
};

struct Series {
  std::string metric;
  std::vector<Label> labels;  // sorted by name, names unique (make_series guarantees it)

  // The value of label `name`, or "" when the series has no such label (Prometheus semantics).
  std::string_view label(std::string_view name) const;
  bool operator==(const Series&) const = default;
};

// Builds a Series with its labels sorted; throws InvalidBatch on a bad metric or label name or a
// duplicate label name.
Series make_series(std::string metric, std::vector<Label> labels);

// metric{a="x",b="y"}: one string per series identity (values escaped like the Prometheus text format).
std::string canonical_key(const Series& series);

bool is_valid_metric_name(std::string_view name);  // [a-zA-Z_:][a-zA-Z0-9_:]*
bool is_valid_label_name(std::string_view name);   // [a-zA-Z_][a-zA-Z0-9_]*

}  // namespace netkeel::store
