#include "netkeel/analyze/notification_destinations.hpp"

#include <gtest/gtest.h>

#include "netkeel/core/error.hpp"

namespace netkeel::analyze {
namespace {

std::string refusal(const std::string& url, bool alertmanager_base = true) {
  try {
    check_notification_url("--alertmanager", url, alertmanager_base);
  } catch (const UsageError& error) {
    return error.what();
  }
  return "";
}

TEST(CheckNotificationUrl, AcceptsBaseUrls) {
  for (const char* url : {"http://am1:9093", "https://am.example/", "http://[::1]:9093", "http://proxy/alertmanager"}) {
    EXPECT_EQ(refusal(url), "") << url;
  }
  EXPECT_EQ(refusal("http://hooks.example/x?token=1", false), "");  // a webhook URL is used as given
}

TEST(CheckNotificationUrl, RefusesNamingTheFlagAndTheFix) {
  const struct {
    const char* url;
    const char* message;
  } cases[] = {
      {"am1:9093", "--alertmanager am1:9093: not an http:// or https:// URL; give one such as http://alertmanager.example:9093"},
      {"http://", "--alertmanager http://: has no host; give HOST or HOST:PORT after the scheme"},
      {"http://:9093", "--alertmanager http://:9093: has no host; give HOST or HOST:PORT after the scheme"},
      {"http://am 1:9093", "--alertmanager http://am 1:9093: holds a space or control character; percent-encode it (%20)"},
      {"http://u:p@am:9093",
       "--alertmanager http://u:p@am:9093: holds credentials; leave user:password out of the URL (an Alertmanager "
       "takes --alertmanager-token-file)"},
      {"http://am:9093/api/v2/alerts",
       "--alertmanager http://am:9093/api/v2/alerts: ends in /api/v2/alerts; give the Alertmanager's base URL (netkeel "
       "posts to BASE/api/v2/alerts itself)"},
      {"http://am:9093/api/v1/", "--alertmanager http://am:9093/api/v1/: ends in /api/v1; give the Alertmanager's base URL "
                                 "(netkeel posts to BASE/api/v2/alerts itself)"},
      {"http://am:9093/?x", "--alertmanager http://am:9093/?x: has a query or fragment; give the base URL only"},
  };
  for (const auto& c : cases) EXPECT_EQ(refusal(c.url), c.message);
}

TEST(MakeNotificationTargets, OnePerUrlInFlagOrder) {
  NotificationDestinations destinations;
  destinations.alertmanagers = {"http://am1:9093", "http://am2:9093"};
  destinations.webhooks = {"http://hook/"};
  const auto targets = make_notification_targets(destinations);
  ASSERT_EQ(targets.size(), 3u);
  EXPECT_EQ(targets[0]->kind(), DestinationKind::alertmanager);
  EXPECT_EQ(targets[1]->url(), "http://am2:9093");
  EXPECT_EQ(targets[2]->kind(), DestinationKind::webhook);
  EXPECT_EQ(targets[2]->url(), "http://hook/");
}

}  // namespace
}  // namespace netkeel::analyze
