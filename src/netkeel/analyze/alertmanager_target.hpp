#pragma once
// Delivers to one Alertmanager: POST BASE/api/v2/alerts, at most 256 alerts a request (as Prometheus
// batches), with an optional bearer token.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "netkeel/analyze/notification_target.hpp"
#include "netkeel/http/http_client.hpp"

namespace netkeel::analyze {

inline constexpr std::size_t kAlertmanagerMaxBatch = 256;

class AlertmanagerTarget final : public NotificationTarget {
 public:
  // `base_url`: the Alertmanager as its users open it, e.g. "http://am1:9093" (a path prefix such as
  // "http://proxy/alertmanager" is kept; a trailing '/' is not).
  AlertmanagerTarget(std::shared_ptr<http::HttpClient> client, std::string base_url, std::chrono::milliseconds timeout,
                     std::optional<std::string> bearer_token = std::nullopt);

  DestinationKind kind() const override { return DestinationKind::alertmanager; }
  const std::string& url() const override { return base_url_; }
  DeliveryResult deliver(const std::vector<OutgoingAlert>& alerts) override;

 private:
  std::shared_ptr<http::HttpClient> client_;
  std::string base_url_;
  std::string post_url_;
  std::chrono::milliseconds timeout_;
  std::optional<std::string> bearer_token_;
};

}  // namespace netkeel::analyze
