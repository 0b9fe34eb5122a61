#pragma once
// One incident, one alert: a finding about pairs that a higher-level finding explains (host down, switch
// down, partition, loss to one target) is dropped, and its summary joins the explaining alert's
// description. Pure.
#include "netkeel/analyze/finding.hpp"

namespace netkeel::analyze {

Findings fold_findings(Findings findings);

}  // namespace netkeel::analyze
