#include "netkeel/agent/flap_damping_check.hpp"

#include <fmt/format.h>

#include "netkeel/core/error.hpp"

namespace netkeel::agent {
namespace {

double seconds(Nanoseconds d) { return double(d.count()) / 1e9; }

}  // namespace

void check_flap_damping(const FlapDamperOptions& o) {
  if (!(o.penalty_per_flap > 0))
    throw UsageError(fmt::format("--flap-penalty {}: must be positive (default 1000)", o.penalty_per_flap));
  if (!(o.suppress_above > 0))
    throw UsageError(fmt::format("--flap-suppress {}: must be positive (default 2500)", o.suppress_above));
  if (!(o.reuse_below > 0 && o.reuse_below < o.suppress_above))
    throw UsageError(fmt::format("--flap-reuse {} with --flap-suppress {}: need 0 < --flap-reuse < --flap-suppress, "
                                 "or flapping could never start or never end (defaults 800 and 2500)",
                                 o.reuse_below, o.suppress_above));
  if (o.half_life <= Nanoseconds(0))
    throw UsageError(fmt::format("--flap-half-life {}: must be a positive number of seconds (default 15)", seconds(o.half_life)));
  if (o.up_hold < Nanoseconds(0))
    throw UsageError(fmt::format("--flap-up-hold {}: must be 0 or more seconds (default 1)", seconds(o.up_hold)));
  if (o.forget_after <= Nanoseconds(0))
    throw UsageError(fmt::format("--flap-forget {}: must be a positive number of seconds (default 60)", seconds(o.forget_after)));
}

}  // namespace netkeel::agent
