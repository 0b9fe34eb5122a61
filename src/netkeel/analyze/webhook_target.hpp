#pragma once
// Delivers to one plain webhook: one POST of Alertmanager's webhook payload (version 4) per group of
// alerts (alertname, network) in each delivery.
#include <chrono>
#include <memory>
#include <string>

#include "netkeel/analyze/notification_target.hpp"
#include "netkeel/http/http_client.hpp"

namespace netkeel::analyze {

class WebhookTarget final : public NotificationTarget {
 public:
  // `url`: where to POST, used as given. `external_url`: the payload's externalURL (the netkeel server).
  WebhookTarget(std::shared_ptr<http::HttpClient> client, std::string url, std::string external_url,
                std::chrono::milliseconds timeout);

  DestinationKind kind() const override { return DestinationKind::webhook; }
  const std::string& url() const override { return url_; }
  DeliveryResult deliver(const std::vector<OutgoingAlert>& alerts) override;

 private:
  std::shared_ptr<http::HttpClient> client_;
  std::string url_;
  std::string external_url_;
  std::chrono::milliseconds timeout_;
};

}  // namespace netkeel::analyze
