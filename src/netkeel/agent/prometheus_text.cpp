#include "netkeel/agent/prometheus_text.hpp"

#include <fmt/format.h>

#include <iterator>

#include "netkeel/agent/metric_families.hpp"
#include "netkeel/core/prometheus_label.hpp"

namespace netkeel::agent {
namespace {

void append_escaped(std::string& out, std::string_view value) { append_prometheus_label_value(out, value); }

void append_value(std::string& out, double value, ValueFormat format) {
  auto to = std::back_inserter(out);
  switch (format) {
    case ValueFormat::integer: fmt::format_to(to, "{:.0f}", value); return;
    case ValueFormat::seconds: fmt::format_to(to, "{:.9f}", value); return;
    case ValueFormat::ratio: fmt::format_to(to, "{}", value); return;
  }
  fmt::format_to(to, "{}", value);
}

// Appends each line to the page as the walk hands it over.
class PageWriter final : public MetricSink {
 public:
  explicit PageWriter(std::string& out) : out_(out) {}

  void family(std::string_view name, std::string_view type, std::string_view help) override {
    name_.assign(name);  // the walk's view may not outlive this call
    if (!help.empty()) append_line("# HELP ", name, help);
    append_line("# TYPE ", name, type);
  }

  void sample(std::string_view suffix, std::span<const LabelView> labels, double value, ValueFormat format, bool) override {
    out_ += name_;
    out_ += suffix;
    if (!labels.empty()) {
      out_ += '{';
      for (std::size_t i = 0; i < labels.size(); ++i) {
        if (i) out_ += ',';
        out_ += labels[i].name;
        out_ += "=\"";
        append_escaped(out_, labels[i].value);
        out_ += '"';
      }
      out_ += '}';
    }
    out_ += ' ';
    append_value(out_, value, format);
    out_ += '\n';
  }

 private:
  void append_line(std::string_view head, std::string_view name, std::string_view text) {
    out_ += head;
    out_ += name;
    out_ += ' ';
    out_ += text;
    out_ += '\n';
  }

  std::string& out_;
  std::string name_;
};

}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  append_escaped(out, value);
  return out;
}

void render_prometheus_text(const AgentSnapshot& snapshot, std::string& out) {
  out.clear();
  PageWriter writer(out);
  walk_metric_families(snapshot, writer);
}

std::string render_prometheus_text(const AgentSnapshot& snapshot) {
  std::string out;
  render_prometheus_text(snapshot, out);
  return out;
}

std::string render_prometheus_text(const std::vector<MetricFamily>& families) {
  std::string out;
  PageWriter writer(out);
  walk_metric_families(families, writer);
  return out;
}

}  // namespace netkeel::agent
