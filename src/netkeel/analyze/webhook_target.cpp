#include "netkeel/analyze/webhook_target.hpp"

#include "netkeel/analyze/json_post.hpp"
#include "netkeel/analyze/webhook_payload.hpp"

namespace netkeel::analyze {

WebhookTarget::WebhookTarget(std::shared_ptr<http::HttpClient> client, std::string url, std::string external_url,
                             std::chrono::milliseconds timeout)
    : client_(std::move(client)), url_(std::move(url)), external_url_(std::move(external_url)), timeout_(timeout) {}

DeliveryResult WebhookTarget::deliver(const std::vector<OutgoingAlert>& alerts) {
  DeliveryResult result;
  for (const auto& group : webhook_groups(alerts)) {
    const PostOutcome outcome = post_json(*client_, url_, webhook_payload(group, external_url_).dump(), timeout_, std::nullopt);
    if (outcome.delivered) {
      ++result.requests_sent;
      continue;
    }
    ++result.requests_failed;
    result.last_error = outcome.error;
    if (outcome.retry) result.retry.insert(result.retry.end(), group.alerts.begin(), group.alerts.end());
  }
  return result;
}

}  // namespace netkeel::analyze
