#pragma once
// Reads a Prometheus text exposition page (format 0.0.4) that another process serves, such as the
// keeper's /metrics that the agent ships on. The page comes over the network, so the reader is strict
// and bounded: a page, a sample count, a label count and every name and value have a ceiling, checked
// before anything is kept, and the first line that breaks the format rejects the whole page with its
// line and column (half a page would be worse than none: a histogram without its buckets, a state
// without its other states).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netkeel/core/error.hpp"

namespace netkeel {

struct PrometheusTextLimits {
  std::size_t max_page_bytes = 1 << 20;      // the whole page
  std::size_t max_samples = 10'000;          // sample lines
  std::size_t max_labels = 32;               // per sample
  std::size_t max_name_bytes = 200;          // a metric or label name
  std::size_t max_label_value_bytes = 1024;  // one label value, unescaped
};

struct PrometheusLabel {
  std::string name;
  std::string value;  // unescaped
  bool operator==(const PrometheusLabel&) const = default;
};

struct PrometheusSample {
  std::string metric;                   // as written: a histogram's x_bucket, a counter's x_total
  std::string type;                     // its family's # TYPE: counter, gauge, histogram, summary or untyped
  std::vector<PrometheusLabel> labels;  // in page order, names unique
  double value = 0;                     // NaN, +Inf and -Inf included
  std::optional<std::int64_t> timestamp_ms;
};

// What is wrong with a page, and where: "line L, column C: what; the fix".
class PrometheusTextError : public RuntimeError {
 public:
  using RuntimeError::RuntimeError;
};

// Every sample of PAGE. A sample belongs to the family of a # TYPE line with its own name, or, for the
// names a histogram (NAME_bucket, NAME_sum, NAME_count) or a summary (NAME_sum, NAME_count) adds, with
// that NAME; a sample of no declared family is untyped. # HELP lines and other comments are skipped.
// Throws PrometheusTextError on the first line that breaks the format or a limit: a bad or overlong
// name, a label named twice, an unterminated value, a bad escape, a value that is not a number, a
// # TYPE that is unknown, repeated or after its family's samples, more samples or labels than allowed,
// a page longer than allowed (checked first).
std::vector<PrometheusSample> parse_prometheus_text(std::string_view page, const PrometheusTextLimits& limits = {});

}  // namespace netkeel
