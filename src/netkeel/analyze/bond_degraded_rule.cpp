// NetkeelBondDegraded: a bond with a member the bond may not use (netkeel_bond_member_up 0).
#include <map>

#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze {

void bond_degraded_rule(const RuleContext& context, Findings& out) {
  struct Bond {
    std::vector<std::string> up, down;
    TimestampMs since = 0;
  };
  std::map<std::pair<std::string, std::string>, Bond> bonds;
  for (const auto& [where, record] : context.links.bond_members()) {
    const auto& [host, bond, member] = where;
    Bond& b = bonds[{host, bond}];
    if (record.up) {
      b.up.push_back(member);
    } else {
      b.since = b.down.empty() ? record.at_ms : std::min(b.since, record.at_ms);
      b.down.push_back(member);
    }
  }
  for (const auto& [where, b] : bonds) {
    if (b.down.empty()) continue;
    const auto& [host, bond] = where;
    const std::size_t total = b.up.size() + b.down.size();
    const std::string down = join(b.down);
    Finding finding;
    Alert& alert = finding.alert;
    alert.name = kBondDegraded;
    alert.severity = b.up.empty() ? Severity::critical : Severity::warning;
    alert.since_unix_ms = b.since;
    alert.labels = {{"host", host}, {"bond", bond}};
    alert.culprit = b.down.size() == 1 ? Culprit{"nic", host + ":" + b.down.front()} : Culprit{"host", host};
    alert.summary = bond + " of " + host + " runs on " + std::to_string(b.up.size()) + " of " + std::to_string(total) +
                    " members";
    alert.description = "members the bond may not use (netkeel_bond_member_up 0): " + down +
                        "; the alert clears when every member is up again.";
    out.push_back(std::move(finding));
  }
}

}  // namespace netkeel::analyze
