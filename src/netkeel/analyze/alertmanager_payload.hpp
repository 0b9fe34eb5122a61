#pragma once
// The body of Alertmanager's POST /api/v2/alerts (API v2, "postableAlerts"): a JSON array of
// {labels, annotations, startsAt, endsAt, generatorURL}, exactly what Prometheus sends.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "netkeel/analyze/outgoing_alert.hpp"

namespace netkeel::analyze {

nlohmann::json postable_alert_json(const OutgoingAlert& alert);

std::string alertmanager_post_body(const std::vector<OutgoingAlert>& alerts);

}  // namespace netkeel::analyze
