#pragma once
// One metric family as the agent reports it: a name, a Prometheus type and help, and its samples
// (labels, value). The one walk over a snapshot (metric_families.hpp) produces these; the /metrics
// page and the shipped batch are both rendered from them, so the two can never drift apart.
#include <string>
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

}  // namespace netkeel::agent
