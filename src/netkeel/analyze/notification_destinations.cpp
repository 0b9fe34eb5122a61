#include "netkeel/analyze/notification_destinations.hpp"

#include <cctype>

#include "netkeel/analyze/alertmanager_target.hpp"
#include "netkeel/analyze/webhook_target.hpp"
#include "netkeel/core/error.hpp"

namespace netkeel::analyze {

void check_notification_url(std::string_view flag, const std::string& url, bool alertmanager_base) {
  const auto refuse = [&](const std::string& why, const std::string& fix) {
    throw UsageError(std::string(flag) + " " + url + ": " + why + "; " + fix);
  };
  std::size_t scheme_end = 0;
  if (url.rfind("http://", 0) == 0) {
    scheme_end = 7;
  } else if (url.rfind("https://", 0) == 0) {
    scheme_end = 8;
  } else {
    refuse("not an http:// or https:// URL", "give one such as http://alertmanager.example:9093");
  }
  for (char c : url) {
    if (std::isspace(static_cast<unsigned char>(c)) || std::iscntrl(static_cast<unsigned char>(c))) {
      refuse("holds a space or control character", "percent-encode it (%20)");
    }
  }
  const std::size_t host_end = url.find_first_of("/?#", scheme_end);
  const std::string authority = url.substr(scheme_end, host_end == std::string::npos ? std::string::npos : host_end - scheme_end);
  if (authority.empty() || authority.front() == ':') refuse("has no host", "give HOST or HOST:PORT after the scheme");
  if (authority.find('@') != std::string::npos) {
    refuse("holds credentials", "leave user:password out of the URL (an Alertmanager takes --alertmanager-token-file)");
  }
  if (!alertmanager_base) return;
  if (url.find_first_of("?#") != std::string::npos) refuse("has a query or fragment", "give the base URL only");
  std::string trimmed = url;
  while (!trimmed.empty() && trimmed.back() == '/') trimmed.pop_back();
  for (const std::string api : {"/api/v2/alerts", "/api/v1/alerts", "/api/v2", "/api/v1"}) {
    if (trimmed.size() >= api.size() && trimmed.compare(trimmed.size() - api.size(), api.size(), api) == 0) {
      refuse("ends in " + api, "give the Alertmanager's base URL (netkeel posts to BASE/api/v2/alerts itself)");
    }
  }
}

std::vector<std::unique_ptr<NotificationTarget>> make_notification_targets(const NotificationDestinations& destinations) {
  std::vector<std::unique_ptr<NotificationTarget>> targets;
  for (const auto& url : destinations.alertmanagers) {
    targets.push_back(std::make_unique<AlertmanagerTarget>(std::make_shared<http::CurlHttpClient>(), url, destinations.timeout,
                                                           destinations.alertmanager_bearer_token));
  }
  for (const auto& url : destinations.webhooks) {
    targets.push_back(std::make_unique<WebhookTarget>(std::make_shared<http::CurlHttpClient>(), url,
                                                      destinations.external_url, destinations.timeout));
  }
  return targets;
}

}  // namespace netkeel::analyze
