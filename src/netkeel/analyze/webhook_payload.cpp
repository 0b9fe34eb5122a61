#include "netkeel/analyze/webhook_payload.hpp"

#include <map>

#include "netkeel/core/rfc3339_time.hpp"

namespace netkeel::analyze {
namespace {

// Go's %q for the printable strings label values are; control characters as \n, \t or \xNN.
std::string go_quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\x";
          out += kHex[(c >> 4) & 0xf];
          out += kHex[c & 0xf];
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// The pairs every alert of the group has with the same value.
LabelSet common(const std::vector<OutgoingAlert>& alerts, LabelSet OutgoingAlert::*field) {
  if (alerts.empty()) return {};
  LabelSet shared = alerts.front().*field;
  for (const auto& alert : alerts) {
    for (auto it = shared.begin(); it != shared.end();) {
      const auto found = (alert.*field).find(it->first);
      it = found == (alert.*field).end() || found->second != it->second ? shared.erase(it) : std::next(it);
    }
  }
  return shared;
}

nlohmann::json webhook_alert_json(const OutgoingAlert& alert) {
  return {{"status", alert.resolved ? "resolved" : "firing"},
          {"labels", alert.labels},
          {"annotations", alert.annotations},
          {"startsAt", format_rfc3339_ms(alert.starts_at_ms)},
          {"endsAt", alert.resolved ? format_rfc3339_ms(alert.ends_at_ms) : std::string(kGoZeroTime)},
          {"generatorURL", alert.generator_url},
          {"fingerprint", fingerprint_text(alert.fingerprint)}};
}

}  // namespace

std::vector<WebhookGroup> webhook_groups(const std::vector<OutgoingAlert>& alerts) {
  std::map<LabelSet, std::vector<OutgoingAlert>> by_labels;
  for (const auto& alert : alerts) {
    LabelSet group_labels;
    for (const char* name : {"alertname", "network"}) {
      if (const auto it = alert.labels.find(name); it != alert.labels.end()) group_labels.insert(*it);
    }
    by_labels[group_labels].push_back(alert);
  }
  std::vector<WebhookGroup> groups;
  for (auto& [labels, members] : by_labels) groups.push_back({labels, std::move(members)});
  return groups;
}

std::string webhook_group_key(const LabelSet& group_labels) {
  std::string key = "{}:{";
  for (auto it = group_labels.begin(); it != group_labels.end(); ++it) {
    if (it != group_labels.begin()) key += ", ";
    key += it->first + "=" + go_quoted(it->second);
  }
  return key + "}";
}

nlohmann::json webhook_payload(const WebhookGroup& group, const std::string& external_url) {
  bool any_firing = false;
  auto alerts = nlohmann::json::array();
  for (const auto& alert : group.alerts) {
    any_firing = any_firing || !alert.resolved;
    alerts.push_back(webhook_alert_json(alert));
  }
  return {{"receiver", kWebhookReceiver},
          {"status", any_firing ? "firing" : "resolved"},
          {"alerts", alerts},
          {"groupLabels", group.group_labels},
          {"commonLabels", common(group.alerts, &OutgoingAlert::labels)},
          {"commonAnnotations", common(group.alerts, &OutgoingAlert::annotations)},
          {"externalURL", external_url},
          {"version", "4"},
          {"groupKey", webhook_group_key(group.group_labels)},
          {"truncatedAlerts", 0}};
}

}  // namespace netkeel::analyze
