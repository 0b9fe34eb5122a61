#pragma once
// GET /api/v1/alerts[?all=1] (docs/api.md): the firing alerts, with all=1 also those resolved in the last
// hour, as {"alerts":[...]} (analyze/alert_json.hpp).
#include "netkeel/server/alert_service.hpp"
#include "netkeel/server/api_response.hpp"
#include "netkeel/server/query_parameters.hpp"

namespace netkeel::server {

// `alerts` null: the server runs with --no-alerts (404 saying so).
ApiResponse handle_alerts(const QueryParameters& parameters, const AlertService* alerts);

}  // namespace netkeel::server
