#pragma once
// Where the server sends alerts, as its flags give it (--alertmanager, --webhook, --external-url,
// --alertmanager-token-file), checked, and turned into targets with their own HTTP clients.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netkeel/analyze/notification_target.hpp"

namespace netkeel::analyze {

struct NotificationDestinations {
  std::vector<std::string> alertmanagers;  // base URLs, e.g. http://am1:9093
  std::vector<std::string> webhooks;       // full URLs to POST to
  std::string external_url;                // the server as people reach it (links, externalURL)
  std::optional<std::string> alertmanager_bearer_token;
  std::chrono::milliseconds timeout{10'000};  // per request (Prometheus' Alertmanager timeout)
};

// Throws UsageError naming `flag`, the value and the expected form unless `url` is an absolute http(s)
// URL with a host and without spaces. `alertmanager_base`: also refuses a URL that already ends in the
// API path (netkeel adds /api/v2/alerts itself), a query string or a fragment.
void check_notification_url(std::string_view flag, const std::string& url, bool alertmanager_base);

// One target per URL, each with its own libcurl client.
std::vector<std::unique_ptr<NotificationTarget>> make_notification_targets(const NotificationDestinations& destinations);

}  // namespace netkeel::analyze
