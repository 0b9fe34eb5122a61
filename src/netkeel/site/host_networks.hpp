#pragma once
// Which networks a host carries, the rule the validator and the planner share: a trunk NIC carries
// the networks it lists, or every network of the site when it lists none; an access NIC carries the
// networks it lists. A host carries every network any of its NICs carries, and it gets an address on
// each of them. Unknown network names are skipped (the validator reports them).
#include <vector>

#include "netkeel/site/site.hpp"

namespace netkeel::site {

// In site-file order of `site.networks`, without duplicates.
std::vector<const Network*> networks_carried_by(const Site& site, const Nic& nic);
std::vector<const Network*> networks_carried_by(const Site& site, const Host& host);

}  // namespace netkeel::site
