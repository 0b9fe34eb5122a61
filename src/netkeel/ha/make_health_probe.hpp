#pragma once
// The probe for one of a service's site-file checks, aimed at this host's own instance of the service
// (loopback: the keeper checks the service next to it, not the VIP, which may live elsewhere), at this
// host's NICs (link) or at the agent next to it (mesh).
#include <memory>
#include <string>
#include <vector>

#include "netkeel/ha/health_probe.hpp"
#include "netkeel/ha/health_state.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::ha {

struct ProbeContext {
  const site::Site& site;
  std::string host;                // this host
  std::string agent_metrics_url;   // mesh: the agent's /metrics
  const Clock& clock;
};

// nullptr for a dep check (judged from the keepers' reports, not probed). An http check goes to the
// service's first port. Throws UsageError for an http check of a service with no port, RuntimeError when
// a link check cannot subscribe to link events.
std::unique_ptr<HealthProbe> make_health_probe(const site::Service& service, const site::HealthCheck& check,
                                               const ProbeContext& context);

HealthTiming health_timing(const site::HealthCheck& check);

// A link check's NICs: HOST's NICs that carry NETWORK.
std::vector<std::string> link_check_nics(const site::Site& site, const std::string& host, const std::string& network);
// A mesh check's peers: every other host that carries NETWORK.
std::vector<std::string> mesh_check_peers(const site::Site& site, const std::string& host, const std::string& network);

}  // namespace netkeel::ha
