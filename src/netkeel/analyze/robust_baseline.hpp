#pragma once
// A series' normal level, for anomaly detection (docs/alerts.md, NetkeelAnomaly): an exponentially
// weighted center and mean absolute deviation over its normal values. The caller feeds it only values
// it judged normal, so an anomaly does not drag the baseline along while it lasts. Cheap (three numbers
// per series, so every pair of a 300-host site fits) and explainable ("p50 4.1 ms, normally 0.3 ms").
// Pure.
#include <cstddef>
#include <cstdint>

namespace netkeel::analyze {

struct BaselineOptions {
  std::int64_t half_life_ms = 1'800'000;  // a value's weight halves after this much time
  std::size_t warmup = 60;                // values seen before the baseline judges anything
  double relative_floor = 0.25;           // the spread is at least this share of the center...
  double absolute_floor = 0;              // ...and at least this (in the series' unit)
};

class RobustBaseline {
 public:
  // Adds a normal value seen `elapsed_ms` after the previous one. Until warm, the center is the plain
  // mean of what it saw (so the first values do not weigh less than later ones).
  void update(double value, std::int64_t elapsed_ms, const BaselineOptions& options);
  // Starts again from one value: a lasting change became the new normal.
  void restart(double value);

  bool warm(const BaselineOptions& options) const { return count_ >= options.warmup; }
  double center() const { return center_; }
  // How far from the center a value may normally be: 1.25 x the mean absolute deviation (about one
  // standard deviation for normal noise), but never under the floors.
  double spread(const BaselineOptions& options) const;
  // How many spreads above the center VALUE is (negative below it).
  double score(double value, const BaselineOptions& options) const;
  std::size_t count() const { return count_; }

 private:
  double center_ = 0;
  double deviation_ = 0;
  std::size_t count_ = 0;
};

}  // namespace netkeel::analyze
