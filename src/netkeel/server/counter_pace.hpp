#pragma once
// A counter's pace now and before, as the diagnose endpoints compare them: the increase over the window and
// its rate over the time the samples span (a window or baseline only partly covered is not diluted), over
// the window and over the hour before it.
#include <string>

#include "netkeel/analyze/host_diagnosis.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::server {

// The baseline every diagnose endpoint compares the window with: the hour before the window.
inline constexpr std::int64_t kDiagnoseBaselineMs = 3600 * 1000;

// `name` labels the answer; the series matching `selector` are summed. per_s / baseline_per_s are NaN where
// fewer than two samples lie in that span.
analyze::CounterPace counter_pace(store::Store& store, const std::string& name, const store::SeriesSelector& selector,
                                  store::TimestampMs start_ms, store::TimestampMs end_ms,
                                  const store::QueryDeadline& deadline);

}  // namespace netkeel::server
