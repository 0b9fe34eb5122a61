#include "netkeel/analyze/alert.hpp"

namespace netkeel::analyze {

std::string to_string(AlertState state) { return state == AlertState::firing ? "firing" : "resolved"; }

std::string to_string(Severity severity) { return severity == Severity::critical ? "critical" : "warning"; }

}  // namespace netkeel::analyze
