#include "netkeel/server/alerts_handler.hpp"

#include <nlohmann/json.hpp>

#include "netkeel/analyze/alert_json.hpp"
#include "netkeel/server/bad_request.hpp"

namespace netkeel::server {

ApiResponse handle_alerts(const QueryParameters& parameters, const AlertService* alerts) {
  try {
    reject_unknown_parameters(parameters, {"all"});
    const auto all = single_parameter(parameters, "all");
    if (all && *all != "0" && *all != "1") {
      throw BadRequest("all=" + *all + ": expected all=1 (also the alerts resolved in the last hour) or all=0");
    }
    if (alerts == nullptr) {
      return error_response(404, "the alert engine is off on this server (--no-alerts): start it without that flag");
    }
    return json_response(200, analyze::alerts_to_json(alerts->alerts(all && *all == "1")));
  } catch (const BadRequest& e) {
    return error_response(400, e.what());
  }
}

}  // namespace netkeel::server
