#include "netkeel/analyze/notifier_counts.hpp"

namespace netkeel::analyze {
namespace {

void head(std::string& out, const char* name, const char* type, const char* help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void sample(std::string& out, const char* name, const std::string& labels, std::uint64_t value) {
  out.append(name).append(labels).append(" ").append(std::to_string(value)).append("\n");
}

}  // namespace

std::string render_notifier_metrics(const NotifierCounts& counts) {
  std::string out;
  const char* requests = "netkeel_server_alert_notifications_total";
  head(out, requests, "counter",
       "Notification requests (POSTs) to Alertmanagers and webhooks, by destination kind and result "
       "(docs/alerts.md, Sending alerts).");
  for (const auto& [kind, kind_counts] : {std::pair{"alertmanager", counts.alertmanager}, std::pair{"webhook", counts.webhook}}) {
    sample(out, requests, std::string("{kind=\"") + kind + "\",result=\"sent\"}", kind_counts.sent);
    sample(out, requests, std::string("{kind=\"") + kind + "\",result=\"failed\"}", kind_counts.failed);
  }
  const char* dropped = "netkeel_server_alert_notifications_dropped_total";
  head(out, dropped, "counter", "Alerts dropped because a destination's queue was full (the destination was away too long).");
  sample(out, dropped, "", counts.dropped);
  const char* length = "netkeel_server_alert_notification_queue_length";
  head(out, length, "gauge", "Alerts waiting to be delivered, all destinations together.");
  sample(out, length, "", counts.queue_length);
  const char* capacity = "netkeel_server_alert_notification_queue_capacity";
  head(out, capacity, "gauge", "The most alerts that may wait, all destinations together.");
  sample(out, capacity, "", counts.queue_capacity);
  return out;
}

}  // namespace netkeel::analyze
