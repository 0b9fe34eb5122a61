#pragma once
// `netkeel alerts` as a table: name, severity, network, culprit, since, summary (and state, with --all).
// Pure.
#include <string>
#include <vector>

#include "netkeel/analyze/alert.hpp"

namespace netkeel::analyze {

// "no alerts firing" (or "no alerts firing or resolved in the last hour" with `with_state`) when empty.
std::string render_alert_table(const std::vector<Alert>& alerts, bool with_state);

}  // namespace netkeel::analyze
