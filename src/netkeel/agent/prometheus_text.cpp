#include "netkeel/agent/prometheus_text.hpp"

#include <fmt/format.h>

#include "netkeel/agent/metric_families.hpp"

namespace netkeel::agent {
namespace {

std::string format_value(double value, ValueFormat format) {
  switch (format) {
    case ValueFormat::integer: return fmt::format("{:.0f}", value);
    case ValueFormat::seconds: return fmt::format("{:.9f}", value);
    case ValueFormat::ratio: return fmt::format("{}", value);
  }
  return fmt::format("{}", value);
}

void render_sample(std::string& out, const std::string& name, const MetricSample& sample) {
  out += name;
  out += sample.suffix;
  if (!sample.labels.empty()) {
    out += '{';
    for (std::size_t i = 0; i < sample.labels.size(); ++i) {
      if (i) out += ',';
      out += fmt::format("{}=\"{}\"", sample.labels[i].name, escape_label_value(sample.labels[i].value));
    }
    out += '}';
  }
  out += ' ';
  out += format_value(sample.value, sample.format);
  out += '\n';
}

}  // namespace

std::string escape_label_value(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string render_prometheus_text(const std::vector<MetricFamily>& families) {
  std::string out;
  for (const auto& f : families) {
    if (!f.help.empty()) out += fmt::format("# HELP {} {}\n", f.name, f.help);
    out += fmt::format("# TYPE {} {}\n", f.name, f.type);
    for (const auto& sample : f.samples) render_sample(out, f.name, sample);
  }
  return out;
}

std::string render_prometheus_text(const AgentSnapshot& snapshot) { return render_prometheus_text(metric_families(snapshot)); }

}  // namespace netkeel::agent
