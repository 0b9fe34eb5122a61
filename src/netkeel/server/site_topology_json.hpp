#pragma once
// GET /api/v1/topology: the site file's physical shape for the dashboard, which draws it and groups the
// heatmap by it: racks, switches (MLAG peer, uplinks), hosts with their NICs and where each is cabled.
// Pure.
#include <nlohmann/json.hpp>

#include "netkeel/site/site.hpp"

namespace netkeel::server {

// {"site", "racks": [names, sorted; "" for switches and hosts without a rack, e.g. spines],
//  "switches": [{"name", "rack", "mlag_peer", "uplinks": []}],
//  "hosts": [{"name", "rack", "nics": [{"name", "switch", "port"}]}], "networks": [names]}
// in site-file order; absent rack / mlag_peer are "".
nlohmann::json site_topology_json(const site::Site& site);

}  // namespace netkeel::server
