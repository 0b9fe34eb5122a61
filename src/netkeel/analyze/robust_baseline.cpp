#include "netkeel/analyze/robust_baseline.hpp"

#include <algorithm>
#include <cmath>

namespace netkeel::analyze {

void RobustBaseline::update(double value, std::int64_t elapsed_ms, const BaselineOptions& options) {
  if (count_ == 0) {
    restart(value);
    return;
  }
  const double decay = options.half_life_ms > 0
                           ? 1 - std::exp2(-static_cast<double>(std::max<std::int64_t>(elapsed_ms, 0)) /
                                           static_cast<double>(options.half_life_ms))
                           : 1;
  const double weight = std::max(decay, 1.0 / static_cast<double>(count_ + 1));
  deviation_ += weight * (std::abs(value - center_) - deviation_);
  center_ += weight * (value - center_);
  ++count_;
}

void RobustBaseline::restart(double value) {
  center_ = value;
  deviation_ = 0;
  count_ = 1;
}

double RobustBaseline::spread(const BaselineOptions& options) const {
  return std::max({1.25 * deviation_, options.relative_floor * std::abs(center_), options.absolute_floor,
                   1e-12});
}

double RobustBaseline::score(double value, const BaselineOptions& options) const {
  return (value - center_) / spread(options);
}

}  // namespace netkeel::analyze
