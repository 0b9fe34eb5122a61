#pragma once
// Alertmanager's webhook payload, version 4, for receivers that take webhooks without an Alertmanager in
// front: {receiver, status, alerts[{status, labels, annotations, startsAt, endsAt, generatorURL,
// fingerprint}], groupLabels, commonLabels, commonAnnotations, externalURL, version:"4", groupKey,
// truncatedAlerts}. Alerts are grouped by alertname and network, as a typical Alertmanager route does.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "netkeel/analyze/outgoing_alert.hpp"

namespace netkeel::analyze {

inline constexpr const char* kWebhookReceiver = "netkeel";

struct WebhookGroup {
  LabelSet group_labels;  // alertname, and network when the alerts have one
  std::vector<OutgoingAlert> alerts;
};

// Groups in order of their labels; alerts keep their order within a group.
std::vector<WebhookGroup> webhook_groups(const std::vector<OutgoingAlert>& alerts);

// As Alertmanager writes it for its root route: {}:{alertname="NetkeelHostDown", network="mgmt"}.
std::string webhook_group_key(const LabelSet& group_labels);

// As Alertmanager shows them, a firing alert's endsAt is Go's zero time (0001-01-01T00:00:00Z).
nlohmann::json webhook_payload(const WebhookGroup& group, const std::string& external_url);

}  // namespace netkeel::analyze
