#pragma once
// Checks the agent's flap damping flags before anything starts (FlapDamper itself would only throw
// at an interface's first event, long after startup).
#include "netkeel/core/flap_damper.hpp"

namespace netkeel::agent {

// Throws UsageError naming the flag, its value and the fix.
void check_flap_damping(const FlapDamperOptions& options);

}  // namespace netkeel::agent
