// NetkeelLinkDown: a NIC whose damped state is down (the agent's link_down event), until its link_up.
#include "netkeel/analyze/link_finding.hpp"
#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze {

void link_down_rule(const RuleContext& context, Findings& out) {
  for (const auto& [where, record] : context.links.links()) {
    const auto& [host, interface] = where;
    if (record.condition != LinkCondition::down || !watched_interface(context, host, interface)) continue;
    out.push_back(nic_finding(kLinkDown, host, interface, record.since_ms, "link down: " + interface + " of " + host,
                              host + " reported " + interface + " down" + cabling_text(context, host, interface) +
                                  "; the alert clears with its link_up (up for the agent's --flap-up-hold)."));
  }
}

}  // namespace netkeel::analyze
