#pragma once
// One metric family as the agent reports it: a name, a Prometheus type and help, and its samples
// (labels, value). The one walk over a snapshot (metric_families.hpp) hands them to a MetricSink one
// sample at a time; the /metrics page and the shipped batch are both written from that walk, so the
// two can never drift apart. MetricFamily is the same data held in memory (tests, the shipping
// counters' few families).
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "netkeel/store/series.hpp"

namespace netkeel::agent {

// How the page prints a value (the batch stores the double either way).
enum class ValueFormat {
  integer,  // counters and 0/1 gauges: no decimals, exact for every count below 2^53
  seconds,  // nine decimals: nanosecond resolution
  ratio,    // shortest round-trip form
};

struct MetricSample {
  std::string suffix;               // appended to the family's name: "" or a summary's "_sum" / "_count"
  std::vector<store::Label> labels; // in page order; an empty value is printed on the page, left out of the batch
  double value = 0;
  ValueFormat format = ValueFormat::integer;
  // Not shipped: a figure the batch already carries in finer form (the RTT quantiles and the
  // interval's min/avg/max/loss are computed from the per-reply RTT samples and the counters).
  bool page_only = false;
};

struct MetricFamily {
  std::string name;
  std::string type;  // counter, gauge, summary, untyped
  std::string help;  // "" = no HELP line
  std::vector<MetricSample> samples;

  // Adds a sample with the family's usual format; returns it for the odd field to change.
  MetricSample& add(std::vector<store::Label> labels, double value, ValueFormat format = ValueFormat::integer) {
    samples.push_back(MetricSample{"", std::move(labels), value, format, false});
    return samples.back();
  }
};

// A label as the walk hands it over: views valid only for the duration of one MetricSink::sample()
// call, so a page of thousands of probe series allocates no label strings.
struct LabelView {
  std::string_view name;
  std::string_view value;
};

// Receives the walk's families in page order: family() opens one, sample() adds to the open one.
// The views passed to either call are only valid during it.
class MetricSink {
 public:
  virtual void family(std::string_view name, std::string_view type, std::string_view help) = 0;
  virtual void sample(std::string_view suffix, std::span<const LabelView> labels, double value, ValueFormat format,
                      bool page_only) = 0;

 protected:
  ~MetricSink() = default;
};

}  // namespace netkeel::agent
