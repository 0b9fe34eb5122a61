#pragma once
// The notifier's figures for the server's /metrics (docs/alerts.md, "Sending alerts"): requests by
// destination kind and outcome, alerts dropped from full queues, alerts waiting.
#include <cstdint>
#include <string>

namespace netkeel::analyze {

struct RequestCounts {
  std::uint64_t sent = 0;    // POSTs answered 2xx
  std::uint64_t failed = 0;  // POSTs with no answer or another status
};

struct NotifierCounts {
  RequestCounts alertmanager;
  RequestCounts webhook;
  std::uint64_t dropped = 0;         // alerts a full destination queue dropped
  std::uint64_t queue_length = 0;    // alerts waiting, all destinations together
  std::uint64_t queue_capacity = 0;  // their bound, all destinations together
};

// As Prometheus text: netkeel_server_alert_notifications_total{kind,result},
// netkeel_server_alert_notifications_dropped_total, netkeel_server_alert_notification_queue_length,
// netkeel_server_alert_notification_queue_capacity. Every series is shown from 0.
std::string render_notifier_metrics(const NotifierCounts& counts);

}  // namespace netkeel::analyze
