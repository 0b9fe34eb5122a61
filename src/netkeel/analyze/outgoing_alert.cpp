#include "netkeel/analyze/outgoing_alert.hpp"

#include <fmt/format.h>

#include <cctype>

namespace netkeel::analyze {
namespace {

std::string valid_label_name(const std::string& name) {
  std::string valid = name.empty() ? "_" : name;
  for (char& c : valid) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
  }
  if (std::isdigit(static_cast<unsigned char>(valid.front()))) valid.insert(valid.begin(), '_');
  return valid;
}

void put(LabelSet& labels, const std::string& name, const std::string& value) {
  if (value.empty()) {
    labels.erase(name);
  } else {
    labels[name] = value;
  }
}

std::string lower_case(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string without_trailing_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

LabelSet alertmanager_labels(const Alert& alert) {
  LabelSet labels;
  for (const auto& [name, value] : alert.labels) put(labels, valid_label_name(name), value);
  put(labels, "alertname", alert.name);
  put(labels, "severity", to_string(alert.severity));
  put(labels, "network", alert.network);
  put(labels, "culprit_kind", alert.culprit.kind);
  put(labels, "culprit", alert.culprit.name);
  if (alert.culprit.confidence) put(labels, "confidence", fmt::format("{:.2f}", *alert.culprit.confidence));
  return labels;
}

OutgoingAlert to_outgoing_alert(const Alert& alert, const AlertLinks& links, std::int64_t ends_at_ms) {
  OutgoingAlert out;
  out.labels = alertmanager_labels(alert);
  put(out.annotations, "summary", alert.summary);
  put(out.annotations, "description", alert.description);
  if (alert.culprit.confidence) {
    put(out.annotations, "culprit", alert.culprit.kind + " " + alert.culprit.name);
    put(out.annotations, "confidence", fmt::format("{:.2f}: {}", *alert.culprit.confidence, alert.culprit.explains));
  }
  if (!links.runbook_base_url.empty()) {
    out.annotations["runbook_url"] = links.runbook_base_url + "#" + lower_case(alert.name);
  }
  out.starts_at_ms = alert.since_unix_ms;
  out.resolved = alert.state == AlertState::resolved;
  out.ends_at_ms = out.resolved && alert.ended_unix_ms ? *alert.ended_unix_ms : ends_at_ms;
  out.generator_url = without_trailing_slash(links.external_url) + "/api/v1/alerts";
  out.fingerprint = label_fingerprint(out.labels);
  return out;
}

}  // namespace netkeel::analyze
