// NetkeelLinkFlapping: a NIC the agent's flap damping holds as flapping, until it reports it up or down.
#include "netkeel/analyze/link_finding.hpp"
#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze {

void link_flapping_rule(const RuleContext& context, Findings& out) {
  for (const auto& [where, record] : context.links.links()) {
    const auto& [host, interface] = where;
    if (record.condition != LinkCondition::flapping || !watched_interface(context, host, interface)) continue;
    out.push_back(nic_finding(kLinkFlapping, host, interface, record.since_ms, "link flapping: " + interface + " of " + host,
                              host + " holds " + interface + " as flapping" + cabling_text(context, host, interface) +
                                  " (quick up/down changes; the raw changes are link_raw_* events); the alert clears "
                                  "when the agent reports the link stable (link_up or link_down)."));
  }
}

}  // namespace netkeel::analyze
