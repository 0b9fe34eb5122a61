#include "netkeel/analyze/alertmanager_target.hpp"

#include <algorithm>

#include "netkeel/analyze/alertmanager_payload.hpp"
#include "netkeel/analyze/json_post.hpp"

namespace netkeel::analyze {

AlertmanagerTarget::AlertmanagerTarget(std::shared_ptr<http::HttpClient> client, std::string base_url,
                                       std::chrono::milliseconds timeout, std::optional<std::string> bearer_token)
    : client_(std::move(client)), base_url_(std::move(base_url)), timeout_(timeout), bearer_token_(std::move(bearer_token)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
  post_url_ = base_url_ + "/api/v2/alerts";
}

DeliveryResult AlertmanagerTarget::deliver(const std::vector<OutgoingAlert>& alerts) {
  DeliveryResult result;
  for (std::size_t first = 0; first < alerts.size(); first += kAlertmanagerMaxBatch) {
    const std::vector<OutgoingAlert> batch(alerts.begin() + static_cast<std::ptrdiff_t>(first),
                                           alerts.begin() + static_cast<std::ptrdiff_t>(std::min(alerts.size(), first + kAlertmanagerMaxBatch)));
    const PostOutcome outcome = post_json(*client_, post_url_, alertmanager_post_body(batch), timeout_, bearer_token_);
    if (outcome.delivered) {
      ++result.requests_sent;
      continue;
    }
    ++result.requests_failed;
    result.last_error = outcome.error;
    if (outcome.retry) result.retry.insert(result.retry.end(), batch.begin(), batch.end());
  }
  return result;
}

}  // namespace netkeel::analyze
