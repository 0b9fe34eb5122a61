#pragma once
// The networks the store holds probe series for: what the server knows of a site's networks (it has no
// site file), used to tell an unknown network from a known one that has no probes in a window.
#include <string>
#include <vector>

#include "netkeel/store/store.hpp"

namespace netkeel::server {

std::vector<std::string> probed_networks(store::Store& store);  // sorted, unique

// Throws BadRequest when `network` is not among `known` (and `known` is not empty: an empty store knows
// no network, so its empty matrix says nothing about the name). The message names the closest known
// network ("did you mean") or lists them all.
void reject_unknown_network(const std::string& network, const std::vector<std::string>& known);

}  // namespace netkeel::server
