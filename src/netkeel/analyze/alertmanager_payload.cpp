#include "netkeel/analyze/alertmanager_payload.hpp"

#include "netkeel/core/rfc3339_time.hpp"

namespace netkeel::analyze {

nlohmann::json postable_alert_json(const OutgoingAlert& alert) {
  return {{"labels", alert.labels},
          {"annotations", alert.annotations},
          {"startsAt", format_rfc3339_ms(alert.starts_at_ms)},
          {"endsAt", format_rfc3339_ms(alert.ends_at_ms)},
          {"generatorURL", alert.generator_url}};
}

std::string alertmanager_post_body(const std::vector<OutgoingAlert>& alerts) {
  auto body = nlohmann::json::array();
  for (const auto& alert : alerts) body.push_back(postable_alert_json(alert));
  return body.dump();
}

}  // namespace netkeel::analyze
