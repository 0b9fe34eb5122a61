#include "netkeel/server/site_hosts.hpp"

#include <algorithm>
#include <set>

#include "netkeel/site/did_you_mean.hpp"

namespace netkeel::server {

std::vector<std::string> site_host_names(const analyze::SiteProbePaths& paths) {
  std::set<std::string> names;
  for (const auto& [network, network_paths] : paths) {
    for (const analyze::NetworkComponent& c : network_paths.components) {
      if (c.kind == analyze::ComponentKind::host) names.insert(c.name);
    }
  }
  return {names.begin(), names.end()};
}

std::optional<ApiResponse> unknown_host_response(const analyze::SiteProbePaths& paths, const std::string& parameter,
                                                 const std::string& host) {
  const std::vector<std::string> known = site_host_names(paths);
  if (std::find(known.begin(), known.end(), host) != known.end()) return std::nullopt;
  std::string message = "parameter " + parameter + "=" + host + ": the site file has no host of that name";
  if (const auto close = site::did_you_mean(host, known)) message += "; did you mean '" + *close + "'?";
  return error_response(404, message + " (its hosts: " + site::join_names(known) + ")");
}

}  // namespace netkeel::server
