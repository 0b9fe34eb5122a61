#include "netkeel/server/probed_networks.hpp"

#include <algorithm>
#include <set>

#include "netkeel/server/bad_request.hpp"
#include "netkeel/site/did_you_mean.hpp"
#include "netkeel/store/probe_matrix.hpp"

namespace netkeel::server {

std::vector<std::string> probed_networks(store::Store& store) {
  std::set<std::string> networks;
  for (const store::LatestValue& value : store.latest(store::SeriesSelector{store::probe_sent_metric, {}})) {
    const std::string_view network = value.series.label("network");
    if (!network.empty()) networks.emplace(network);
  }
  return {networks.begin(), networks.end()};
}

void reject_unknown_network(const std::string& network, const std::vector<std::string>& known) {
  if (known.empty() || std::find(known.begin(), known.end(), network) != known.end()) return;
  std::string message = "parameter network=" + network + ": no host probes a network of that name";
  if (const auto close = site::did_you_mean(network, known)) message += "; did you mean '" + *close + "'?";
  throw BadRequest(message + " (networks with probes: " + site::join_names(known) + ")");
}

}  // namespace netkeel::server
