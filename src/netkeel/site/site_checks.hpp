#pragma once
// The validator's groups of checks, one file each; site_validator.cpp runs them all. Each appends
// every problem it finds and never stops at the first.
#include "netkeel/core/diagnostic.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::site {

// Duplicate names, host ids, MACs and switch ports.
void check_uniqueness(const Site& site, Diagnostics& out);
// fabric layer and MTU, switch MLAG peers and uplinks, network MTUs, default routes, shared VLANs.
void check_fabric(const Site& site, Diagnostics& out);
// NICs to switches and networks, access-port VLANs, bonds and their mode overrides, interface names.
void check_cabling(const Site& site, Diagnostics& out);
// Subnets, gateways, VIP ranges and every host address (through site/addressing.hpp's rule).
void check_addressing(const Site& site, Diagnostics& out);
// Service networks, hosts, VIPs and the dependency graph.
void check_services(const Site& site, Diagnostics& out);
// The coordination section: etcd members are distinct hosts with an address on its network; a
// member count that weakens the cluster (even, or more than 7) is a warning.
void check_coordination(const Site& site, Diagnostics& out);
// The placement section: anti-affinity groups of two or more distinct services of this site.
void check_placement(const Site& site, Diagnostics& out);

}  // namespace netkeel::site
