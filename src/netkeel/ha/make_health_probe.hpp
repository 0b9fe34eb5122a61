#pragma once
// The probe for a service's site-file check, aimed at this host's own instance of the service
// (loopback: the keeper checks the service next to it, not the VIP, which may live elsewhere).
#include <memory>

#include "netkeel/ha/health_probe.hpp"
#include "netkeel/ha/health_state.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::ha {

// nullptr for a service without a check (it is then judged by its host alone). An http check goes to
// the service's first port. Throws UsageError for an http check of a service with no port.
std::unique_ptr<HealthProbe> make_health_probe(const site::Service& service);

HealthTiming health_timing(const site::HealthCheck& check);

}  // namespace netkeel::ha
