// Arbitrary bytes as a Prometheus text page (what the agent reads from its keeper): the reader either
// refuses the page with PrometheusTextError or returns samples within every limit, with names of the
// allowed characters and each label named once, whatever the input; small limits make them bite.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "netkeel/core/prometheus_text_parser.hpp"

namespace {

bool valid_name(std::string_view name, bool colon) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (const char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || (colon && c == ':')))
      return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  netkeel::PrometheusTextLimits limits;
  limits.max_page_bytes = 4096;
  limits.max_samples = 20;
  limits.max_labels = 4;
  limits.max_name_bytes = 16;
  limits.max_label_value_bytes = 16;
  std::vector<netkeel::PrometheusSample> samples;
  try {
    samples = netkeel::parse_prometheus_text(std::string_view(reinterpret_cast<const char*>(data), size), limits);
  } catch (const netkeel::PrometheusTextError&) {
    return 0;
  }
  if (size > limits.max_page_bytes || samples.size() > limits.max_samples) std::abort();
  for (const auto& s : samples) {
    if (!valid_name(s.metric, true) || s.metric.size() > limits.max_name_bytes) std::abort();
    if (s.labels.size() > limits.max_labels) std::abort();
    std::set<std::string> names;
    for (const auto& l : s.labels) {
      if (!valid_name(l.name, false) || l.name.size() > limits.max_name_bytes) std::abort();
      if (l.value.size() > limits.max_label_value_bytes || !names.insert(l.name).second) std::abort();
    }
  }
  return 0;
}
