#pragma once
// One alert as it leaves netkeel, in Alertmanager's terms (the fields of POST /api/v2/alerts, plus the
// state and fingerprint a webhook payload shows), and how an engine Alert becomes one.
#include <cstdint>
#include <string>

#include "netkeel/analyze/alert.hpp"
#include "netkeel/analyze/label_fingerprint.hpp"

namespace netkeel::analyze {

// Where an alert's links point.
struct AlertLinks {
  // The server as people reach it, e.g. "http://netkeel.example:9948"; generatorURL is this +
  // "/api/v1/alerts".
  std::string external_url;
  // Where docs/alerts.md is published, e.g. "https://wiki.example/netkeel/alerts.md"; runbook_url is this
  // + "#" + the alert name in lower case (the anchor of its heading). Empty: no runbook_url annotation.
  std::string runbook_base_url;
};

struct OutgoingAlert {
  LabelSet labels;       // identity: alertname, severity, network, culprit_kind, culprit, the engine's labels
  LabelSet annotations;  // summary, description, runbook_url
  std::int64_t starts_at_ms = 0;
  std::int64_t ends_at_ms = 0;  // firing: when Alertmanager may assume it resolved if it hears nothing more
  std::string generator_url;
  bool resolved = false;
  std::uint64_t fingerprint = 0;  // label_fingerprint(labels)
  bool news = false;  // first send since it fired, fired again or resolved (false: a resend); for the log
};

// The label set Alertmanager sees. The record's own fields win over an engine label of the same name;
// labels with an empty value are left out (Prometheus treats them as absent), and a character a label
// name may not hold ([a-zA-Z_][a-zA-Z0-9_]*) becomes '_', so Alertmanager never refuses the batch.
LabelSet alertmanager_labels(const Alert& alert);

// `ends_at_ms`: the scheduler's choice for a firing alert; a resolved one ends when the record says.
OutgoingAlert to_outgoing_alert(const Alert& alert, const AlertLinks& links, std::int64_t ends_at_ms);

}  // namespace netkeel::analyze
